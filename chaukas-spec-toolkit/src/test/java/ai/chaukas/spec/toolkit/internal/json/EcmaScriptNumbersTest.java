package ai.chaukas.spec.toolkit.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EcmaScriptNumbersTest {

  /** RFC 8785 Appendix B: IEEE 754 bit pattern and the ECMAScript text. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0000000000000000, 0",
    "8000000000000000, 0",
    "0000000000000001, 5e-324",
    "8000000000000001, -5e-324",
    "7fefffffffffffff, 1.7976931348623157e+308",
    "ffefffffffffffff, -1.7976931348623157e+308",
    "4340000000000000, 9007199254740992",
    "c340000000000000, -9007199254740992",
    "4430000000000000, 295147905179352830000",
    "44b52d02c7e14af5, 9.999999999999997e+22",
    "44b52d02c7e14af6, 1e+23",
    "44b52d02c7e14af7, 1.0000000000000001e+23",
    "444b1ae4d6e2ef4e, 999999999999999700000",
    "444b1ae4d6e2ef4f, 999999999999999900000",
    "444b1ae4d6e2ef50, 1e+21",
    "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
    "3eb0c6f7a0b5ed8d, 0.000001",
    "41b3de4355555553, 333333333.3333332",
    "41b3de4355555554, 333333333.33333325",
    "41b3de4355555555, 333333333.3333333",
    "41b3de4355555556, 333333333.3333334",
    "41b3de4355555557, 333333333.33333343",
    "becbf647612f3696, -0.0000033333333333333333",
    "43143ff3c1cb0959, 1424953923781206.2"
  })
  void rfc8785AppendixB(String bits, String expected) {
    double d = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
    assertThat(EcmaScriptNumbers.toString(d)).isEqualTo(expected);
    assertThat(EcmaScriptNumbers.toStringExact(d)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "2.0, 2",
    "1e-7, 1e-7",
    "1e-6, 0.000001",
    "1.5e-7, 1.5e-7",
    "1e21, 1e+21",
    "1e20, 100000000000000000000",
    "-0.0, 0",
    "0.1, 0.1",
    "0.30000000000000004, 0.30000000000000004",
    "123456789.125, 123456789.125",
    "2.7299999999999996e-05, 0.000027299999999999996",
    "0.0000273, 0.0000273",
    "1.5e300, 1.5e+300",
    "-273.15, -273.15",
    "6.02214076e23, 6.02214076e+23",
    "9007199254740993, 9007199254740992",
    "2e-3, 0.002",
    "2.82879384806159E17, 282879384806159000",
    "4.9E-324, 5e-324",
    "1.0E23, 1e+23"
  })
  void examples(double d, String expected) {
    assertThat(EcmaScriptNumbers.toString(d)).isEqualTo(expected);
  }

  @Test
  void refusesNonFinite() {
    assertThatThrownBy(() -> EcmaScriptNumbers.toString(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EcmaScriptNumbers.toString(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The fast search and the exact one agree, and the text reads back as the same double. */
  @Test
  void fastPathAgreesWithExactSearch() {
    long seed = 20250601L;
    Random r = new Random(seed);
    for (int i = 0; i < 40_000; i++) {
      double d;
      switch (i % 4) {
        case 0:
          d = Double.longBitsToDouble(r.nextLong());
          break;
        case 1: // short decimals, the common case in events
          d = (r.nextInt(2_000_000) - 1_000_000) / Math.pow(10, r.nextInt(12));
          break;
        case 2: // results of arithmetic, often 16-17 digits
          d = r.nextInt(5000) * 1.5e-7 + r.nextDouble();
          break;
        default: // moderate magnitudes with random mantissas
          d = Double.longBitsToDouble((r.nextLong() & 0x800FFFFFFFFFFFFFL) | ((long) (1023 - 80 + r.nextInt(160)) << 52));
      }
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        continue;
      }
      String fast = EcmaScriptNumbers.toString(d);
      assertThat(fast).as("seed %d, bits %016x", seed, Double.doubleToRawLongBits(d))
          .isEqualTo(EcmaScriptNumbers.toStringExact(d));
      assertThat(Double.parseDouble(fast)).isEqualTo(d == 0 ? 0.0 : d);
    }
  }
}
