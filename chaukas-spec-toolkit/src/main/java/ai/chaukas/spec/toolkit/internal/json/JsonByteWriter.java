package ai.chaukas.spec.toolkit.internal.json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * JSON as UTF-8 bytes in a reusable buffer, in RFC 8785 (JCS) form: strings with {@link
 * JsonStrings}' minimal escaping and everything beyond ASCII as itself, numbers as ECMAScript
 * writes them, no whitespace. The caller writes the structure (braces, commas) with {@link #put(byte)}.
 *
 * <p>In digest mode each full buffer is fed to a {@link MessageDigest}, so output of any size is
 * hashed in constant memory and never copied; otherwise the buffer grows and {@link #toByteArray()}
 * returns what was written. Not thread-safe; one per thread can be reused for any number of
 * outputs.
 */
public final class JsonByteWriter {

  /**
   * Bytes {@link #string} must look at: what {@link JsonStrings#ESCAPES} escapes, and {@code ?},
   * which is how the JDK's encoder writes a lone surrogate.
   */
  private static final boolean[] STOP = new boolean[256];

  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] LONG_MIN = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

  static {
    for (int c = 0; c < JsonStrings.ESCAPES.length; c++) {
      STOP[c] = JsonStrings.ESCAPES[c] != 0;
    }
    STOP['?'] = true;
  }

  private byte[] buf;
  private int pos;
  private MessageDigest digest;

  /**
   * A writer that collects its output.
   *
   * @param capacity the initial buffer size; in digest mode, the size of each update
   */
  public JsonByteWriter(int capacity) {
    buf = new byte[capacity];
  }

  /**
   * Starts a new output, fed to {@code digest} as the buffer fills and at {@link #flush()}.
   *
   * @param digest where the bytes go; null to collect them in the buffer again
   */
  public void digestInto(MessageDigest digest) {
    this.digest = digest;
    pos = 0;
  }

  /** Drops what is buffered, e.g. after a refusal; bytes already fed to a digest stay there. */
  public void discard() {
    pos = 0;
  }

  /** In digest mode, feeds what is buffered to the digest; otherwise does nothing. */
  public void flush() {
    if (digest != null) {
      digest.update(buf, 0, pos);
      pos = 0;
    }
  }

  /**
   * What was written since the writer was created or last {@linkplain #discard() discarded}, in
   * collecting mode.
   *
   * @return a copy of the bytes
   */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }

  /**
   * Writes one byte of punctuation, such as a brace or a comma, or of pre-encoded ASCII.
   *
   * @param b the byte
   */
  public void put(byte b) {
    ensure(1);
    buf[pos++] = b;
  }

  /**
   * Writes pre-encoded JSON, e.g. a member name written once as {@code "name":}.
   *
   * @param bytes UTF-8 JSON text
   */
  public void put(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, pos, bytes.length);
    pos += bytes.length;
  }

  /**
   * Writes {@code true} or {@code false}.
   *
   * @param value the boolean
   */
  public void bool(boolean value) {
    put(value ? TRUE : FALSE);
  }

  /** Writes {@code null}. */
  public void nullValue() {
    put(NULL);
  }

  /**
   * Writes a JSON string in UTF-8, escaping only what {@link JsonStrings} escapes. A string with a
   * lone surrogate has no UTF-8 form: the output is then incomplete and must be discarded.
   *
   * @param s the string
   * @return -1, or the index of a lone surrogate in {@code s}
   */
  public int string(String s) {
    // The JDK's encoder is fast for the common ASCII and Latin-1 strings. Escapes only concern
    // bytes below 0x80, which in UTF-8 are always whole characters. The encoder writes a lone
    // surrogate as '?', so the first '?' makes us look for one.
    byte[] a = s.getBytes(StandardCharsets.UTF_8);
    put((byte) '"');
    boolean checked = false;
    int run = 0;
    for (int i = 0; i < a.length; i++) {
      byte b = a[i];
      if (!STOP[b & 0xff]) {
        continue;
      }
      if (b == '?') {
        if (!checked) {
          int lone = JsonStrings.loneSurrogate(s);
          if (lone >= 0) {
            return lone;
          }
          checked = true;
        }
        continue;
      }
      putRange(a, run, i - run);
      run = i + 1;
      ensure(6);
      byte escape = JsonStrings.ESCAPES[b];
      buf[pos++] = '\\';
      buf[pos++] = escape;
      if (escape == 'u') {
        buf[pos++] = '0';
        buf[pos++] = '0';
        buf[pos++] = JsonStrings.HEX[b >> 4];
        buf[pos++] = JsonStrings.HEX[b & 0xf];
      }
    }
    putRange(a, run, a.length - run);
    put((byte) '"');
    return -1;
  }

  /**
   * Writes a number as ECMAScript's {@code Number.prototype.toString()} does (RFC 8785 §3.2.2.3).
   *
   * @param d a finite double
   * @throws IllegalArgumentException for NaN and the infinities
   */
  public void number(double d) {
    ensure(EcmaScriptNumbers.MAX_LENGTH);
    pos = EcmaScriptNumbers.write(d, buf, pos);
  }

  /**
   * Writes an integer in decimal digits.
   *
   * @param v any long
   */
  public void integer(long v) {
    if (v == Long.MIN_VALUE) {
      put(LONG_MIN);
      return;
    }
    ensure(20);
    if (v < 0) {
      buf[pos++] = '-';
      v = -v;
    }
    pos = EcmaScriptNumbers.writeLong(v, buf, pos);
  }

  /**
   * Writes an unsigned 64-bit integer in decimal digits.
   *
   * @param v the bits of a uint64
   */
  public void unsignedInteger(long v) {
    if (v >= 0) {
      integer(v);
      return;
    }
    ensure(20);
    // Halving first keeps the division in the signed range: (v >>> 1) / 5 is v / 10 unsigned.
    long quotient = (v >>> 1) / 5;
    pos = EcmaScriptNumbers.writeLong(quotient, buf, pos);
    buf[pos++] = (byte) ('0' + (v - quotient * 10));
  }

  /**
   * Writes bytes as a JSON string of standard base64 with padding.
   *
   * @param data the bytes
   */
  public void base64(byte[] data) {
    put((byte) '"');
    put(Base64.getEncoder().encode(data));
    put((byte) '"');
  }

  /**
   * Writes a timestamp as a JSON string: RFC 3339 in UTC with 0, 3, 6 or 9 fractional digits.
   *
   * @param seconds seconds since 1970-01-01T00:00:00Z, within years 0001 to 9999
   * @param nanos 0 to 999,999,999
   */
  public void timestamp(long seconds, int nanos) {
    ensure(Rfc3339Format.MAX_LENGTH + 2);
    buf[pos++] = '"';
    pos = Rfc3339Format.write(seconds, nanos, buf, pos);
    buf[pos++] = '"';
  }

  private void putRange(byte[] a, int off, int len) {
    while (len > 0) {
      if (pos == buf.length) {
        ensure(1);
      }
      int n = Math.min(len, buf.length - pos);
      System.arraycopy(a, off, buf, pos, n);
      pos += n;
      off += n;
      len -= n;
    }
  }

  /** Makes room for {@code n} bytes: by feeding the digest when there is one, else by growing. */
  private void ensure(int n) {
    if (buf.length - pos >= n) {
      return;
    }
    if (digest != null) {
      digest.update(buf, 0, pos);
      pos = 0;
      if (buf.length >= n) {
        return;
      }
    }
    buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
  }
}
