package ai.chaukas.spec.testkit.server;

import ai.chaukas.spec.common.v1.Event;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * A stored event, kept as its serialized bytes: one array per event instead of a graph of dozens of
 * objects, so a store of millions of events costs the garbage collector little. Queries parse it
 * back on demand.
 */
final class StoredEvent {

  private final byte[] bytes;

  /** Keeps {@code raw}, the event's bytes as received, or serializes {@code event} when null. */
  StoredEvent(Event event, byte[] raw) {
    this.bytes = raw != null ? raw : event.toByteArray();
  }

  /** The event, parsed from the stored bytes. */
  Event event() {
    try {
      return Event.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a stored event no longer parses", e);
    }
  }
}
