package ai.chaukas.spec.toolkit.validation;

import ai.chaukas.spec.common.v1.Event;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;

/**
 * An event in its wire bytes together with the verdict of {@link
 * EventValidator#validateSerialized(byte[], int, int)}, and the fields a receiver indexes by: id,
 * tenant and timestamp. A valid event is checked straight from its bytes, so it is parsed only if
 * {@link #event()} is called; an invalid one was parsed to name its violations.
 *
 * <p>Immutable, provided nobody changes the array it was read from.
 *
 * @since 1.0.5
 */
public final class SerializedEvent {

  private final ByteString bytes;
  private final String eventId;
  private final String tenantId;
  private final long timestampSeconds;
  private final int timestampNanos;
  private final List<Violation> violations;
  private final Event parsed;

  SerializedEvent(
      ByteString bytes,
      String eventId,
      String tenantId,
      long timestampSeconds,
      int timestampNanos,
      List<Violation> violations,
      Event parsed) {
    this.bytes = bytes;
    this.eventId = eventId;
    this.tenantId = tenantId;
    this.timestampSeconds = timestampSeconds;
    this.timestampNanos = timestampNanos;
    this.violations = violations;
    this.parsed = parsed;
  }

  /** The event's bytes: a view of the array it was read from, not a copy. */
  public ByteString bytes() {
    return bytes;
  }

  /** Whether the event breaks no rule. */
  public boolean isValid() {
    return violations.isEmpty();
  }

  /** Every violation, paths relative to the event; empty when it is valid. */
  public List<Violation> violations() {
    return violations;
  }

  /** {@code event_id}; empty when unset. */
  public String eventId() {
    return eventId;
  }

  /** {@code tenant_id}; empty when unset. */
  public String tenantId() {
    return tenantId;
  }

  /** {@code timestamp.seconds}; 0 when the timestamp is unset. */
  public long timestampSeconds() {
    return timestampSeconds;
  }

  /** {@code timestamp.nanos}; 0 when the timestamp is unset. */
  public int timestampNanos() {
    return timestampNanos;
  }

  /** The event, parsed from {@link #bytes()} unless it already was. */
  public Event event() {
    if (parsed != null) {
      return parsed;
    }
    try {
      return Event.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the bytes changed after they were validated", e);
    }
  }
}
