package ai.chaukas.spec.toolkit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UuidV7Test {

  private static final long MILLIS = Instant.parse("2025-11-25T12:34:56.789Z").toEpochMilli();
  private static final String LOWERCASE_CANONICAL =
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  private static Clock fixed(long millis) {
    return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }

  private static int compareUnsigned(UUID a, UUID b) {
    int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return high != 0
        ? high
        : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }

  private static long unixMillis(UUID uuid) {
    return uuid.getMostSignificantBits() >>> 16;
  }

  @Test
  void setsVersion7AndTheRfcVariantInTheCanonicalLowercaseForm() {
    UuidV7 ids = new UuidV7(fixed(MILLIS), new SplittableRandom(1));
    for (int i = 0; i < 1_000; i++) {
      UUID uuid = ids.nextUuid();
      assertThat(uuid.version()).isEqualTo(7);
      assertThat(uuid.variant()).isEqualTo(2);
      String id = ids.next();
      assertThat(id).matches(LOWERCASE_CANONICAL);
      assertThat(id.charAt(14)).isEqualTo('7');
      assertThat(id.charAt(19)).isIn('8', '9', 'a', 'b');
      assertThat(UuidV7.isValid(id)).isTrue();
    }
  }

  @Test
  void reproducesTheRfc9562ExampleBitForBit() {
    // RFC 9562 Appendix A.6: unix_ts_ms 0x017F22E279B0, rand_a 0xCC3, rand_b 0x18C4DC0C0C07398F.
    long counter = (0xCC3L << 30) | 0x18C4DC0CL;
    long[] draws = {counter << 22, 0x0C07398FL};
    int[] next = {0};
    RandomGenerator scripted = () -> draws[next[0]++];
    UuidV7 ids = new UuidV7(fixed(0x017F22E279B0L), scripted);

    assertThat(ids.next()).isEqualTo("017f22e2-79b0-7cc3-98c4-dc0c0c07398f");
  }

  @Test
  void timestampFieldIsTheClocksMillis() {
    for (long millis : new long[] {0L, 1L, MILLIS, (1L << 48) - 1}) {
      UuidV7 ids = new UuidV7(fixed(millis), new SplittableRandom(millis));
      assertThat(unixMillis(ids.nextUuid())).isEqualTo(millis);
    }
  }

  @Test
  void isStrictlyIncreasingWithinOneMillisecondAndKeepsTheClocksTimestamp() {
    UuidV7 ids = new UuidV7(fixed(MILLIS), new SplittableRandom(42));
    UUID previous = ids.nextUuid();
    String previousString = previous.toString();
    for (int i = 0; i < 100_000; i++) {
      UUID uuid = ids.nextUuid();
      String string = uuid.toString();
      assertThat(compareUnsigned(uuid, previous)).as("id %d as UUID", i).isPositive();
      assertThat(string).as("id %d as string", i).isGreaterThan(previousString);
      assertThat(unixMillis(uuid)).isEqualTo(MILLIS);
      previous = uuid;
      previousString = string;
    }
  }

  @Test
  void neverGoesBackwardsWhenTheClockDoes() {
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(MILLIS));
    UuidV7 ids = new UuidV7(clock, new SplittableRandom(7));
    UUID before = ids.nextUuid();

    clock.set(Instant.ofEpochMilli(MILLIS - 5_000));
    UUID during = ids.nextUuid();
    UUID during2 = ids.nextUuid();

    assertThat(unixMillis(during)).isEqualTo(MILLIS);
    assertThat(compareUnsigned(during, before)).isPositive();
    assertThat(compareUnsigned(during2, during)).isPositive();

    clock.set(Instant.ofEpochMilli(MILLIS + 3));
    UUID after = ids.nextUuid();
    assertThat(unixMillis(after)).isEqualTo(MILLIS + 3);
    assertThat(compareUnsigned(after, during2)).isPositive();
  }

  @Test
  void counterOverflowAdvancesTheTimestampVirtually() {
    // All-ones draws seed the counter at its maximum, so the second id in the same ms overflows.
    UuidV7 ids = new UuidV7(fixed(MILLIS), () -> -1L);
    UUID first = ids.nextUuid();
    UUID second = ids.nextUuid();
    UUID third = ids.nextUuid();

    assertThat(unixMillis(first)).isEqualTo(MILLIS);
    assertThat(unixMillis(second)).isEqualTo(MILLIS + 1);
    assertThat(unixMillis(third)).isEqualTo(MILLIS + 2);
    assertThat(compareUnsigned(second, first)).isPositive();
    assertThat(compareUnsigned(third, second)).isPositive();
  }

  @Test
  void newMillisecondReseedsTheCounter() {
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(MILLIS));
    // Draws: seed, tail, tail, then at the new millisecond seed, tail.
    long[] draws = {0L, 0L, 0L, 0x5555_5555_5555_5555L, 0L};
    int[] next = {0};
    UuidV7 ids = new UuidV7(clock, () -> draws[next[0]++]);
    ids.nextUuid(); // seed 0
    UUID second = ids.nextUuid(); // counter 1
    clock.set(Instant.ofEpochMilli(MILLIS + 1));
    UUID third = ids.nextUuid(); // reseeded from 0x5555...

    assertThat(second.getMostSignificantBits() & 0xFFF).isZero();
    assertThat((second.getLeastSignificantBits() >>> 32) & 0x3FFF_FFFFL).isEqualTo(1);
    long counter = 0x5555_5555_5555_5555L >>> 22;
    assertThat(third.getMostSignificantBits() & 0xFFF).isEqualTo(counter >>> 30);
    assertThat((third.getLeastSignificantBits() >>> 32) & 0x3FFF_FFFFL)
        .isEqualTo(counter & 0x3FFF_FFFFL);
  }

  @Test
  void isUniqueAndPerThreadMonotonicAcrossThreads() throws Exception {
    int threads = 4;
    int perThread = 100_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 3; round++) {
        // One millisecond and no randomness: only the counter, so only the lock, keeps ids apart.
        UuidV7 ids = new UuidV7(fixed(MILLIS), () -> 0L);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<UUID[]>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          Callable<UUID[]> task =
              () -> {
                go.await();
                UUID[] mine = new UUID[perThread];
                for (int i = 0; i < perThread; i++) {
                  mine[i] = ids.nextUuid();
                }
                return mine;
              };
          results.add(pool.submit(task));
        }
        go.countDown();
        Set<UUID> all = new HashSet<>();
        for (Future<UUID[]> result : results) {
          UUID[] mine = result.get();
          for (int i = 1; i < mine.length; i++) {
            assertThat(compareUnsigned(mine[i], mine[i - 1])).isPositive();
          }
          all.addAll(List.of(mine));
        }
        assertThat(all).hasSize(threads * perThread);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void rejectsAClockOutsideThe48BitRange() {
    assertThatThrownBy(() -> new UuidV7(fixed(-1), new SplittableRandom(1)).next())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fix the clock");
    assertThatThrownBy(() -> new UuidV7(fixed(1L << 48), new SplittableRandom(1)).next())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void isValidAcceptsVersion7InEitherCase() {
    assertThat(UuidV7.isValid("017f22e2-79b0-7cc3-98c4-dc0c0c07398f")).isTrue();
    assertThat(UuidV7.isValid("017F22E2-79B0-7CC3-98C4-DC0C0C07398F")).isTrue();
    assertThat(UuidV7.isValid("017f22e2-79b0-7cc3-b8c4-dc0c0c07398f")).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "017f22e2-79b0-4cc3-98c4-dc0c0c07398f", // version 4
        "017f22e2-79b0-7cc3-c8c4-dc0c0c07398f", // variant 0b110
        "017f22e2-79b0-7cc3-78c4-dc0c0c07398f", // variant 0b0
        "017f22e279b07cc398c4dc0c0c07398f", // no hyphens
        "017f22e2-79b0-7cc3-98c4-dc0c0c07398", // too short
        "017f22e2-79b0-7cc3-98c4-dc0c0c07398f0", // too long
        "017f22e2-79b0-7cc3-98c4-dc0c0c07398g", // not hex
        "{017f22e2-79b0-7cc3-98c4-dc0c0c07398f}",
        "span-1"
      })
  void isValidRejectsEverythingElse(String id) {
    assertThat(UuidV7.isValid(id)).isFalse();
  }

  @Test
  void isValidRejectsRandomVersion4Uuids() {
    assertThat(UuidV7.isValid(UUID.randomUUID().toString())).isFalse();
  }
}
