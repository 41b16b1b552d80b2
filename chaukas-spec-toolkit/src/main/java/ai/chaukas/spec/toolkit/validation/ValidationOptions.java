package ai.chaukas.spec.toolkit.validation;

/**
 * What the validator requires beyond the spec's own rules, and its size limits. Immutable; start
 * from {@link #defaults()} or {@link #builder()}.
 *
 * @param requireTenant whether {@code tenant_id} must be set (rule {@code tenant-required})
 * @param requireProject whether {@code project_id} must be set (rule {@code project-required})
 * @param maxIdLength longest identifier, in UTF-16 characters (rule {@code id-length})
 * @param maxStringLength longest other string, in UTF-16 characters (rule {@code string-length})
 * @param maxRepeatedCount most elements of one repeated field or list (rule {@code repeated-count})
 * @param maxStructDepth deepest nesting of a {@code Struct} (rule {@code struct-depth}); a flat
 *     object is depth 1
 * @param maxStructValues most values in one {@code Struct} tree (rule {@code struct-size})
 * @param maxBatchEvents most events in one batch (rule {@code batch-size})
 * @since 1.0.5
 */
public record ValidationOptions(
    boolean requireTenant,
    boolean requireProject,
    int maxIdLength,
    int maxStringLength,
    int maxRepeatedCount,
    int maxStructDepth,
    int maxStructValues,
    int maxBatchEvents) {

  /** Default identifier limit: 256 characters. */
  public static final int DEFAULT_MAX_ID_LENGTH = 256;
  /** Default string limit: 1,048,576 characters. */
  public static final int DEFAULT_MAX_STRING_LENGTH = 1 << 20;
  /** Default repeated-field limit: 1,000 elements. */
  public static final int DEFAULT_MAX_REPEATED_COUNT = 1_000;
  /** Default Struct depth limit: 32 levels. */
  public static final int DEFAULT_MAX_STRUCT_DEPTH = 32;
  /** Default Struct size limit: 10,000 values. */
  public static final int DEFAULT_MAX_STRUCT_VALUES = 10_000;
  /** Default batch limit: 10,000 events. */
  public static final int DEFAULT_MAX_BATCH_EVENTS = 10_000;

  private static final ValidationOptions DEFAULTS = builder().build();

  public ValidationOptions {
    positive("maxIdLength", maxIdLength);
    positive("maxStringLength", maxStringLength);
    positive("maxRepeatedCount", maxRepeatedCount);
    positive("maxStructDepth", maxStructDepth);
    positive("maxStructValues", maxStructValues);
    positive("maxBatchEvents", maxBatchEvents);
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  /** Tenant and project optional, every limit at its default. */
  public static ValidationOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.requireTenant = requireTenant;
    b.requireProject = requireProject;
    b.maxIdLength = maxIdLength;
    b.maxStringLength = maxStringLength;
    b.maxRepeatedCount = maxRepeatedCount;
    b.maxStructDepth = maxStructDepth;
    b.maxStructValues = maxStructValues;
    b.maxBatchEvents = maxBatchEvents;
    return b;
  }

  /** Builds {@link ValidationOptions}. */
  public static final class Builder {
    private boolean requireTenant;
    private boolean requireProject;
    private int maxIdLength = DEFAULT_MAX_ID_LENGTH;
    private int maxStringLength = DEFAULT_MAX_STRING_LENGTH;
    private int maxRepeatedCount = DEFAULT_MAX_REPEATED_COUNT;
    private int maxStructDepth = DEFAULT_MAX_STRUCT_DEPTH;
    private int maxStructValues = DEFAULT_MAX_STRUCT_VALUES;
    private int maxBatchEvents = DEFAULT_MAX_BATCH_EVENTS;

    private Builder() {}

    /** Require {@code tenant_id} (a multi-tenant platform always does). */
    public Builder requireTenant(boolean require) {
      this.requireTenant = require;
      return this;
    }

    /** Require {@code project_id}. */
    public Builder requireProject(boolean require) {
      this.requireProject = require;
      return this;
    }

    /** Longest identifier, in UTF-16 characters. */
    public Builder maxIdLength(int max) {
      this.maxIdLength = max;
      return this;
    }

    /** Longest other string, in UTF-16 characters. */
    public Builder maxStringLength(int max) {
      this.maxStringLength = max;
      return this;
    }

    /** Most elements in one repeated field or Struct list. */
    public Builder maxRepeatedCount(int max) {
      this.maxRepeatedCount = max;
      return this;
    }

    /** Deepest Struct nesting. */
    public Builder maxStructDepth(int max) {
      this.maxStructDepth = max;
      return this;
    }

    /** Most values in one Struct tree. */
    public Builder maxStructValues(int max) {
      this.maxStructValues = max;
      return this;
    }

    /** Most events in one batch. */
    public Builder maxBatchEvents(int max) {
      this.maxBatchEvents = max;
      return this;
    }

    public ValidationOptions build() {
      return new ValidationOptions(
          requireTenant,
          requireProject,
          maxIdLength,
          maxStringLength,
          maxRepeatedCount,
          maxStructDepth,
          maxStructValues,
          maxBatchEvents);
    }
  }
}
