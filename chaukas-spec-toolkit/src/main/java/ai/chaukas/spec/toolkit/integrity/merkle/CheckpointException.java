package ai.chaukas.spec.toolkit.integrity.merkle;

import ai.chaukas.spec.toolkit.ChaukasException;
import ai.chaukas.spec.toolkit.FieldPath;
import ai.chaukas.spec.toolkit.Reason;

/**
 * A checkpoint that cannot be read or is not signed by the trusted key. The message names the
 * problem; {@link #reason()} classifies it as {@link Reason#MALFORMED},
 * {@link Reason#NO_TRUSTED_SIGNATURE} or {@link Reason#BAD_SIGNATURE}. A checkpoint is text, not a
 * message, so {@link #path()} is the root.
 *
 * @since 1.0.5
 */
public final class CheckpointException extends ChaukasException {

  private static final long serialVersionUID = 1L;

  /**
   * An exception.
   *
   * @param reason the classification
   * @param message what is wrong
   */
  public CheckpointException(Reason reason, String message) {
    super(reason, FieldPath.root(), message, null);
  }

  static CheckpointException malformed(String message) {
    return new CheckpointException(Reason.MALFORMED, message);
  }
}
