package ai.chaukas.spec.toolkit.integrity.merkle;

import java.util.Objects;

/**
 * A checkpoint and its signed note text, as a {@link CheckpointSigner} made them. The text is what
 * gets published, stored and put in {@link ProofBundle}s; a reader checks it with a
 * {@link CheckpointVerifier}, never by trusting this object.
 *
 * @param checkpoint the checkpoint
 * @param text the signed note: the checkpoint's body, a blank line, one or more signature lines
 * @since 1.0.5
 */
public record SignedCheckpoint(Checkpoint checkpoint, String text) {

  /**
   * Checks the parts are present.
   *
   * @param checkpoint the checkpoint
   * @param text the signed note
   */
  public SignedCheckpoint {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(text, "text");
  }
}
