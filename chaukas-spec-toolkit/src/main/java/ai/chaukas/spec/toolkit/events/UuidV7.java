package ai.chaukas.spec.toolkit.events;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * A thread-safe generator of RFC 9562 version-7 UUIDs, the ids the Chaukas SDKs use for events,
 * spans, sessions and traces.
 *
 * <p>Layout (RFC 9562 §5.7 with the fixed bit-length dedicated counter of §6.2, method 1):
 *
 * <pre>
 *  48 bits  unix_ts_ms   milliseconds since 1970 from the clock
 *   4 bits  ver          0b0111
 *  12 bits  rand_a       high 12 bits of a 42-bit counter
 *   2 bits  var          0b10
 *  30 bits  rand_b       low 30 bits of the counter
 *  32 bits  rand_b       fresh random bits for every id
 * </pre>
 *
 * <p>The counter is seeded with 42 random bits at each new millisecond and incremented for every
 * further id in the same millisecond, so ids from one generator are strictly increasing (as strings
 * and as unsigned 128-bit numbers) while keeping at least 32 unguessable bits. The 42-bit counter
 * lets more than a million ids share one millisecond; if it ever overflows, the timestamp is advanced
 * by one millisecond virtually. If the clock goes backwards, the generator keeps the last timestamp
 * and goes on counting, so ids never go backwards either.
 *
 * <p>Ids from one instance are monotonic; ids from different instances are only unique.
 *
 * @since 1.0.5
 */
public final class UuidV7 {

  private static final long MAX_UNIX_TS_MS = (1L << 48) - 1;
  private static final int COUNTER_BITS = 42;
  private static final long COUNTER_MAX = (1L << COUNTER_BITS) - 1;
  private static final int COUNTER_LOW_BITS = 30;
  private static final long COUNTER_LOW_MASK = (1L << COUNTER_LOW_BITS) - 1;
  private static final long VERSION_7 = 0x7000L;
  private static final long VARIANT_RFC = 0x8000_0000_0000_0000L;
  private static final long RANDOM_TAIL_MASK = 0xFFFF_FFFFL;
  private static final Pattern V7 =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-7[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}");

  private final Clock clock;
  private final RandomGenerator random;

  // Guarded by this.
  private long lastMillis = -1;
  private long counter;

  /** Creates a generator reading {@link Clock#systemUTC()} and drawing from a {@link SecureRandom}. */
  public UuidV7() {
    this(Clock.systemUTC(), new SecureRandom());
  }

  /**
   * Creates a generator with the given time and randomness sources (inject fixed ones in tests).
   *
   * @param clock the source of the 48-bit millisecond timestamp
   * @param random the source of the counter seeds and random bits; it is only called while holding
   *     this generator's lock, so it need not be thread-safe itself
   */
  public UuidV7(Clock clock, RandomGenerator random) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Returns the next id in canonical form: 36 lowercase characters, 8-4-4-4-12.
   *
   * @return a new version-7 UUID string, greater than every earlier one from this generator
   * @throws IllegalStateException if the clock is before 1970 or after the year 10889
   */
  public String next() {
    return nextUuid().toString();
  }

  /**
   * Returns the next id as a {@link UUID}.
   *
   * <p>Note that {@link UUID#compareTo} compares signed halves; compare {@code
   * getMostSignificantBits()} and then {@code getLeastSignificantBits()} with {@link
   * Long#compareUnsigned} for the RFC order.
   *
   * @return a new version-7 UUID, greater (unsigned) than every earlier one from this generator
   * @throws IllegalStateException if the clock is before 1970 or after the year 10889
   */
  public UUID nextUuid() {
    long millis;
    long count;
    long tail;
    synchronized (this) {
      long now = clock.millis();
      if (now < 0 || now > MAX_UNIX_TS_MS) {
        throw new IllegalStateException(
            "clock reads " + now + " ms since 1970, outside UUIDv7's 48-bit range; fix the clock");
      }
      if (now > lastMillis) {
        lastMillis = now;
        counter = seed();
      } else if (counter < COUNTER_MAX) {
        counter++;
      } else {
        if (lastMillis == MAX_UNIX_TS_MS) {
          throw new IllegalStateException("UUIDv7 timestamp exhausted at the year 10889");
        }
        lastMillis++;
        counter = seed();
      }
      millis = lastMillis;
      count = counter;
      tail = random.nextLong() & RANDOM_TAIL_MASK;
    }
    long msb = (millis << 16) | VERSION_7 | (count >>> COUNTER_LOW_BITS);
    long lsb = VARIANT_RFC | ((count & COUNTER_LOW_MASK) << 32) | tail;
    return new UUID(msb, lsb);
  }

  /**
   * Tells whether {@code id} is a version-7, RFC-variant UUID in the 8-4-4-4-12 form (hex digits in
   * either case, as RFC 9562 §4 allows on input).
   *
   * <p>For tests and diagnostics only: the spec accepts any non-empty id, so validators must not
   * reject an event because its ids fail this check.
   *
   * @param id the string to check, may be {@code null}
   * @return {@code true} if it is a valid UUIDv7 string
   */
  public static boolean isValid(String id) {
    return id != null && V7.matcher(id).matches();
  }

  private long seed() {
    return random.nextLong() >>> (Long.SIZE - COUNTER_BITS);
  }
}
