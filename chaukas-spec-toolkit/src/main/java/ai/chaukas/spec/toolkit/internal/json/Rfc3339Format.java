package ai.chaukas.spec.toolkit.internal.json;

/**
 * A {@code google.protobuf.Timestamp} as the protobuf JSON mapping writes it, which is also the
 * canonical form's: UTC, {@code Z}, and 0, 3, 6 or 9 fractional digits.
 */
final class Rfc3339Format {

  /** Longest text: {@code 9999-12-31T23:59:59.999999999Z}. */
  static final int MAX_LENGTH = 30;

  private Rfc3339Format() {}

  /**
   * Writes the timestamp as ASCII into {@code out} at {@code pos} ({@link #MAX_LENGTH} bytes of
   * room); the caller has checked that it lies in 0001-01-01T00:00:00Z … 9999-12-31T23:59:59.999999999Z.
   *
   * @return the position after the text
   */
  static int write(long seconds, int nanos, byte[] out, int pos) {
    long epochDay = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian).
    long z = epochDay + 719_468;
    long era = Math.floorDiv(z, 146_097L);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long shiftedMonth = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
    int month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
    int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));

    pos = digits(year, 4, out, pos);
    out[pos++] = '-';
    pos = digits(month, 2, out, pos);
    out[pos++] = '-';
    pos = digits(day, 2, out, pos);
    out[pos++] = 'T';
    pos = digits(secondOfDay / 3600, 2, out, pos);
    out[pos++] = ':';
    pos = digits(secondOfDay / 60 % 60, 2, out, pos);
    out[pos++] = ':';
    pos = digits(secondOfDay % 60, 2, out, pos);
    if (nanos != 0) {
      out[pos++] = '.';
      if (nanos % 1_000_000 == 0) {
        pos = digits(nanos / 1_000_000, 3, out, pos);
      } else if (nanos % 1_000 == 0) {
        pos = digits(nanos / 1_000, 6, out, pos);
      } else {
        pos = digits(nanos, 9, out, pos);
      }
    }
    out[pos++] = 'Z';
    return pos;
  }

  private static int digits(int value, int width, byte[] out, int pos) {
    for (int i = pos + width - 1; i >= pos; i--) {
      out[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return pos + width;
  }
}
