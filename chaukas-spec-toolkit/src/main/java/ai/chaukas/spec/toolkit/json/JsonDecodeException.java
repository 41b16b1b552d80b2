package ai.chaukas.spec.toolkit.json;

import ai.chaukas.spec.toolkit.ChaukasException;
import ai.chaukas.spec.toolkit.FieldPath;
import ai.chaukas.spec.toolkit.Reason;

/**
 * JSON input that cannot be turned into the requested message. {@link #reason()} says why:
 *
 * <ul>
 *   <li>{@link Reason#MALFORMED}: not JSON (or not UTF-8), or text after the value;
 *   <li>{@link Reason#UNKNOWN_FIELD}: a member that names no field, or an unknown content kind;
 *   <li>{@link Reason#UNKNOWN_ENUM_VALUE}: an enum name or number the enum does not define;
 *   <li>{@link Reason#INVALID_VALUE}: a value of the wrong type or shape, or one protobuf cannot
 *       hold as given (out of range, not base64, a field or oneof given twice, an Any type outside
 *       the registry);
 *   <li>{@link Reason#INVALID_STRING}: a string or name with an unpaired surrogate;
 *   <li>{@link Reason#INVALID_TIMESTAMP}: a Timestamp that is not RFC 3339 or out of its range;
 *   <li>{@link Reason#NOT_FINITE}: a google.protobuf.Value number beyond the range of a double;
 *   <li>{@link Reason#LIMIT_EXCEEDED}: input beyond the {@link JsonLimits}.
 * </ul>
 *
 * <p>Unchecked, like every {@link ChaukasException}; the codecs' {@code merge} methods declare it
 * so that callers see it, and a JSON Lines reader reports it per line as a value.
 *
 * <p>{@link #path()} says where the problem is, e.g. {@code events[3].tool_call.name}: proto field
 * names (snake_case, even where the input used the lowerCamelCase JSON name), array indices in
 * brackets, and map or Struct keys, which {@link FieldPath} writes after a dot when they are plain
 * identifiers and quoted in brackets otherwise ({@code metadata["user-id"]}). In the OpenAPI form
 * the path follows the document, so the Event payload is {@code content.name}. The root is shown
 * as {@code $} in the message. {@link #getMessage()} reads {@code line 7: events[3].type: unknown
 * enum value "FOO" for chaukas.spec.common.v1.EventType (expected one of …)}, the line part only
 * for JSON Lines input.
 *
 * @since 1.0.5
 */
public final class JsonDecodeException extends ChaukasException {

  private static final long serialVersionUID = 1L;

  /** The JSON Lines line number, or -1. */
  private final long line;

  JsonDecodeException(Reason reason, FieldPath path, String detail, Throwable cause) {
    this(reason, path, detail, -1, cause);
  }

  private JsonDecodeException(Reason reason, FieldPath path, String detail, long line, Throwable cause) {
    super(reason, path, detail, render(path, detail, line), cause);
    this.line = line;
  }

  private static String render(FieldPath path, String detail, long line) {
    String where = path.isRoot() ? "$" : path.toString();
    return line > 0 ? "line " + line + ": " + where + ": " + detail : where + ": " + detail;
  }

  /** Returns a copy of this exception that also names the JSON Lines line it came from. */
  JsonDecodeException atLine(long line) {
    return new JsonDecodeException(reason(), path(), detail(), line, getCause());
  }

  /**
   * Returns the 1-based JSON Lines line number of the bad input.
   *
   * @return the line number, or -1 when the input was not read as JSON Lines
   */
  public long line() {
    return line;
  }
}
