package ai.chaukas.spec.testkit.conformance;

/** The server broke the rule a check covers; the message says how, on one line. */
final class CheckFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  CheckFailure(String message) {
    super(message, null, false, false);
  }
}
