package ai.chaukas.spec.toolkit.integrity;

import java.util.Objects;

/**
 * A message has no canonical form under chaukas-hash-v1, so it cannot be hashed. The path names
 * the field with proto field names, indices in brackets and Struct keys after a dot (quoted when
 * they are not plain identifiers), as in {@code docs/validation.md}:
 * {@code llm_invocation.request.messages[1].score}; it is empty for the message as a whole.
 */
public final class CanonicalFormException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Why there is no canonical form. See {@code docs/integrity.md}, "What is refused". */
  public enum Problem {
    /** A double or float field, or a number inside a Struct, is NaN or ±infinity: JSON has no such number. */
    NOT_FINITE,
    /** A message holds fields its schema does not know; they would escape the hash. */
    UNKNOWN_FIELD,
    /** An enum field holds a number its enum does not define, so it has no name to print. */
    UNKNOWN_ENUM_VALUE,
    /** A string holds a lone UTF-16 surrogate, i.e. it is not valid Unicode and has no UTF-8 form. */
    INVALID_STRING,
    /** A Timestamp lies outside 0001-01-01T00:00:00Z … 9999-12-31T23:59:59.999999999Z. */
    INVALID_TIMESTAMP,
    /** A google.protobuf.Value has no kind set; proto3 JSON has no form for it. */
    VALUE_WITHOUT_KIND,
    /** A type chaukas-hash-v1 does not define a form for (Any outside Event.extensions, Duration, wrappers, FieldMask). */
    UNSUPPORTED_TYPE
  }

  private final Problem problem;
  private final String path;

  CanonicalFormException(Problem problem, String path, String detail) {
    super((path.isEmpty() ? "" : path + ": ") + detail);
    this.problem = Objects.requireNonNull(problem, "problem");
    this.path = path;
  }

  /** What is wrong. */
  public Problem problem() {
    return problem;
  }

  /** Where: the field path, empty for the message as a whole. */
  public String path() {
    return path;
  }
}
