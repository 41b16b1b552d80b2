package ai.chaukas.spec.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Text search (QRY-2): the same verdicts as a naive case-insensitive scan, in linear time. */
class EventFilterTest {

  /** The definition: some offset where {@link String#regionMatches(boolean, int, String, int, int)} holds. */
  private static boolean naive(String haystack, String needle) {
    for (int i = 0; i <= haystack.length() - needle.length(); i++) {
      if (haystack.regionMatches(true, i, needle, 0, needle.length())) {
        return true;
      }
    }
    return false;
  }

  @Test
  void agreesWithRegionMatchesIgnoringCase() {
    // Letters whose cases fold in unusual ways: dotted and dotless i, Kelvin sign, sharp s, sigma.
    String letters = "aAbBiI\u0130\u0131kK\u212A\u00DF\u03A3\u03C3\u03C2";
    Random random = new Random(7);
    for (int round = 0; round < 20_000; round++) {
      String haystack = random(random, letters, random.nextInt(20));
      String needle = random(random, letters, 1 + random.nextInt(4));
      assertThat(new EventFilter.Needle(needle).isIn(haystack))
          .as("%s in %s", needle, haystack)
          .isEqualTo(naive(haystack, needle));
    }
  }

  @Test
  void findsANeedleWhosePrefixRepeatsAfterAFalseStart() {
    assertThat(new EventFilter.Needle("AAB").isIn("xaaab")).isTrue();
    assertThat(new EventFilter.Needle("abab").isIn("ababab")).isTrue();
    assertThat(new EventFilter.Needle("abac").isIn("ababab")).isFalse();
    assertThat(new EventFilter.Needle("").isIn("")).isTrue();
  }

  private static String random(Random random, String letters, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(letters.charAt(random.nextInt(letters.length())));
    }
    return out.toString();
  }
}
