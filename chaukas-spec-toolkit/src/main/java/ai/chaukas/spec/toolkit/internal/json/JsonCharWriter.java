package ai.chaukas.spec.toolkit.internal.json;

import java.util.Base64;

/**
 * JSON as characters appended to a {@link StringBuilder}, for printers whose output is text.
 * Strings are escaped by {@link JsonStrings}' table and, beyond ASCII, also U+2028 and U+2029 (so
 * the output is valid JavaScript too) and lone surrogates (so that reading the output back restores
 * the exact Java string rather than a replacement character). Numbers are written as Java's {@code
 * Double.toString} and {@code Float.toString} write them ({@code 1.0E21}), which every JSON reader
 * takes; {@link JsonByteWriter} writes the ECMAScript form instead. No whitespace. Not thread-safe.
 */
public final class JsonCharWriter {

  private final StringBuilder out;
  private final byte[] timestamp = new byte[Rfc3339Format.MAX_LENGTH];

  /**
   * A writer that appends to {@code out}.
   *
   * @param out where the JSON goes
   */
  public JsonCharWriter(StringBuilder out) {
    this.out = out;
  }

  /**
   * Writes one character of punctuation, such as a brace or a comma.
   *
   * @param c the character
   */
  public void put(char c) {
    out.append(c);
  }

  /**
   * Writes pre-rendered JSON, e.g. a member name written once as {@code "name":}.
   *
   * @param json JSON text
   */
  public void put(String json) {
    out.append(json);
  }

  /**
   * Writes {@code true} or {@code false}.
   *
   * @param value the boolean
   */
  public void bool(boolean value) {
    out.append(value);
  }

  /** Writes {@code null}. */
  public void nullValue() {
    out.append("null");
  }

  /**
   * Writes a JSON string.
   *
   * @param s the string; lone surrogates are escaped
   */
  public void string(String s) {
    appendString(out, s);
  }

  /**
   * Writes a finite double as {@link Double#toString(double)} does.
   *
   * @param d the number
   */
  public void number(double d) {
    out.append(d);
  }

  /**
   * Writes a finite float as {@link Float#toString(float)} does.
   *
   * @param f the number
   */
  public void number(float f) {
    out.append(f);
  }

  /**
   * Writes an integer in decimal digits.
   *
   * @param v any long
   */
  public void integer(long v) {
    out.append(v);
  }

  /**
   * Writes an unsigned 64-bit integer in decimal digits.
   *
   * @param v the bits of a uint64
   */
  public void unsignedInteger(long v) {
    out.append(Long.toUnsignedString(v));
  }

  /**
   * Writes bytes as a JSON string of standard base64 with padding.
   *
   * @param data the bytes
   */
  public void base64(byte[] data) {
    out.append('"').append(Base64.getEncoder().encodeToString(data)).append('"');
  }

  /**
   * Writes a timestamp as a JSON string: RFC 3339 in UTC with 0, 3, 6 or 9 fractional digits.
   *
   * @param seconds seconds since 1970-01-01T00:00:00Z, within years 0001 to 9999
   * @param nanos 0 to 999,999,999
   */
  public void timestamp(long seconds, int nanos) {
    int end = Rfc3339Format.write(seconds, nanos, timestamp, 0);
    out.append('"');
    for (int i = 0; i < end; i++) {
      out.append((char) timestamp[i]);
    }
    out.append('"');
  }

  /**
   * Appends {@code s} as a quoted JSON string, escaped as the class comment says.
   *
   * @param out where to append
   * @param s the string
   */
  public static void appendString(StringBuilder out, String s) {
    out.append('"');
    appendEscaped(out, s);
    out.append('"');
  }

  /**
   * Appends the characters of {@code s} escaped as inside a JSON string, without the quotes.
   *
   * @param out where to append
   * @param s the string
   */
  public static void appendEscaped(StringBuilder out, String s) {
    int length = s.length();
    int run = 0;
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c < 0x80 ? JsonStrings.ESCAPES[c] == 0 : c < '\u2028') {
        continue;
      }
      byte escape = c < 0x80 ? JsonStrings.ESCAPES[c] : needsEscape(s, i, c) ? (byte) 'u' : 0;
      if (escape == 0) {
        continue;
      }
      out.append(s, run, i).append('\\').append((char) escape);
      if (escape == 'u') {
        out.append((char) JsonStrings.HEX[c >> 12]).append((char) JsonStrings.HEX[(c >> 8) & 0xf])
            .append((char) JsonStrings.HEX[(c >> 4) & 0xf]).append((char) JsonStrings.HEX[c & 0xf]);
      }
      run = i + 1;
    }
    out.append(s, run, length);
  }

  /** Whether a character from U+2028 up is escaped: the line separators and lone surrogates. */
  private static boolean needsEscape(String s, int i, char c) {
    if (c == '\u2028' || c == '\u2029') {
      return true;
    }
    if (Character.isHighSurrogate(c)) {
      return !(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)));
    }
    if (Character.isLowSurrogate(c)) {
      return !(i > 0 && Character.isHighSurrogate(s.charAt(i - 1)));
    }
    return false;
  }
}
