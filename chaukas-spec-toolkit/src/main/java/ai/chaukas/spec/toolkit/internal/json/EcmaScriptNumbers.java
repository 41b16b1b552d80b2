package ai.chaukas.spec.toolkit.internal.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * ECMAScript {@code Number.prototype.toString()} for finite doubles, as RFC 8785 §3.2.2.3 requires:
 * the shortest decimal that reads back as the same double (the closest one when several have that
 * length, the even one on a tie), printed without exponent for 1e-7 &lt; |x| &lt; 1e21 and as
 * {@code 1.5e+21} / {@code 1e-7} otherwise; {@code -0} prints {@code 0}.
 *
 * <p>{@link Double#toString} is not this: besides its different layout ({@code 1.0E21}), before
 * JDK 19 it sometimes prints more digits than needed. The digits here come from a fast exact search
 * for up to 15 significant digits (a candidate {@code s·10^q} with {@code s < 2^53} and
 * {@code |q| <= 22} converts to a double with one correctly rounded IEEE operation, so the
 * round-trip test is exact) and from {@link BigDecimal} for the rest (16 or 17 digits, or
 * magnitudes outside 1e-22 … 1e22).
 */
public final class EcmaScriptNumbers {

  /** Longest output: {@code -0.0000012345678901234567} (25 bytes). */
  static final int MAX_LENGTH = 32;

  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };
  private static final double TWO_POW_53 = 9007199254740992.0;

  private EcmaScriptNumbers() {}

  /**
   * The ECMAScript form of {@code d}.
   *
   * @param d a finite double
   * @return the text, e.g. {@code 1e+21}
   * @throws IllegalArgumentException for NaN and the infinities
   */
  public static String toString(double d) {
    byte[] out = new byte[MAX_LENGTH];
    int end = write(d, out, 0);
    return new String(out, 0, end, StandardCharsets.US_ASCII);
  }

  /**
   * Writes the ECMAScript form of the finite {@code d} into {@code out} at {@code pos} (at least
   * {@link #MAX_LENGTH} bytes of room) and returns the position after it.
   */
  static int write(double d, byte[] out, int pos) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("not a finite number: " + d);
    }
    if (d == 0) { // +0 and -0
      out[pos++] = '0';
      return pos;
    }
    if (d < 0) {
      out[pos++] = '-';
      d = -d;
    }
    if (d < TWO_POW_53 && d == Math.rint(d)) {
      // An integer below 2^53: its own digits are the shortest, and ES prints them plainly.
      return writeLong((long) d, out, pos);
    }
    long s = 0;
    int k = 0;
    boolean found = false;
    boolean needsMoreThan15 = false;
    int e10 = (int) Math.floor(Math.log10(d));
    // k runs so that round(d·10^k) has 0 or 1, then 2, 3, ... digits; the first k whose candidate
    // reads back as d gives the fewest digits. Up to 15 digits at most one candidate per k can
    // read back (the decimal grid is coarser than the double's rounding interval), and the
    // computed d·10^k is within 0.25 of the true one, so Math.round finds it.
    for (k = -e10 - 1; k >= -22 && k <= 22; k++) {
      double t = k >= 0 ? d * POW10[k] : d / POW10[-k];
      if (t >= 1e15) {
        needsMoreThan15 = true;
        break;
      }
      s = Math.round(t);
      if (s != 0) {
        double back = k >= 0 ? s / POW10[k] : s * POW10[-k];
        if (back == d) {
          found = true;
          break;
        }
      }
    }
    if (found) {
      while (s % 10 == 0) {
        s /= 10;
        k--;
      }
      byte[] digits = new byte[19];
      int len = 0;
      for (long v = s; v != 0; v /= 10) {
        digits[len++] = (byte) ('0' + (v % 10));
      }
      for (int i = 0, j = len - 1; i < j; i++, j--) {
        byte tmp = digits[i];
        digits[i] = digits[j];
        digits[j] = tmp;
      }
      return layout(digits, len, len - k, out, pos);
    }
    return slow(d, needsMoreThan15 ? 16 : 1, out, pos);
  }

  /** {@link #toString(double)} by the exact search alone, for tests of the fast path. */
  static String toStringExact(double d) {
    byte[] out = new byte[MAX_LENGTH];
    int pos = 0;
    if (d == 0) {
      return "0";
    }
    if (d < 0) {
      out[pos++] = '-';
      d = -d;
    }
    int end = slow(d, 1, out, pos);
    return new String(out, 0, end, StandardCharsets.US_ASCII);
  }

  /** The exact search: for each length, the decimals just below and above d. */
  private static int slow(double d, int fromDigits, byte[] out, int pos) {
    BigDecimal exact = new BigDecimal(d);
    for (int p = fromDigits; p <= 17; p++) {
      BigDecimal lo = exact.round(new MathContext(p, RoundingMode.FLOOR));
      BigDecimal hi = exact.round(new MathContext(p, RoundingMode.CEILING));
      boolean loOk = lo.doubleValue() == d;
      boolean hiOk = hi.doubleValue() == d;
      if (!loOk && !hiOk) {
        continue;
      }
      BigDecimal pick;
      if (loOk && hiOk && lo.compareTo(hi) != 0) {
        int c = exact.subtract(lo).compareTo(hi.subtract(exact));
        if (c != 0) {
          pick = c < 0 ? lo : hi;
        } else {
          pick = lo.unscaledValue().testBit(0) ? hi : lo;
        }
      } else {
        pick = loOk ? lo : hi;
      }
      pick = pick.stripTrailingZeros();
      byte[] digits = pick.unscaledValue().toString().getBytes(StandardCharsets.US_ASCII);
      int n = digits.length - pick.scale();
      return layout(digits, digits.length, n, out, pos);
    }
    throw new AssertionError("17 digits always identify a double: " + d);
  }

  /** ECMA-262 Number::toString steps for digits d1…dk and exponent n (value = 0.d1…dk × 10^n). */
  private static int layout(byte[] digits, int k, int n, byte[] out, int pos) {
    if (k <= n && n <= 21) {
      System.arraycopy(digits, 0, out, pos, k);
      pos += k;
      for (int i = k; i < n; i++) {
        out[pos++] = '0';
      }
    } else if (0 < n && n <= 21) {
      System.arraycopy(digits, 0, out, pos, n);
      pos += n;
      out[pos++] = '.';
      System.arraycopy(digits, n, out, pos, k - n);
      pos += k - n;
    } else if (-6 < n && n <= 0) {
      out[pos++] = '0';
      out[pos++] = '.';
      for (int i = n; i < 0; i++) {
        out[pos++] = '0';
      }
      System.arraycopy(digits, 0, out, pos, k);
      pos += k;
    } else {
      out[pos++] = digits[0];
      if (k > 1) {
        out[pos++] = '.';
        System.arraycopy(digits, 1, out, pos, k - 1);
        pos += k - 1;
      }
      out[pos++] = 'e';
      int e = n - 1;
      out[pos++] = (byte) (e < 0 ? '-' : '+');
      pos = writeLong(Math.abs(e), out, pos);
    }
    return pos;
  }

  /** Decimal digits of a non-negative long. */
  static int writeLong(long v, byte[] out, int pos) {
    if (v == 0) {
      out[pos++] = '0';
      return pos;
    }
    int len = 0;
    for (long t = v; t != 0; t /= 10) {
      len++;
    }
    int end = pos + len;
    for (int i = end - 1; i >= pos; i--) {
      out[i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    return end;
  }
}
