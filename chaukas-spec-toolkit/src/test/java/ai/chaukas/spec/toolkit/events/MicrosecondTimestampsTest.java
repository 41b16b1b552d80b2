package ai.chaukas.spec.toolkit.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MicrosecondTimestampsTest {

  @Test
  void truncatesTheClocksInstantToMicroseconds() {
    Clock clock = Clock.fixed(Instant.parse("2025-01-02T03:04:05.123456789Z"), ZoneOffset.UTC);

    Timestamp timestamp = MicrosecondTimestamps.now(clock);

    assertThat(timestamp.getSeconds())
        .isEqualTo(Instant.parse("2025-01-02T03:04:05Z").getEpochSecond());
    assertThat(timestamp.getNanos()).isEqualTo(123_456_000);
  }

  @Test
  void keepsWholeMicrosecondsUnchanged() {
    Instant instant = Instant.parse("2025-01-02T03:04:05.000001Z");

    assertThat(MicrosecondTimestamps.of(instant))
        .isEqualTo(Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(1_000).build());
  }

  @Test
  void truncatesTowardsThePastBefore1970() {
    Timestamp timestamp = MicrosecondTimestamps.of(Instant.parse("1969-12-31T23:59:59.999999999Z"));

    assertThat(timestamp.getSeconds()).isEqualTo(-1);
    assertThat(timestamp.getNanos()).isEqualTo(999_999_000);
  }

  @Test
  void alwaysYieldsWholeMicroseconds() {
    for (int nanos = 0; nanos < 5_000; nanos += 7) {
      Timestamp timestamp = MicrosecondTimestamps.of(Instant.ofEpochSecond(1_700_000_000L, nanos));
      assertThat(timestamp.getNanos() % 1_000).isZero();
      assertThat(timestamp.getNanos()).isEqualTo(nanos / 1_000 * 1_000);
    }
  }
}
