package ai.chaukas.spec.toolkit.integrity.merkle;

import ai.chaukas.spec.toolkit.Reason;
import java.util.Objects;

/**
 * What a verification found: success, or the first reason it failed, with a sentence for people.
 * Success has no reason: {@link #reason()} is null exactly when {@link #isVerified()} is true, so
 * the reasons stay the toolkit's one list of refusals ({@link Reason}), shared with the exceptions.
 *
 * @param reason why it failed: {@link Reason#MALFORMED}, {@link Reason#NO_TRUSTED_SIGNATURE},
 *     {@link Reason#BAD_SIGNATURE}, {@link Reason#INDEX_OUT_OF_RANGE},
 *     {@link Reason#WRONG_PATH_LENGTH}, {@link Reason#ROOT_MISMATCH} or
 *     {@link Reason#WORM_ID_MISMATCH}; null when verified
 * @param message what was checked or what is wrong
 * @since 1.0.5
 */
public record VerificationResult(Reason reason, String message) {

  /**
   * Checks the message is present.
   *
   * @param reason the failure, or null for a success
   * @param message the sentence
   */
  public VerificationResult {
    Objects.requireNonNull(message, "message");
  }

  /**
   * A success.
   *
   * @param message what was verified
   * @return a result without a reason
   */
  public static VerificationResult verified(String message) {
    return new VerificationResult(null, message);
  }

  /**
   * A failure.
   *
   * @param reason why
   * @param message what is wrong
   * @return the result
   */
  public static VerificationResult failed(Reason reason, String message) {
    return new VerificationResult(Objects.requireNonNull(reason, "reason"), message);
  }

  /**
   * Whether everything checked out.
   *
   * @return {@code reason() == null}
   */
  public boolean isVerified() {
    return reason == null;
  }

  /** {@code VERIFIED: message} or {@code REASON: message}. */
  @Override
  public String toString() {
    return (reason == null ? "VERIFIED" : reason.name()) + ": " + message;
  }
}
