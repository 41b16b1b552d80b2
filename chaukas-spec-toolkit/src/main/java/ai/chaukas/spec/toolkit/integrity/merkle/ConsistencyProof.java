package ai.chaukas.spec.toolkit.integrity.merkle;

import java.util.Arrays;
import java.util.List;

/**
 * An RFC 9162 §2.1.4 consistency proof {@code PROOF(m, D[n])}: the hashes that show the tree of the
 * first {@code m} leaves ({@link #oldSize()}) is a prefix of the tree of the first {@code n}
 * ({@link #newSize()}). Empty when {@code m} is 0 or equal to {@code n}. Immutable; checked by
 * {@link ProofVerifier#verifyConsistency(ConsistencyProof, byte[], byte[])}.
 */
public final class ConsistencyProof {

  private final long oldSize;
  private final long newSize;
  private final byte[] path;

  /**
   * A proof from its parts.
   *
   * @param oldSize the size of the earlier tree, at least 0
   * @param newSize the size of the later tree, at least 0
   * @param path the proof's hashes in RFC order, each 32 bytes, at most 64 of them; copied
   * @throws IllegalArgumentException if a size is negative or a hash is not 32 bytes
   */
  public ConsistencyProof(long oldSize, long newSize, List<byte[]> path) {
    this(oldSize, newSize, HashList.fromHashes(path, "consistency path"));
  }

  private ConsistencyProof(long oldSize, long newSize, byte[] path) {
    if (oldSize < 0) {
      throw new IllegalArgumentException("old tree size " + oldSize + " is negative");
    }
    if (newSize < 0) {
      throw new IllegalArgumentException("new tree size " + newSize + " is negative");
    }
    this.oldSize = oldSize;
    this.newSize = newSize;
    this.path = path;
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
    return new ConsistencyProof(oldSize, newSize, HashList.fromHex(pathHex, "consistency path"));
  }

  /** For the log: {@code path} is already checked and not shared. */
  static ConsistencyProof of(long oldSize, long newSize, byte[] path) {
    return new ConsistencyProof(oldSize, newSize, path);
  }

  /**
   * The size of the earlier tree.
   *
   * @return the number of leaves
   */
  public long oldSize() {
    return oldSize;
  }

  /**
   * The size of the later tree.
   *
   * @return the number of leaves
   */
  public long newSize() {
    return newSize;
  }

  /**
   * The number of hashes in the proof.
   *
   * @return 0 to 64
   */
  public int pathLength() {
    return HashList.count(path);
  }

  /**
   * One hash of the proof.
   *
   * @param i its position in RFC order
   * @return a copy of the 32 bytes
   * @throws IndexOutOfBoundsException if there is no such hash
   */
  public byte[] pathHash(int i) {
    return HashList.get(path, i);
  }

  /**
   * The proof's hashes in RFC order.
   *
   * @return an unmodifiable list of copies
   */
  public List<byte[]> path() {
    return HashList.toList(path);
  }

  /**
   * The proof's hashes as lowercase hex, in RFC order.
   *
   * @return an unmodifiable list
   */
  public List<String> pathHex() {
    return HashList.toHex(path);
  }

  /** The hashes, not copied: only for this package's verifier. */
  byte[] pathBytes() {
    return path;
  }

  /** Proofs are equal when both sizes and every hash are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ConsistencyProof other
        && oldSize == other.oldSize
        && newSize == other.newSize
        && Arrays.equals(path, other.path);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(oldSize) * 31 * 31 + Long.hashCode(newSize) * 31 + Arrays.hashCode(path);
  }

  /** {@code ConsistencyProof{oldSize=…, newSize=…, path=[hex, …]}}. */
  @Override
  public String toString() {
    return "ConsistencyProof{oldSize=" + oldSize + ", newSize=" + newSize
        + ", path=" + pathHex() + "}";
  }
}
