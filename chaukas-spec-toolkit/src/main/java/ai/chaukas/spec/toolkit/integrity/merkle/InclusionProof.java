package ai.chaukas.spec.toolkit.integrity.merkle;

import java.util.Arrays;
import java.util.List;

/**
 * An RFC 9162 §2.1.3 inclusion proof: the audit path {@code PATH(m, D[n])} for the leaf at index
 * {@code m} in the tree of the first {@code n} leaves, ordered from the leaf's sibling up to the
 * root's child. Immutable; the values are not checked against each other here — that is
 * {@link ProofVerifier#verifyInclusion(byte[], InclusionProof, byte[])}'s job.
 */
public final class InclusionProof {

  private final long leafIndex;
  private final long treeSize;
  private final byte[] path;

  /**
   * A proof from its parts.
   *
   * @param leafIndex the leaf's 0-based index, at least 0
   * @param treeSize the number of leaves in the tree the proof is for, at least 0
   * @param path the audit path, each hash 32 bytes, at most 64 of them; copied
   * @throws IllegalArgumentException if a number is negative or a hash is not 32 bytes
   */
  public InclusionProof(long leafIndex, long treeSize, List<byte[]> path) {
    this(leafIndex, treeSize, HashList.fromHashes(path, "inclusion path"));
  }

  private InclusionProof(long leafIndex, long treeSize, byte[] path) {
    if (leafIndex < 0) {
      throw new IllegalArgumentException("leaf index " + leafIndex + " is negative");
    }
    if (treeSize < 0) {
      throw new IllegalArgumentException("tree size " + treeSize + " is negative");
    }
    this.leafIndex = leafIndex;
    this.treeSize = treeSize;
    this.path = path;
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
    return new InclusionProof(leafIndex, treeSize, HashList.fromHex(pathHex, "inclusion path"));
  }

  /** For the log: {@code path} is already checked and not shared. */
  static InclusionProof of(long leafIndex, long treeSize, byte[] path) {
    return new InclusionProof(leafIndex, treeSize, path);
  }

  /**
   * The leaf's index.
   *
   * @return the 0-based index
   */
  public long leafIndex() {
    return leafIndex;
  }

  /**
   * The size of the tree the proof is for.
   *
   * @return the number of leaves
   */
  public long treeSize() {
    return treeSize;
  }

  /**
   * The number of hashes in the path.
   *
   * @return 0 to 64
   */
  public int pathLength() {
    return HashList.count(path);
  }

  /**
   * One hash of the path.
   *
   * @param i 0 for the hash next to the leaf
   * @return a copy of the 32 bytes
   * @throws IndexOutOfBoundsException if there is no such hash
   */
  public byte[] pathHash(int i) {
    return HashList.get(path, i);
  }

  /**
   * The path, leaf end first.
   *
   * @return an unmodifiable list of copies
   */
  public List<byte[]> path() {
    return HashList.toList(path);
  }

  /**
   * The path as lowercase hex, leaf end first.
   *
   * @return an unmodifiable list
   */
  public List<String> pathHex() {
    return HashList.toHex(path);
  }

  /** The path's bytes, not copied: only for this package's verifier. */
  byte[] pathBytes() {
    return path;
  }

  /** Proofs are equal when index, size and every path hash are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof InclusionProof other
        && leafIndex == other.leafIndex
        && treeSize == other.treeSize
        && Arrays.equals(path, other.path);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(leafIndex) * 31 * 31 + Long.hashCode(treeSize) * 31 + Arrays.hashCode(path);
  }

  /** {@code InclusionProof{leafIndex=…, treeSize=…, path=[hex, …]}}. */
  @Override
  public String toString() {
    return "InclusionProof{leafIndex=" + leafIndex + ", treeSize=" + treeSize
        + ", path=" + pathHex() + "}";
  }
}
