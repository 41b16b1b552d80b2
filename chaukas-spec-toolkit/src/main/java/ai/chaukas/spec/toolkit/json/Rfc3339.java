package ai.chaukas.spec.toolkit.json;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;

/**
 * Reads RFC 3339 timestamps as the protobuf JSON mapping writes them, without the allocations of
 * {@code Timestamps.parse}; the range is that of {@code google.protobuf.Timestamp}: years 0001 to
 * 9999. The JSON writers of {@code internal.json} write them.
 */
final class Rfc3339 {

  private static final int[] POWERS_OF_TEN = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
  };

  private Rfc3339() {}

  /**
   * Parses {@code yyyy-mm-ddThh:mm:ss[.f{1,9}](Z|±hh:mm)}; with {@code zoneOptional} the zone may
   * be left out and then means UTC, as the Python SDK's file mode writes.
   *
   * @throws IllegalArgumentException with a description of what is wrong
   */
  static Timestamp parse(String text, boolean zoneOptional) {
    int length = text.length();
    if (length < 19
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':') {
      throw new IllegalArgumentException("expected yyyy-mm-ddThh:mm:ss");
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      throw new IllegalArgumentException("no such date");
    }
    if (hour > 23 || minute > 59 || second > 59) {
      throw new IllegalArgumentException("no such time of day");
    }
    int pos = 19;
    int nanos = 0;
    if (pos < length && text.charAt(pos) == '.') {
      int start = ++pos;
      while (pos < length && isDigit(text.charAt(pos))) {
        if (pos - start == 9) {
          throw new IllegalArgumentException("more than 9 fractional digits");
        }
        nanos = nanos * 10 + text.charAt(pos++) - '0';
      }
      if (pos == start) {
        throw new IllegalArgumentException("no digits after the decimal point");
      }
      nanos *= POWERS_OF_TEN[9 - (pos - start)];
    }
    long offsetSeconds = 0;
    if (pos == length) {
      if (!zoneOptional) {
        throw new IllegalArgumentException(
            "no time zone designator (add Z for UTC, or an offset like +01:00)");
      }
    } else {
      char zone = text.charAt(pos);
      if (zone == 'Z' && pos + 1 == length) {
        offsetSeconds = 0;
      } else if ((zone == '+' || zone == '-') && pos + 6 == length && text.charAt(pos + 3) == ':') {
        int offsetHours = digits(text, pos + 1, 2);
        int offsetMinutes = digits(text, pos + 4, 2);
        if (offsetHours > 23 || offsetMinutes > 59) {
          throw new IllegalArgumentException("no such zone offset");
        }
        offsetSeconds = (offsetHours * 3600L + offsetMinutes * 60L) * (zone == '+' ? 1 : -1);
      } else {
        throw new IllegalArgumentException("expected Z or an offset like +01:00 after the time");
      }
    }
    long seconds =
        daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    if (!Timestamps.isValid(seconds, nanos)) {
      throw new IllegalArgumentException("outside 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z");
    }
    return Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int digits(String text, int start, int count) {
    int value = 0;
    for (int i = start; i < start + count; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        throw new IllegalArgumentException("expected a digit at position " + (i + 1));
      }
      value = value * 10 + c - '0';
    }
    return value;
  }

  private static int daysInMonth(int year, int month) {
    if (month == 2) {
      boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
      return leap ? 29 : 28;
    }
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
  private static long daysFromCivil(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400L);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }
}
