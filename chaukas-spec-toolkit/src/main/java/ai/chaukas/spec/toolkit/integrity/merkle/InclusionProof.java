package ai.chaukas.spec.toolkit.integrity.merkle;

import java.util.List;

/**
 * An RFC 9162 §2.1.3 inclusion proof: the audit path {@code PATH(m, D[n])} for the leaf at index
 * {@code m} in the tree of the first {@code n} leaves, ordered from the leaf's sibling up to the
 * root's child ({@link #path()}, leaf end first). Immutable; the values are not checked against
 * each other here — that is {@link ProofVerifier#verifyInclusion(byte[], InclusionProof, byte[])}'s
 * job. Equal to another inclusion proof with the same index, size and path hashes.
 *
 * @since 1.0.5
 */
public final class InclusionProof extends MerkleProof {

  private static final Names NAMES =
      new Names("leafIndex", "leaf index", "treeSize", "tree size", "inclusion path");

  /**
   * A proof from its parts.
   *
   * @param leafIndex the leaf's 0-based index, at least 0
   * @param treeSize the number of leaves in the tree the proof is for, at least 0
   * @param path the audit path, each hash 32 bytes, at most 64 of them; copied
   * @throws IllegalArgumentException if a number is negative or a hash is not 32 bytes
   */
  public InclusionProof(long leafIndex, long treeSize, List<byte[]> path) {
    super(NAMES, leafIndex, treeSize, path);
  }

  /** For the log: {@code path} is already checked and not shared. */
  InclusionProof(long leafIndex, long treeSize, byte[] path) {
    super(NAMES, leafIndex, treeSize, path);
  }

  /**
   * A proof whose path is written as hex, as in the JSON form of a {@link ProofBundle}.
   *
   * @param leafIndex the leaf's 0-based index, at least 0
   * @param treeSize the number of leaves in the tree, at least 0
   * @param pathHex the audit path, each hash 64 lowercase hex characters, at most 64 of them
   * @return the proof
   * @throws IllegalArgumentException naming the problem
   */
  public static InclusionProof fromHex(long leafIndex, long treeSize, List<String> pathHex) {
    return new InclusionProof(leafIndex, treeSize, fromHex(pathHex, NAMES.hashes()));
  }

  /**
   * The leaf's index.
   *
   * @return the 0-based index
   */
  public long leafIndex() {
    return first();
  }

  /**
   * The size of the tree the proof is for.
   *
   * @return the number of leaves
   */
  public long treeSize() {
    return second();
  }
}
