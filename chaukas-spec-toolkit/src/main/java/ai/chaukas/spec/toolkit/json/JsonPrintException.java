package ai.chaukas.spec.toolkit.json;

/**
 * A message that cannot be printed in a JSON form because it holds what that form cannot express,
 * such as a google.protobuf.Value number that is NaN or infinite (binary input can hold one; JSON
 * cannot). It is the message that is bad, not the printer, so callers can report it as bad input.
 *
 * <p>{@link #path()} says where, in the form of {@link JsonDecodeException#path()}: proto field
 * names, Struct and map keys after a dot, array indices in brackets. {@link #getMessage()} reads
 * {@code metadata.ratio: number Infinity cannot be written as JSON: google.protobuf.Value numbers
 * must be finite}.
 */
public final class JsonPrintException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Where the problem is; empty for the root. */
  private final String path;

  /** What is wrong, without the path. */
  private final String problem;

  JsonPrintException(String path, String problem, Throwable cause) {
    super((path.isEmpty() ? "$" : path) + ": " + problem, cause);
    this.path = path;
    this.problem = problem;
  }

  /**
   * Returns where in the message the problem is, e.g. {@code events[3].metadata.ratio}.
   *
   * @return the path; empty for the root message
   */
  public String path() {
    return path;
  }

  /**
   * Returns what is wrong, without the path.
   *
   * @return the problem description
   */
  public String problem() {
    return problem;
  }
}
