package ai.chaukas.spec.toolkit.redaction;

import java.util.Objects;

/**
 * Personal data found in one string: what kind, and where ({@code text.substring(start, end)},
 * offsets in UTF-16 code units as {@link String} counts them).
 *
 * @param category the kind of data
 * @param start the index of the first character
 * @param end the index after the last character
 * @since 1.0.5
 */
public record PiiMatch(PiiCategory category, int start, int end) {
  /** Checks the arguments. */
  public PiiMatch {
    Objects.requireNonNull(category, "category");
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("bad span " + start + ".." + end);
    }
  }
}
