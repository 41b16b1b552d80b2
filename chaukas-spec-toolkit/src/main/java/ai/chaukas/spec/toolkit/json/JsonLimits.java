package ai.chaukas.spec.toolkit.json;

/**
 * Bounds on what the JSON decoders of this package accept, so that hostile or broken input ends in
 * a {@link JsonDecodeException} instead of a {@link StackOverflowError} or an {@link
 * OutOfMemoryError}. Immutable and thread-safe; {@link #defaults()} suits audit events.
 *
 * <ul>
 *   <li>{@link #maxDepth()} — nesting levels of JSON objects and arrays, the outermost object
 *       counting as one. Default {@value #DEFAULT_MAX_DEPTH}; at most {@value #MAX_DEPTH_CEILING},
 *       because the decoders recurse once per level and that many levels must fit a 512 KiB
 *       thread stack. The OpenAPI printer applies the same bound.
 *   <li>{@link #maxStringLength()} — characters in one string value or property name, as
 *       decoded. Enforced while the string is read, so that never more than about 2,000 characters
 *       beyond the limit are held. Default {@value #DEFAULT_MAX_STRING_LENGTH} (1 MiB). A
 *       number may have up to 1,023 characters, all the parser holds, far more than a double or an
 *       integer needs.
 *   <li>{@link #maxValues()} — JSON values in one decoded document or JSON Lines line, member names
 *       included. Default {@value #DEFAULT_MAX_VALUES}.
 *   <li>{@link #maxLineLength()} — characters in one line of JSON Lines input, which bounds the
 *       memory a {@link JsonLinesReader} uses. Default {@value #DEFAULT_MAX_LINE_LENGTH} (16 MiB).
 * </ul>
 *
 * <p>Together they bound the memory of one decode: at most {@link #maxValues()} values of about 165
 * bytes each, plus the characters of the strings, which in JSON Lines fit in one line.
 *
 * @since 1.0.5
 */
public final class JsonLimits {

  /** Default of {@link #maxDepth()}. */
  public static final int DEFAULT_MAX_DEPTH = 64;

  /** Largest accepted {@link #maxDepth()}. */
  public static final int MAX_DEPTH_CEILING = 500;

  /** Default of {@link #maxStringLength()}: 1 MiB characters. */
  public static final int DEFAULT_MAX_STRING_LENGTH = 1 << 20;

  /** Default of {@link #maxLineLength()}: 16 MiB characters. */
  public static final long DEFAULT_MAX_LINE_LENGTH = 16L << 20;

  /**
   * Default of {@link #maxValues()}: 131,072 (2^17). A decoded value costs up to about 165 bytes of
   * heap, measured with Java 17 (the larger figure of protobuf-java 3.25 and 4.36): 69 bytes for a
   * number in a ListValue, 93 for a one-character string, 77 for an empty object or array, 80 for
   * each of a name and a number in a Struct, 148 for each of an object, a name and an empty object
   * in {@code [{"a":{}}, …]}, and 165 for an empty Event in an EventBatch. So a decode at the limit
   * holds at most about 22 MB besides its strings, 1.3 times {@link #DEFAULT_MAX_LINE_LENGTH}, and
   * fits a JVM started with {@code -Xmx64m}. A typical event, a 2 KB model call, holds 154 values;
   * an EventBatch document of more than about 850 such events needs a higher limit.
   */
  public static final int DEFAULT_MAX_VALUES = 1 << 17;

  private static final JsonLimits DEFAULTS = builder().build();

  private final int maxDepth;
  private final int maxStringLength;
  private final long maxLineLength;
  private final int maxValues;

  private JsonLimits(Builder builder) {
    this.maxDepth = builder.maxDepth;
    this.maxStringLength = builder.maxStringLength;
    this.maxLineLength = builder.maxLineLength;
    this.maxValues = builder.maxValues;
  }

  /**
   * Returns the default limits: depth {@value #DEFAULT_MAX_DEPTH}, strings 1 MiB, lines 16 MiB,
   * {@value #DEFAULT_MAX_VALUES} values.
   *
   * @return the shared default instance
   */
  public static JsonLimits defaults() {
    return DEFAULTS;
  }

  /**
   * Starts a builder preset with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder preset with these limits.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder()
        .maxDepth(maxDepth)
        .maxStringLength(maxStringLength)
        .maxLineLength(maxLineLength)
        .maxValues(maxValues);
  }

  /**
   * Returns the deepest nesting of JSON objects and arrays accepted.
   *
   * @return nesting levels, the outermost object counting as one
   */
  public int maxDepth() {
    return maxDepth;
  }

  /**
   * Returns the longest string value or property name accepted.
   *
   * @return a length in UTF-16 characters
   */
  public int maxStringLength() {
    return maxStringLength;
  }

  /**
   * Returns the longest line a {@link JsonLinesReader} decodes; longer lines are skipped and
   * reported.
   *
   * @return a length in UTF-16 characters, without the line terminator
   */
  public long maxLineLength() {
    return maxLineLength;
  }

  /**
   * Returns how many JSON values one decode may read: one per object, array, string, number,
   * boolean and null, and one per member name, because a name costs about as much heap as a small
   * value. Values that are skipped count too. Exceeding it is a {@link JsonDecodeException} at the
   * path where it happened; a {@link JsonLinesReader} then skips the rest of the line.
   *
   * @return the number of values, member names included, in one document or JSON Lines line
   */
  public int maxValues() {
    return maxValues;
  }

  @Override
  public String toString() {
    return "JsonLimits{maxDepth=" + maxDepth + ", maxStringLength=" + maxStringLength
        + ", maxLineLength=" + maxLineLength + ", maxValues=" + maxValues + "}";
  }

  /** Builder of {@link JsonLimits}; starts from the defaults. */
  public static final class Builder {
    private int maxDepth = DEFAULT_MAX_DEPTH;
    private int maxStringLength = DEFAULT_MAX_STRING_LENGTH;
    private long maxLineLength = DEFAULT_MAX_LINE_LENGTH;
    private int maxValues = DEFAULT_MAX_VALUES;

    private Builder() {}

    /**
     * Sets the deepest nesting of JSON objects and arrays accepted.
     *
     * @param maxDepth 1 to {@value JsonLimits#MAX_DEPTH_CEILING}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxDepth(int maxDepth) {
      if (maxDepth < 1 || maxDepth > MAX_DEPTH_CEILING) {
        throw new IllegalArgumentException(
            "maxDepth must be between 1 and " + MAX_DEPTH_CEILING + ", was " + maxDepth);
      }
      this.maxDepth = maxDepth;
      return this;
    }

    /**
     * Sets the longest string value or property name accepted.
     *
     * @param maxStringLength at least 1, in UTF-16 characters
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxStringLength(int maxStringLength) {
      requirePositive("maxStringLength", maxStringLength);
      this.maxStringLength = maxStringLength;
      return this;
    }

    /**
     * Sets the longest JSON Lines line decoded.
     *
     * @param maxLineLength at least 1, in UTF-16 characters
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxLineLength(long maxLineLength) {
      requirePositive("maxLineLength", maxLineLength);
      this.maxLineLength = maxLineLength;
      return this;
    }

    /**
     * Sets how many JSON values, member names included, one decode may read.
     *
     * @param maxValues at least 1
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxValues(int maxValues) {
      requirePositive("maxValues", maxValues);
      this.maxValues = maxValues;
      return this;
    }

    private static void requirePositive(String name, long value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
    }

    /**
     * Builds the limits.
     *
     * @return an immutable {@link JsonLimits}
     */
    public JsonLimits build() {
      return new JsonLimits(this);
    }
  }
}
