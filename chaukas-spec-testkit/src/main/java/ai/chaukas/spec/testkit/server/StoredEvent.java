package ai.chaukas.spec.testkit.server;

import ai.chaukas.spec.common.v1.Event;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * A stored event, kept as the bytes it arrived in: no graph of dozens of objects per event for the
 * garbage collector to trace, and nothing serialized again. Usually a range of the received request,
 * which it keeps alive; a copy when the request was mostly events not stored (see {@code
 * EventStore}). Queries parse it back on demand.
 */
final class StoredEvent {

  private final ByteString bytes;

  StoredEvent(ByteString bytes) {
    this.bytes = bytes;
  }

  /** The event, parsed from the stored bytes. */
  Event event() {
    try {
      return Event.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a stored event no longer parses", e);
    }
  }

  /**
   * Whether {@code bytes} hold the same event: the same bytes, or bytes that parse to an equal
   * message (map entries may come in another order).
   */
  boolean sameContent(ByteString other) {
    if (bytes.equals(other)) {
      return true;
    }
    try {
      return event().equals(Event.parseFrom(other));
    } catch (InvalidProtocolBufferException e) {
      return false;
    }
  }
}
