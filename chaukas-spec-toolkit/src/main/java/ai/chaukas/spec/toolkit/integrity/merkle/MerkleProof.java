package ai.chaukas.spec.toolkit.integrity.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * What {@link InclusionProof} and {@link ConsistencyProof} share: two tree positions that are not
 * negative and a list of at most {@value #MAX_HASHES} hashes, kept as one array of 32-byte slots.
 * Immutable.
 */
abstract class MerkleProof {

  /** More hashes than any tree of up to 2^63 - 1 leaves needs in a proof. */
  static final int MAX_HASHES = 64;

  /**
   * How a proof type names its parts.
   *
   * @param first the first number's name in {@code toString}, e.g. {@code leafIndex}
   * @param firstWords the first number in messages, e.g. {@code leaf index}
   * @param second the second number's name in {@code toString}
   * @param secondWords the second number in messages
   * @param hashes the hash list in messages, e.g. {@code inclusion path}
   */
  record Names(String first, String firstWords, String second, String secondWords, String hashes) {}

  private final Names names;
  private final long first;
  private final long second;
  private final byte[] hashes;

  /** Checks and copies {@code hashes}, before the numbers, as {@link #fromHashes} does. */
  MerkleProof(Names names, long first, long second, List<byte[]> hashes) {
    this(names, first, second, fromHashes(hashes, names.hashes()));
  }

  /** {@code hashes} is already checked (32-byte slots, at most 64) and not shared. */
  MerkleProof(Names names, long first, long second, byte[] hashes) {
    if (first < 0) {
      throw new IllegalArgumentException(names.firstWords() + " " + first + " is negative");
    }
    if (second < 0) {
      throw new IllegalArgumentException(names.secondWords() + " " + second + " is negative");
    }
    this.names = names;
    this.first = first;
    this.second = second;
    this.hashes = hashes;
  }

  final long first() {
    return first;
  }

  final long second() {
    return second;
  }

  /**
   * The number of hashes in the proof.
   *
   * @return 0 to 64
   */
  public final int pathLength() {
    return hashes.length / Sha256.SIZE;
  }

  /**
   * One hash of the proof.
   *
   * @param i its position, 0 first
   * @return a copy of the 32 bytes
   * @throws IndexOutOfBoundsException if there is no such hash
   */
  public final byte[] pathHash(int i) {
    if (i < 0 || i >= pathLength()) {
      throw new IndexOutOfBoundsException("hash " + i + " of " + pathLength());
    }
    return Arrays.copyOfRange(hashes, i * Sha256.SIZE, (i + 1) * Sha256.SIZE);
  }

  /**
   * The proof's hashes, in order.
   *
   * @return an unmodifiable list of copies
   */
  public final List<byte[]> path() {
    List<byte[]> out = new ArrayList<>(pathLength());
    for (int i = 0; i < pathLength(); i++) {
      out.add(pathHash(i));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * The proof's hashes as lowercase hex, in order.
   *
   * @return an unmodifiable list
   */
  public final List<String> pathHex() {
    List<String> out = new ArrayList<>(pathLength());
    for (int i = 0; i < pathLength(); i++) {
      out.add(HexFormat.of().formatHex(hashes, i * Sha256.SIZE, (i + 1) * Sha256.SIZE));
    }
    return Collections.unmodifiableList(out);
  }

  /** The hashes, not copied: only for this package's verifier. */
  final byte[] pathBytes() {
    return hashes;
  }

  /** Proofs are equal when they are of the same type and both numbers and every hash are equal. */
  @Override
  public final boolean equals(Object o) {
    return o instanceof MerkleProof other
        && other.getClass() == getClass()
        && first == other.first
        && second == other.second
        && Arrays.equals(hashes, other.hashes);
  }

  @Override
  public final int hashCode() {
    return Long.hashCode(first) * 31 * 31 + Long.hashCode(second) * 31 + Arrays.hashCode(hashes);
  }

  /** {@code Type{first=…, second=…, path=[hex, …]}}. */
  @Override
  public final String toString() {
    return getClass().getSimpleName() + "{" + names.first() + "=" + first + ", " + names.second() + "="
        + second + ", path=" + pathHex() + "}";
  }

  /** The 32-byte hashes as one array, each checked; {@code what} names the list in messages. */
  static byte[] fromHashes(List<byte[]> hashes, String what) {
    checkCount(hashes.size(), what);
    byte[] out = new byte[hashes.size() * Sha256.SIZE];
    for (int i = 0; i < hashes.size(); i++) {
      byte[] hash = hashes.get(i);
      MerkleHashes.requireHash(hash, what + "[" + i + "]");
      System.arraycopy(hash, 0, out, i * Sha256.SIZE, Sha256.SIZE);
    }
    return out;
  }

  /** The hex hashes as one array, each checked; {@code what} names the list in messages. */
  static byte[] fromHex(List<String> hashes, String what) {
    checkCount(hashes.size(), what);
    byte[] out = new byte[hashes.size() * Sha256.SIZE];
    for (int i = 0; i < hashes.size(); i++) {
      byte[] hash;
      try {
        hash = MerkleHashes.fromHex(hashes.get(i));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(what + "[" + i + "]: " + e.getMessage(), e);
      }
      System.arraycopy(hash, 0, out, i * Sha256.SIZE, Sha256.SIZE);
    }
    return out;
  }

  private static void checkCount(int count, String what) {
    if (count > MAX_HASHES) {
      throw new IllegalArgumentException(
          what + " has " + count + " hashes; no proof needs more than " + MAX_HASHES);
    }
  }
}
