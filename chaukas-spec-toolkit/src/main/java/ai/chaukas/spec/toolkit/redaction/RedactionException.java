package ai.chaukas.spec.toolkit.redaction;

import java.util.Objects;

/**
 * A path or a redaction request that cannot be honoured. The message starts with the path it is
 * about (normalized when it could be parsed, as written otherwise) and says what to do instead.
 * Nothing is changed when this is thrown: redaction works on copies.
 */
public final class RedactionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What kind of problem it is, for callers that handle some of them (e.g. skip missing paths). */
  public enum Kind {
    /** The path text does not follow the grammar; {@link #position()} says where. */
    SYNTAX,
    /** A name in the path is not a field of the message it is applied to. */
    UNKNOWN_FIELD,
    /** The path's shape does not fit the data: an index into an object, a name into a list, or a
     * step into a string, number, Timestamp or Any. */
    TYPE_MISMATCH,
    /** The path is well formed but this event has no value there (unset field, absent key, index
     * out of range, another {@code content} case). */
    MISSING,
    /** The method cannot be applied to the value found, e.g. masking a number field. */
    NOT_REDACTABLE,
    /** The path names a field that redaction must never change (ids, integrity, the record). */
    FORBIDDEN,
    /** No usable key for the {@code salt_id}. */
    NO_KEY,
    /** The event already records a redaction with another method or salt. */
    CONFLICT,
    /** The request itself is inconsistent, e.g. a {@code salt_id} with {@code mask}. */
    INVALID_REQUEST
  }

  /** The kind of problem. */
  private final Kind kind;
  /** The path concerned, or null. */
  private final String path;
  /** The offset of a syntax error, or -1. */
  private final int position;

  RedactionException(Kind kind, String path, int position, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.path = path;
    this.position = position;
  }

  static RedactionException at(Kind kind, RedactionPath path, String what) {
    return new RedactionException(kind, path.normalized(), -1, path.normalized() + ": " + what);
  }

  static RedactionException request(String what) {
    return new RedactionException(Kind.INVALID_REQUEST, null, -1, what);
  }

  /** The kind of problem. */
  public Kind kind() {
    return kind;
  }

  /**
   * The path concerned: the normalized form, or the text as given for {@link Kind#SYNTAX}; null
   * when the problem is not about one path.
   */
  public String path() {
    return path;
  }

  /** For {@link Kind#SYNTAX}, the 0-based character offset of the problem in the path; else -1. */
  public int position() {
    return position;
  }
}
