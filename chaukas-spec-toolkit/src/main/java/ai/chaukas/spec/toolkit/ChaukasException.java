package ai.chaukas.spec.toolkit;

import java.util.Objects;

/**
 * The root of every exception the toolkit throws for input it refuses: a {@link Reason} code that
 * programs can match on, the {@link FieldPath} of the value concerned (the root when the problem is
 * not about one value), and a message for people that starts with the path.
 *
 * <p>Unchecked, like {@code io.grpc.StatusRuntimeException}: the failures are about values the
 * caller already holds (an event to hash, a path to apply, a line just read), they pass through
 * streams and lambdas, and applications handle them at one boundary (a request, a command).
 * Readers that go on after bad input ({@code JsonLinesReader}) report each failure as a value
 * instead of throwing it.
 *
 * @since 1.0.5
 */
public class ChaukasException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why. */
  private final Reason reason;
  /** Where; the root when not about one value. */
  private final transient FieldPath path;
  /** What is wrong, without the path. */
  private final String detail;

  /**
   * An exception whose message is {@code path: detail} ({@code detail} alone at the root).
   *
   * @param reason why
   * @param path where
   * @param detail what is wrong, for people
   * @param cause the underlying failure, or null
   */
  protected ChaukasException(Reason reason, FieldPath path, String detail, Throwable cause) {
    this(reason, path, detail, path.isRoot() ? detail : path + ": " + detail, cause);
  }

  /**
   * An exception with a message of its own.
   *
   * @param reason why
   * @param path where
   * @param detail what is wrong, without the path
   * @param message the whole message
   * @param cause the underlying failure, or null
   */
  protected ChaukasException(Reason reason, FieldPath path, String detail, String message,
      Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.path = Objects.requireNonNull(path, "path");
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  /**
   * Why the input was refused.
   *
   * @return the reason code
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Where the problem is.
   *
   * @return the path; {@link FieldPath#root()} when the problem is not about one value
   */
  public FieldPath path() {
    return path == null ? FieldPath.root() : path;
  }

  /**
   * What is wrong, without the path.
   *
   * @return the description
   */
  public String detail() {
    return detail;
  }
}
