package ai.chaukas.spec.toolkit.json;

import ai.chaukas.spec.toolkit.ChaukasException;
import ai.chaukas.spec.toolkit.FieldPath;
import ai.chaukas.spec.toolkit.Reason;

/**
 * A message that cannot be printed in a JSON form because it holds what that form cannot express.
 * It is the message that is bad, not the printer, so callers can report it as bad input. {@link
 * #reason()} says why: {@link Reason#NOT_FINITE} for a NaN or infinite number where the form has
 * only JSON numbers (any google.protobuf.Value; in the OpenAPI form also double and float fields),
 * and in the OpenAPI form also {@link Reason#UNKNOWN_ENUM_VALUE} and {@link Reason#INVALID_VALUE}
 * for enum numbers it has no name for, {@link Reason#INVALID_TIMESTAMP}, {@link
 * Reason#INVALID_VALUE} for an Any it cannot write, and {@link Reason#LIMIT_EXCEEDED} for nesting
 * deeper than the decoders accept.
 *
 * <p>{@link #path()} says where, as for {@link JsonDecodeException#path()}. {@link #getMessage()}
 * reads {@code metadata.ratio: number Infinity cannot be written as JSON: google.protobuf.Value
 * numbers must be finite}, with {@code $} for the root.
 *
 * @since 1.0.5
 */
public final class JsonPrintException extends ChaukasException {

  private static final long serialVersionUID = 1L;

  JsonPrintException(Reason reason, FieldPath path, String detail, Throwable cause) {
    super(reason, path, detail, (path.isRoot() ? "$" : path.toString()) + ": " + detail, cause);
  }
}
