package ai.chaukas.spec.toolkit.redaction;

import java.util.Objects;

/**
 * Personal data found in an event: what kind, the path of the string that holds it, and where in
 * that string ({@code start} inclusive, {@code end} exclusive, UTF-16 code units).
 *
 * @param category the kind of data
 * @param path the string value's path; {@code path().normalized()} is the RFC 9535 normalized path
 * @param start the index of the first character within the string
 * @param end the index after the last character
 * @since 1.0.5
 */
public record PiiFinding(PiiCategory category, RedactionPath path, int start, int end) {
  /** Checks the arguments. */
  public PiiFinding {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(path, "path");
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("bad span " + start + ".." + end);
    }
  }

  /** {@code $['message']['text'][12..29] email}. */
  @Override
  public String toString() {
    return path.normalized() + "[" + start + ".." + end + "] " + category.label();
  }
}
