package ai.chaukas.spec.toolkit;

/**
 * Why the toolkit refused something: the one list of reason codes that every
 * {@link ChaukasException} and every failed verification carries. Each code has a stable
 * {@link #id()} that programs may match on; the exception's message is for people.
 *
 * <p>Validation does not throw: its verdicts carry {@link
 * ai.chaukas.spec.toolkit.validation.Rule} ids, one per rule of {@code docs/validation.md}.
 *
 * @since 1.0.5
 */
public enum Reason {
  // --- input that cannot be read (JSON decoding, checkpoints, proofs) -------------------------
  /** The input is not well-formed: bad JSON or UTF-8, bad hex, not a checkpoint, a bad token. */
  MALFORMED("malformed"),
  /** The input names a field that the message's schema does not have. */
  UNKNOWN_FIELD("unknown-field"),
  /** An enum value (a name, or a number that must have a name) that its enum does not define. */
  UNKNOWN_ENUM_VALUE("unknown-enum-value"),
  /** A value of the wrong JSON type or shape for its field, or one protobuf cannot hold as given. */
  INVALID_VALUE("invalid-value"),
  /** The input is larger, deeper or longer than the configured limits allow. */
  LIMIT_EXCEEDED("limit-exceeded"),

  // --- no chaukas-hash-v1 canonical form ------------------------------------------------------
  /** A double or float, or a number inside a {@code Struct}, is NaN or an infinity. */
  NOT_FINITE("not-finite"),
  /** A string holds a lone UTF-16 surrogate: it is not valid Unicode and has no UTF-8 form. */
  INVALID_STRING("invalid-string"),
  /** A Timestamp lies outside 0001-01-01T00:00:00Z … 9999-12-31T23:59:59.999999999Z. */
  INVALID_TIMESTAMP("invalid-timestamp"),
  /** A {@code google.protobuf.Value} has no kind set; proto3 JSON has no form for it. */
  VALUE_WITHOUT_KIND("value-without-kind"),
  /** A type chaukas-hash-v1 defines no form for (Any outside extensions, Duration, wrappers). */
  UNSUPPORTED_TYPE("unsupported-type"),

  // --- redaction --------------------------------------------------------------------------------
  /** A redaction path does not follow the grammar. */
  SYNTAX("syntax"),
  /** The path's shape does not fit the data: an index into an object, a name into a list. */
  TYPE_MISMATCH("type-mismatch"),
  /** The path is well formed but this event has no value there. */
  MISSING("missing"),
  /** The method cannot be applied to the value found, e.g. masking a number. */
  NOT_REDACTABLE("not-redactable"),
  /** The path names a field that redaction must never change (ids, integrity, the record). */
  FORBIDDEN("forbidden"),
  /** No usable key for the {@code salt_id}. */
  NO_KEY("no-key"),
  /** The event already records a redaction with another method or salt. */
  CONFLICT("conflict"),
  /** The request itself is inconsistent, e.g. a {@code salt_id} with {@code mask}. */
  INVALID_REQUEST("invalid-request"),

  // --- checkpoints and proofs -----------------------------------------------------------------
  /** The checkpoint carries no signature by the trusted key (name and key id). */
  NO_TRUSTED_SIGNATURE("no-trusted-signature"),
  /** The trusted key's signature does not verify: the text was changed after signing. */
  BAD_SIGNATURE("bad-signature"),
  /** The leaf index is not below the tree size. */
  INDEX_OUT_OF_RANGE("index-out-of-range"),
  /** The proof has more or fewer hashes than a proof for these sizes and index has. */
  WRONG_PATH_LENGTH("wrong-path-length"),
  /** The hashes recomputed from the proof differ from the root hash (or hashes) given. */
  ROOT_MISMATCH("root-mismatch"),
  /** The event's {@code worm_proof_id} names another log or another leaf than the bundle. */
  WORM_ID_MISMATCH("worm-id-mismatch");

  private final String id;

  Reason(String id) {
    this.id = id;
  }

  /**
   * The stable id, e.g. {@code unknown-field}.
   *
   * @return the id
   */
  public String id() {
    return id;
  }
}
