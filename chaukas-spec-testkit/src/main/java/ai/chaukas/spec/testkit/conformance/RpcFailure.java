package ai.chaukas.spec.testkit.conformance;

import io.grpc.Status;
import java.util.Set;

/**
 * A call that a check needed to succeed failed. Codes that mean the server gave no answer to judge
 * make the check an {@link CheckResult.Status#ERROR}; any other code is the server's answer, and
 * the check {@link CheckResult.Status#FAIL}s.
 */
final class RpcFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private static final Set<Status.Code> NO_ANSWER =
      Set.of(
          Status.Code.UNAVAILABLE,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.CANCELLED,
          Status.Code.UNAUTHENTICATED,
          Status.Code.PERMISSION_DENIED);

  private final transient Status status;

  RpcFailure(String rpc, Status status) {
    super(rpc + " failed with " + describe(status), null, false, false);
    this.status = status;
  }

  /** The status the call failed with. */
  Status status() {
    return status;
  }

  /** Whether the code says the server gave no answer to judge (unreachable, too slow, refused). */
  boolean isNoAnswer() {
    return isNoAnswer(status);
  }

  static boolean isNoAnswer(Status status) {
    return NO_ANSWER.contains(status.getCode());
  }

  /** {@code CODE: description}, or just the code. */
  static String describe(Status status) {
    String description = status.getDescription();
    return description == null || description.isEmpty()
        ? status.getCode().name()
        : status.getCode() + ": " + description;
  }
}
