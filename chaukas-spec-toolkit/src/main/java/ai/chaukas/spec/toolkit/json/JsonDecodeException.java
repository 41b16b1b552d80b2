package ai.chaukas.spec.toolkit.json;

/**
 * JSON input that cannot be turned into the requested message: malformed JSON or UTF-8, an unknown
 * field, enum value or content kind, a value of the wrong type, a value protobuf cannot hold as
 * given, or input beyond the {@link JsonLimits}.
 *
 * <p>Checked, because bad input is an expected outcome whenever JSON comes from outside; callers
 * should decide what to do with it, and a JSON Lines reader reports it per line.
 *
 * <p>{@link #path()} says where the problem is, in the form {@code events[3].tool_call.name}:
 * proto field names (snake_case, even where the input used the lowerCamelCase JSON name), Struct
 * and map keys after a dot (or as {@code ["key"]} when the key holds dots, brackets, quotes or
 * spaces), array indices in brackets. In the OpenAPI form the path follows the document, so the
 * Event payload is {@code content.name}. The root is the empty path, shown as {@code $} in the
 * message. {@link #getMessage()} reads {@code line 7: events[3].type: unknown enum value "FOO" for
 * chaukas.spec.common.v1.EventType (expected one of …)}, the line part only for JSON Lines input.
 */
public final class JsonDecodeException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Where the problem is; empty for the root. */
  private final String path;

  /** What is wrong, without path and line. */
  private final String problem;

  /** The JSON Lines line number, or -1. */
  private final long line;

  JsonDecodeException(String path, String problem, Throwable cause) {
    this(path, problem, -1, cause);
  }

  private JsonDecodeException(String path, String problem, long line, Throwable cause) {
    super(render(path, problem, line), cause);
    this.path = path;
    this.problem = problem;
    this.line = line;
  }

  private static String render(String path, String problem, long line) {
    String where = path.isEmpty() ? "$" : path;
    return line > 0 ? "line " + line + ": " + where + ": " + problem : where + ": " + problem;
  }

  /** Returns a copy of this exception that also names the JSON Lines line it came from. */
  JsonDecodeException atLine(long line) {
    return new JsonDecodeException(path, problem, line, getCause());
  }

  /**
   * Returns where in the input the problem is, e.g. {@code events[3].tool_call.name}.
   *
   * @return the path; empty for the root value
   */
  public String path() {
    return path;
  }

  /**
   * Returns what is wrong, without the path and line, e.g. {@code unknown field "foo" in
   * chaukas.spec.common.v1.Event}.
   *
   * @return the problem description
   */
  public String problem() {
    return problem;
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
