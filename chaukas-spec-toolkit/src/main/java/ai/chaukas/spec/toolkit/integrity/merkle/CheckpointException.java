package ai.chaukas.spec.toolkit.integrity.merkle;

import java.util.Objects;

/**
 * A checkpoint that cannot be read or is not signed by the trusted key. The message names the
 * problem; {@link #reason()} classifies it as {@link VerificationResult.Reason#MALFORMED},
 * {@link VerificationResult.Reason#NO_TRUSTED_SIGNATURE} or
 * {@link VerificationResult.Reason#BAD_SIGNATURE}.
 */
public final class CheckpointException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the checkpoint was refused. */
  private final VerificationResult.Reason reason;

  /**
   * An exception.
   *
   * @param reason the classification
   * @param message what is wrong
   */
  public CheckpointException(VerificationResult.Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Why the checkpoint was refused.
   *
   * @return the classification
   */
  public VerificationResult.Reason reason() {
    return reason;
  }

  static CheckpointException malformed(String message) {
    return new CheckpointException(VerificationResult.Reason.MALFORMED, message);
  }
}
