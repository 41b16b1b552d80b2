package ai.chaukas.spec.toolkit.integrity;

import ai.chaukas.spec.toolkit.ChaukasException;
import ai.chaukas.spec.toolkit.FieldPath;
import ai.chaukas.spec.toolkit.Reason;

/**
 * A message has no canonical form under chaukas-hash-v1, so it cannot be hashed. See {@code
 * docs/integrity.md}, "What is refused"; {@link #reason()} is one of:
 *
 * <ul>
 *   <li>{@link Reason#NOT_FINITE}: a double or float field, or a number inside a Struct, is NaN or
 *       ±infinity, which JSON has no number for;
 *   <li>{@link Reason#UNKNOWN_FIELD}: a message holds fields its schema does not know; they would
 *       escape the hash;
 *   <li>{@link Reason#UNKNOWN_ENUM_VALUE}: an enum field holds a number its enum does not define,
 *       so it has no name to print;
 *   <li>{@link Reason#INVALID_STRING}: a string holds a lone UTF-16 surrogate;
 *   <li>{@link Reason#INVALID_TIMESTAMP}: a Timestamp lies outside 0001-01-01T00:00:00Z …
 *       9999-12-31T23:59:59.999999999Z;
 *   <li>{@link Reason#VALUE_WITHOUT_KIND}: a google.protobuf.Value has no kind set;
 *   <li>{@link Reason#UNSUPPORTED_TYPE}: a type chaukas-hash-v1 defines no form for (Any outside
 *       Event.extensions, Duration, wrappers, FieldMask).
 * </ul>
 *
 * <p>{@link #path()} names the field, e.g. {@code llm_invocation.request.messages[1].score}; it is
 * the root for the message as a whole. The message is {@code path: detail}, or the detail alone at
 * the root.
 *
 * @since 1.0.5
 */
public final class CanonicalFormException extends ChaukasException {

  private static final long serialVersionUID = 1L;

  CanonicalFormException(Reason reason, FieldPath path, String detail) {
    super(reason, path, detail, null);
  }
}
