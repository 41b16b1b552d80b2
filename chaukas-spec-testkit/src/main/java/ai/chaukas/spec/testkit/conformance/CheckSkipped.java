package ai.chaukas.spec.testkit.conformance;

/** A check cannot run with the suite's settings; the message says which setting would let it. */
final class CheckSkipped extends RuntimeException {

  private static final long serialVersionUID = 1L;

  CheckSkipped(String message) {
    super(message, null, false, false);
  }
}
