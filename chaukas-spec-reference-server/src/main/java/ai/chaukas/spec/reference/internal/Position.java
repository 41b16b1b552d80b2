package ai.chaukas.spec.reference.internal;

import ai.chaukas.spec.toolkit.validation.SerializedEvent;
import com.google.protobuf.Timestamp;

/**
 * Where an event sits in the order of QRY-4: its timestamp, then its {@code event_id} in code point
 * order. Keys of each tenant's ordered index and the cursor a page token carries.
 *
 * @param seconds the timestamp's seconds
 * @param nanos the timestamp's nanos
 * @param eventId the event id; empty only for {@link #first(Timestamp)}
 */
public record Position(long seconds, int nanos, String eventId) implements Comparable<Position> {

  /** The position of {@code event}. */
  public static Position of(SerializedEvent event) {
    return new Position(event.timestampSeconds(), event.timestampNanos(), event.eventId());
  }

  /** The smallest position at {@code instant}: before every event with that timestamp. */
  public static Position first(Timestamp instant) {
    return new Position(instant.getSeconds(), instant.getNanos(), "");
  }

  @Override
  public int compareTo(Position other) {
    int bySeconds = Long.compare(seconds, other.seconds);
    if (bySeconds != 0) {
      return bySeconds;
    }
    int byNanos = Integer.compare(nanos, other.nanos);
    return byNanos != 0 ? byNanos : compareCodePoints(eventId, other.eventId);
  }

  /**
   * Compares by Unicode code points, which is the order of the UTF-8 bytes on the wire and of Go
   * and Python string comparison. {@link String#compareTo} compares UTF-16 units instead and puts
   * characters above U+FFFF (surrogate pairs) before U+E000..U+FFFF.
   */
  public static int compareCodePoints(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return codePointRank(x) - codePointRank(y);
      }
    }
    return a.length() - b.length();
  }

  /**
   * A rank of a UTF-16 unit that orders code points correctly at the first differing unit: surrogates
   * (which start code points above U+FFFF) move above U+E000..U+FFFF; everything else keeps its order.
   */
  private static int codePointRank(char c) {
    if (c >= 0xE000) {
      return c - 0x800;
    }
    if (c >= 0xD800) {
      return c + 0x2000;
    }
    return c;
  }
}
