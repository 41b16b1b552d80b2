package ai.chaukas.spec.toolkit.redaction;

import ai.chaukas.spec.toolkit.ChaukasException;
import ai.chaukas.spec.toolkit.FieldPath;
import ai.chaukas.spec.toolkit.Reason;

/**
 * A path or a redaction request that cannot be honoured. The message starts with the path it is
 * about (normalized when it could be parsed, as written otherwise) and says what to do instead.
 * Nothing is changed when this is thrown: redaction works on copies.
 *
 * <p>{@link #reason()} says what kind of problem it is, for callers that handle some of them (e.g.
 * skip missing paths): {@link Reason#SYNTAX}, {@link Reason#UNKNOWN_FIELD}, {@link
 * Reason#TYPE_MISMATCH}, {@link Reason#MISSING}, {@link Reason#NOT_REDACTABLE}, {@link
 * Reason#FORBIDDEN}, {@link Reason#NO_KEY}, {@link Reason#CONFLICT} or {@link
 * Reason#INVALID_REQUEST}. {@link #path()} is the value concerned, the root when the problem is not
 * about one value or the text could not be parsed.
 *
 * @since 1.0.5
 */
public final class RedactionException extends ChaukasException {

  private static final long serialVersionUID = 1L;

  /** The offset of a syntax error, or -1. */
  private final int position;

  private RedactionException(Reason reason, FieldPath path, int position, String detail, String message) {
    super(reason, path, detail, message, null);
    this.position = position;
  }

  /** A problem with the value at {@code path}; the message starts with its normalized form. */
  static RedactionException at(Reason reason, FieldPath path, String what) {
    return new RedactionException(reason, path, -1, what, path.toNormalizedJsonPath() + ": " + what);
  }

  /** A problem that is not about one value: the request, the key or the event's record. */
  static RedactionException request(Reason reason, String what) {
    return new RedactionException(reason, FieldPath.root(), -1, what, what);
  }

  /** Path text that does not follow the grammar. */
  static RedactionException syntax(int position, String what) {
    return new RedactionException(Reason.SYNTAX, FieldPath.root(), position, what, what);
  }

  /** For {@link Reason#SYNTAX}, the 0-based character offset of the problem in the path; else -1. */
  public int position() {
    return position;
  }
}
