package ai.chaukas.spec.toolkit.redaction;

import java.util.Locale;

/**
 * The three redaction methods of {@code RedactionInfo.method}. One event records one method.
 *
 * @since 1.0.5
 */
public enum RedactionMethod {
  /** Replace a string (or any {@code Struct} value) with {@link Redactor#MASK}. */
  MASK("mask"),
  /**
   * Replace a string with {@code hmac-sha256:<64 lowercase hex>}, the HMAC-SHA256 of its UTF-8 bytes
   * under the key named by {@code salt_id}.
   */
  HASH("hash"),
  /** Remove the value: clear a field, remove a list element or a {@code Struct} key. */
  DROP("drop");

  private final String wireName;

  RedactionMethod(String wireName) {
    this.wireName = wireName;
  }

  /** The value written to {@code RedactionInfo.method}: {@code mask}, {@code hash} or {@code drop}. */
  public String wireName() {
    return wireName;
  }

  /**
   * The method whose {@link #wireName()} is {@code name} (exact, lowercase).
   *
   * @throws IllegalArgumentException for any other text
   */
  public static RedactionMethod fromWireName(String name) {
    for (RedactionMethod m : values()) {
      if (m.wireName.equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown redaction method '" + name + "'; use mask, hash or drop"
            + (name != null && !name.equals(name.toLowerCase(Locale.ROOT)) ? " (lowercase)" : ""));
  }
}
