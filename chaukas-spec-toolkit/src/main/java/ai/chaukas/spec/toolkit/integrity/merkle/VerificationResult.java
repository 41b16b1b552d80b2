package ai.chaukas.spec.toolkit.integrity.merkle;

import java.util.Objects;

/**
 * What a verification found: {@link Reason#VERIFIED}, or the first reason it failed with a sentence
 * for people.
 *
 * @param reason why it failed, or {@link Reason#VERIFIED}
 * @param message what was checked or what is wrong
 */
public record VerificationResult(Reason reason, String message) {

  /** Outcomes of a verification. */
  public enum Reason {
    /** Everything checked out. */
    VERIFIED,
    /**
     * The input cannot be read or contradicts itself: not a checkpoint, bad hex or JSON, a bundle
     * whose tree size differs from its checkpoint's, an old tree larger than the new one.
     */
    MALFORMED,
    /** The checkpoint carries no signature by the trusted key (name and key id). */
    NO_TRUSTED_SIGNATURE,
    /** The trusted key's signature does not verify: the text was changed after signing. */
    BAD_SIGNATURE,
    /** The leaf index is not below the tree size. */
    INDEX_OUT_OF_RANGE,
    /** The proof has more or fewer hashes than a proof for these sizes and index has. */
    WRONG_PATH_LENGTH,
    /** The hashes recomputed from the proof differ from the root hash (or hashes) given. */
    ROOT_MISMATCH,
    /** The event's {@code worm_proof_id} names another log or another leaf than the bundle. */
    WORM_ID_MISMATCH
  }

  /**
   * Checks the parts are present.
   *
   * @param reason the outcome
   * @param message the sentence
   */
  public VerificationResult {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  /**
   * A success.
   *
   * @param message what was verified
   * @return a result with {@link Reason#VERIFIED}
   */
  public static VerificationResult verified(String message) {
    return new VerificationResult(Reason.VERIFIED, message);
  }

  /**
   * A failure.
   *
   * @param reason why, not {@link Reason#VERIFIED}
   * @param message what is wrong
   * @return the result
   */
  public static VerificationResult failed(Reason reason, String message) {
    if (reason == Reason.VERIFIED) {
      throw new IllegalArgumentException("a failure needs a reason other than VERIFIED");
    }
    return new VerificationResult(reason, message);
  }

  /**
   * Whether everything checked out.
   *
   * @return {@code reason() == VERIFIED}
   */
  public boolean isVerified() {
    return reason == Reason.VERIFIED;
  }

  /** {@code REASON: message}. */
  @Override
  public String toString() {
    return reason + ": " + message;
  }
}
