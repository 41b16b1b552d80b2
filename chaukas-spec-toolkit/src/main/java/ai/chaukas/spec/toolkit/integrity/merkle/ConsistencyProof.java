package ai.chaukas.spec.toolkit.integrity.merkle;

import java.util.List;

/**
 * An RFC 9162 §2.1.4 consistency proof {@code PROOF(m, D[n])}: the hashes, in RFC order, that show
 * the tree of the first {@code m} leaves ({@link #oldSize()}) is a prefix of the tree of the first
 * {@code n} ({@link #newSize()}). Empty when {@code m} is 0 or equal to {@code n}. Immutable;
 * checked by {@link ProofVerifier#verifyConsistency(ConsistencyProof, byte[], byte[])}. Equal to
 * another consistency proof with the same sizes and hashes.
 *
 * @since 1.0.5
 */
public final class ConsistencyProof extends MerkleProof {

  private static final Names NAMES =
      new Names("oldSize", "old tree size", "newSize", "new tree size", "consistency path");

  /**
   * A proof from its parts.
   *
   * @param oldSize the size of the earlier tree, at least 0
   * @param newSize the size of the later tree, at least 0
   * @param path the proof's hashes in RFC order, each 32 bytes, at most 64 of them; copied
   * @throws IllegalArgumentException if a size is negative or a hash is not 32 bytes
   */
  public ConsistencyProof(long oldSize, long newSize, List<byte[]> path) {
    super(NAMES, oldSize, newSize, path);
  }

  /** For the log: {@code path} is already checked and not shared. */
  ConsistencyProof(long oldSize, long newSize, byte[] path) {
    super(NAMES, oldSize, newSize, path);
  }

  /**
   * A proof whose hashes are written as hex.
   *
   * @param oldSize the size of the earlier tree, at least 0
   * @param newSize the size of the later tree, at least 0
   * @param pathHex each hash as 64 lowercase hex characters, at most 64 of them
   * @return the proof
   * @throws IllegalArgumentException naming the problem
   */
  public static ConsistencyProof fromHex(long oldSize, long newSize, List<String> pathHex) {
    return new ConsistencyProof(oldSize, newSize, fromHex(pathHex, NAMES.hashes()));
  }

  /**
   * The size of the earlier tree.
   *
   * @return the number of leaves
   */
  public long oldSize() {
    return first();
  }

  /**
   * The size of the later tree.
   *
   * @return the number of leaves
   */
  public long newSize() {
    return second();
  }
}
