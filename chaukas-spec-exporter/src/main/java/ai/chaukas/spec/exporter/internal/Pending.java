package ai.chaukas.spec.exporter.internal;

import ai.chaukas.spec.common.v1.Event;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * One exported event on its way: the event or its bytes (whichever came first; the other is made
 * when a transport needs it), its place in export order, and its spool record, if any.
 */
public final class Pending {

  private final Event event;
  private final byte[] bytes;
  private final String eventId;
  private final int size;
  /** Position in export order; assigned once, when the event is queued. */
  long seq;
  /** The spool record holding it, or -1. */
  final long spoolId;

  /** An event as the caller exported it; {@code bytes} when it was serialized already, or null. */
  public Pending(Event event, byte[] bytes, long spoolId) {
    this.event = event;
    this.bytes = bytes;
    this.eventId = event.getEventId();
    this.size = bytes != null ? bytes.length : event.getSerializedSize();
    this.spoolId = spoolId;
  }

  /** An event read back from the spool. */
  public static Pending recovered(byte[] bytes, long spoolId) throws InvalidProtocolBufferException {
    return new Pending(Event.parseFrom(bytes), bytes, spoolId);
  }

  public String eventId() {
    return eventId;
  }

  /** The event's serialized size. */
  public int size() {
    return size;
  }

  public Event event() {
    return event;
  }

  /**
   * Writes the event as field {@code field} of a message: its bytes when it has them (spooled or
   * recovered), else the event serialized straight into {@code out} on a sender thread, with no
   * array of its own.
   */
  void writeTo(com.google.protobuf.CodedOutputStream out, int field) throws java.io.IOException {
    if (bytes != null) {
      out.writeByteArray(field, bytes);
    } else {
      out.writeMessage(field, event);
    }
  }
}
