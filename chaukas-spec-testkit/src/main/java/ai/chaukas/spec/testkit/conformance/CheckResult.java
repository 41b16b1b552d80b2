package ai.chaukas.spec.testkit.conformance;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one conformance {@link Check}.
 *
 * @param rule the rule of {@code docs/server-semantics.md} the check covers, e.g. {@code QRY-7}
 * @param name the check's name, unique within the suite, e.g. {@code pagesReturnEveryEventOnce}
 * @param status whether the server honoured the rule
 * @param detail for {@link Status#FAIL}, what the server did instead; for {@link Status#ERROR} and
 *     {@link Status#SKIPPED}, why the check could not decide; for {@link Status#PASS}, usually
 *     empty, or a note on what the check could not look at. One line.
 * @param took how long the check ran
 * @since 1.0.5
 */
public record CheckResult(String rule, String name, Status status, String detail, Duration took) {

  /** What a check found out. */
  public enum Status {
    /** The server honoured the rule in everything the check tried. */
    PASS,
    /** The server answered, and its answer breaks the rule; the detail says how. */
    FAIL,
    /**
     * The check got no answer to decide on: the server was unreachable, refused the credentials,
     * ran out of time ({@code UNAVAILABLE}, {@code UNAUTHENTICATED}, {@code PERMISSION_DENIED},
     * {@code DEADLINE_EXCEEDED}, {@code CANCELLED}) or something unexpected happened.
     */
    ERROR,
    /** The check did not run, for example because the limit it needs was not given. */
    SKIPPED
  }

  /**
   * Checks the components.
   *
   * @throws NullPointerException if any component is null
   */
  public CheckResult {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(took, "took");
  }

  /** Whether the server passed this check or the check was skipped: not a failure nor an error. */
  public boolean isOk() {
    return status == Status.PASS || status == Status.SKIPPED;
  }
}
