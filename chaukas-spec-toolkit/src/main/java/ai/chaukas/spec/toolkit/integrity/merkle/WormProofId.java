package ai.chaukas.spec.toolkit.integrity.merkle;

/**
 * The value of an event's {@code worm_proof_id}: {@code <origin>/<leaf index>}, the log that holds
 * the event and the 0-based index of its leaf, in decimal without sign or leading zeros. The origin
 * may itself contain {@code /}; the index is what follows the last one. Example:
 * {@code audit.example.com/tenant-a/41}.
 *
 * @param origin the log's origin (rules in {@link Checkpoint})
 * @param leafIndex the leaf's index, at least 0
 * @since 1.0.5
 */
public record WormProofId(String origin, long leafIndex) {

  /**
   * Checks the parts.
   *
   * @param origin the log's origin
   * @param leafIndex the leaf's index
   * @throws IllegalArgumentException naming the problem
   */
  public WormProofId {
    Checkpoint.checkOrigin(origin);
    if (leafIndex < 0) {
      throw new IllegalArgumentException("leaf index " + leafIndex + " is negative");
    }
  }

  /**
   * Writes an id.
   *
   * @param origin the log's origin
   * @param leafIndex the leaf's index
   * @return {@code <origin>/<leafIndex>}
   * @throws IllegalArgumentException naming the problem
   */
  public static String format(String origin, long leafIndex) {
    return new WormProofId(origin, leafIndex).toString();
  }

  /**
   * Reads an id strictly.
   *
   * @param wormProofId {@code <origin>/<leaf index>}
   * @return the parts
   * @throws IllegalArgumentException naming the problem
   */
  public static WormProofId parse(String wormProofId) {
    if (wormProofId == null || wormProofId.isEmpty()) {
      throw new IllegalArgumentException("worm_proof_id is empty; expected <origin>/<leaf index>");
    }
    int slash = wormProofId.lastIndexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException(
          "worm_proof_id '" + wormProofId + "' has no '/'; expected <origin>/<leaf index>");
    }
    String origin = wormProofId.substring(0, slash);
    String index = wormProofId.substring(slash + 1);
    String problem = Checkpoint.originProblem(origin);
    if (problem != null) {
      throw new IllegalArgumentException(
          "worm_proof_id '" + wormProofId + "': the origin before the last '/' " + problem);
    }
    long leafIndex = Checkpoint.parseDecimal(index);
    if (leafIndex < 0) {
      throw new IllegalArgumentException(
          "worm_proof_id '" + wormProofId + "': the leaf index after the last '/' is '" + index
              + "'; expected a decimal number from 0 to " + Long.MAX_VALUE
              + " without sign or leading zeros");
    }
    return new WormProofId(origin, leafIndex);
  }

  /** {@code <origin>/<leafIndex>}. */
  @Override
  public String toString() {
    return origin + "/" + leafIndex;
  }
}
