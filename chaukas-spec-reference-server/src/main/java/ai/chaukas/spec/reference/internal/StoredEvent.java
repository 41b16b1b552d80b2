package ai.chaukas.spec.reference.internal;

import ai.chaukas.spec.common.v1.Event;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;

/**
 * A stored event, kept as the bytes it arrived in: no graph of dozens of objects per event for the
 * garbage collector to trace, and nothing serialized again. Usually a range of the received request,
 * which it keeps alive; moved to a copy when the request was mostly events that were not stored (see
 * {@code EventStore#store}). Queries parse it back on demand.
 */
public final class StoredEvent {

  /** Replaced once at most, by an equal copy; readers see one or the other. */
  private volatile ByteString bytes;

  StoredEvent(ByteString bytes) {
    this.bytes = bytes;
  }

  /**
   * Copies the bytes to {@code target} at {@code offset} and keeps that copy instead, releasing the
   * array they were a view of.
   *
   * @return the offset after the copy
   */
  int moveTo(byte[] target, int offset) {
    ByteString current = bytes;
    current.copyTo(target, offset);
    bytes = UnsafeByteOperations.unsafeWrap(target, offset, current.size());
    return offset + current.size();
  }

  /** The event, parsed from the stored bytes. */
  public Event event() {
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
    ByteString bytes = this.bytes;
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
