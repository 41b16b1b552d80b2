package ai.chaukas.spec.reference.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The total order of QRY-4, event ids compared by code point. */
class PositionTest {

  @Test
  void ordersByTimestampThenEventId() {
    assertThat(new Position(1, 0, "z")).isLessThan(new Position(1, 1, "a"));
    assertThat(new Position(1, 999_999_999, "z")).isLessThan(new Position(2, 0, "a"));
    assertThat(new Position(-1, 0, "a")).isLessThan(new Position(0, 0, "a"));
    assertThat(new Position(1, 0, "a")).isLessThan(new Position(1, 0, "b"));
    assertThat(new Position(1, 0, "a")).isLessThan(new Position(1, 0, "ab"));
    assertThat(new Position(1, 0, "")).isLessThan(new Position(1, 0, "\u0000"));
  }

  @Test
  void eventIdsCompareLikeTheirUtf8Bytes() {
    List<String> ids =
        new ArrayList<>(
            List.of("a", "\u00e9", "\uE000", "\uFFFD", "\uFFFF", "\uD800\uDC00", "\uD83D\uDE00", "\uDBFF\uDFFF", "a\uD83D\uDE00", "a\uFFFD"));
    for (String x : ids) {
      for (String y : ids) {
        int byCodePoint = Integer.signum(Position.compareCodePoints(x, y));
        int byUtf8 = Integer.signum(Arrays.compareUnsigned(utf8(x), utf8(y)));
        assertThat(byCodePoint).as("%s vs %s", x, y).isEqualTo(byUtf8);
      }
    }
    // The case String.compareTo gets wrong.
    assertThat("\uD83D\uDE00".compareTo("\uFFFD")).isNegative();
    assertThat(new Position(1, 0, "\uD83D\uDE00")).isGreaterThan(new Position(1, 0, "\uFFFD"));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
