package ai.chaukas.spec.toolkit.events;

import com.google.protobuf.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Converts clock readings into protobuf {@link Timestamp}s truncated to whole microseconds, the
 * precision the Python SDK writes ({@code datetime} has microseconds), so events from both editions
 * compare and hash alike.
 *
 * @since 1.0.5
 */
public final class MicrosecondTimestamps {

  private static final int NANOS_PER_MICRO = 1_000;

  private MicrosecondTimestamps() {}

  /**
   * Returns the clock's current instant as a timestamp truncated to microseconds.
   *
   * @param clock the clock to read
   * @return a timestamp whose {@code nanos} is a multiple of 1000
   */
  public static Timestamp now(Clock clock) {
    return of(Objects.requireNonNull(clock, "clock").instant());
  }

  /**
   * Returns the instant as a timestamp truncated (towards the past) to microseconds.
   *
   * @param instant the instant to convert
   * @return a timestamp whose {@code nanos} is a multiple of 1000
   */
  public static Timestamp of(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    // Instant keeps nanos in [0, 999_999_999] even before 1970, so integer division truncates
    // towards the past, as Timestamp requires.
    int nanos = instant.getNano() / NANOS_PER_MICRO * NANOS_PER_MICRO;
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(nanos).build();
  }
}
