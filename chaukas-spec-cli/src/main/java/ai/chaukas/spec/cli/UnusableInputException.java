package ai.chaukas.spec.cli;

/** A file that cannot be read as Chaukas data at all; the message says what to do next. */
final class UnusableInputException extends Exception {
  private static final long serialVersionUID = 1L;

  UnusableInputException(String message) {
    super(message);
  }

  UnusableInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
