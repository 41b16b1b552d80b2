package ai.chaukas.spec.toolkit.validation;

/**
 * The validation rules, each with the stable id that violations, the CLI and server responses
 * carry. {@code docs/validation.md} describes every rule and its defaults.
 *
 * @since 1.0.5
 */
public enum Rule {
  /** {@code event_id} and {@code session_id} are non-empty; {@code timestamp} is set. */
  REQUIRED_FIELD("required-field"),
  /** {@code type} and {@code status} are not their {@code *_UNSPECIFIED} value. */
  REQUIRED_ENUM("required-enum"),
  /** Enum fields hold values defined by spec v1, not unknown numbers. */
  KNOWN_ENUM("known-enum"),
  /** {@code tenant_id} is non-empty, when the validator is told to require it. */
  TENANT_REQUIRED("tenant-required"),
  /** {@code project_id} is non-empty, when the validator is told to require it. */
  PROJECT_REQUIRED("project-required"),
  /** The {@code content} case is one the event type allows. */
  CONTENT_TYPE_MATCH("content-type-match"),
  /** A {@code RETRY} event carries {@code retry}. */
  RETRY_INFO("retry-info"),
  /** A {@code SESSION_START} event has no {@code parent_span_id}. */
  SESSION_START_ROOT("session-start-root"),
  /** {@code content_hash} and {@code hash_prev}, when set, are 64 lowercase hex characters. */
  HASH_FORMAT("hash-format"),
  /** No NaN or infinity in any double field or {@code Struct} number. */
  FINITE_NUMBER("finite-number"),
  /** Counts, durations, costs and rates are not negative. */
  NON_NEGATIVE("non-negative"),
  /** Timestamps lie in 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999999Z. */
  TIMESTAMP_RANGE("timestamp-range"),
  /** Identifier fields are at most {@link ValidationOptions#maxIdLength()} characters. */
  ID_LENGTH("id-length"),
  /**
   * Identifier fields hold no control characters (C0, DEL, C1), bidirectional formatting
   * characters or line and paragraph separators, which would let an id change what a terminal or
   * log shows.
   */
  ID_CHARACTERS("id-characters"),
  /** Other strings, {@code Struct} keys and values included, are bounded in length. */
  STRING_LENGTH("string-length"),
  /** Repeated fields and {@code Struct} lists are bounded in count. */
  REPEATED_COUNT("repeated-count"),
  /** {@code Struct} and list nesting is bounded in depth. */
  STRUCT_DEPTH("struct-depth"),
  /** One {@code Struct} tree holds a bounded number of values. */
  STRUCT_SIZE("struct-size"),
  /** {@code redaction.method} is mask, hash or drop; hash names its key in {@code salt_id}. */
  REDACTION_METHOD("redaction-method"),
  /** A batch holds a bounded number of events. */
  BATCH_SIZE("batch-size");

  private final String id;

  Rule(String id) {
    this.id = id;
  }

  /** The stable id, e.g. {@code content-type-match}. */
  public String id() {
    return id;
  }

  /** The rule with this id. */
  public static Rule byId(String id) {
    for (Rule rule : values()) {
      if (rule.id.equals(id)) {
        return rule;
      }
    }
    throw new IllegalArgumentException("unknown rule id: " + id);
  }
}
