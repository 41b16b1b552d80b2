package ai.chaukas.spec.testkit.conformance;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
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

  /** The failed call is kept as the cause: it holds the status and the trailers with any details. */
  RpcFailure(String rpc, StatusRuntimeException failure) {
    super(rpc + " failed with " + describe(failure.getStatus()), failure, false, false);
  }

  /** The failed call. */
  StatusRuntimeException failure() {
    return (StatusRuntimeException) getCause();
  }

  /** Whether the code says the server gave no answer to judge (unreachable, too slow, refused). */
  boolean isNoAnswer() {
    return isNoAnswer(failure().getStatus());
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
