package ai.chaukas.spec.toolkit.integrity.merkle;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The hashing of RFC 9162 §2.1.1 with SHA-256, and the hex form of hashes.
 *
 * <ul>
 *   <li>the hash of the empty tree is {@code SHA-256()} (of no bytes);
 *   <li>a leaf hash is {@code SHA-256(0x00 || leaf)};
 *   <li>an interior node's hash is {@code SHA-256(0x01 || left || right)}.
 * </ul>
 *
 * <p>In a Chaukas log the leaf is the 32 bytes of an event's {@code content_hash} (the hex decoded).
 *
 * @since 1.0.5
 */
public final class MerkleHashes {

  /** Length in bytes of every hash here (SHA-256). */
  public static final int HASH_SIZE = Sha256.SIZE;

  private static final byte[] EMPTY_ROOT = Sha256.digest().digest();

  private MerkleHashes() {}

  /**
   * The root hash of the tree with no leaves, {@code SHA-256()}:
   * {@code e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855}.
   *
   * @return a new 32-byte array
   */
  public static byte[] emptyRoot() {
    return EMPTY_ROOT.clone();
  }

  /**
   * The leaf hash {@code SHA-256(0x00 || leafData)}.
   *
   * @param leafData the leaf's bytes (for Chaukas, the 32 bytes of a content hash); any length
   * @return a new 32-byte array
   */
  public static byte[] leafHash(byte[] leafData) {
    byte[] out = new byte[HASH_SIZE];
    Sha256.leafHash(Sha256.digest(), leafData, 0, leafData.length, out, 0);
    return out;
  }

  /**
   * The interior node hash {@code SHA-256(0x01 || left || right)}.
   *
   * @param left the left child's hash, 32 bytes
   * @param right the right child's hash, 32 bytes
   * @return a new 32-byte array
   * @throws IllegalArgumentException if a child is not 32 bytes long
   */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    requireHash(left, "left");
    requireHash(right, "right");
    byte[] out = new byte[HASH_SIZE];
    Sha256.nodeHash(Sha256.digest(), left, 0, right, 0, out, 0);
    return out;
  }

  /**
   * Decodes a hash written as 64 lowercase hex characters, the form of {@code content_hash}.
   *
   * @param hex 64 characters from {@code 0-9a-f}
   * @return the 32 bytes
   * @throws IllegalArgumentException naming the problem when {@code hex} is not of that form
   */
  public static byte[] fromHex(String hex) {
    if (hex == null) {
      throw new IllegalArgumentException("hash is missing; expected 64 lowercase hex characters");
    }
    if (hex.length() != 2 * HASH_SIZE) {
      throw new IllegalArgumentException(
          "hash has " + hex.length() + " characters; expected 64 lowercase hex characters");
    }
    byte[] out = new byte[HASH_SIZE];
    for (int i = 0; i < HASH_SIZE; i++) {
      out[i] = (byte) (hexDigit(hex, 2 * i) << 4 | hexDigit(hex, 2 * i + 1));
    }
    return out;
  }

  /**
   * Writes a hash as lowercase hex.
   *
   * @param hash any bytes
   * @return two lowercase hex characters per byte
   */
  public static String toHex(byte[] hash) {
    return HexFormat.of().formatHex(hash);
  }

  /** Constant-time comparison of two hashes. */
  static boolean same(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }

  static void requireHash(byte[] hash, String what) {
    if (hash == null) {
      throw new IllegalArgumentException(what + " is missing; expected a 32-byte hash");
    }
    if (hash.length != HASH_SIZE) {
      throw new IllegalArgumentException(
          what + " has " + hash.length + " bytes; expected a 32-byte hash");
    }
  }

  static byte[] copyOf(byte[] hash, String what) {
    requireHash(hash, what);
    return Arrays.copyOf(hash, HASH_SIZE);
  }

  private static int hexDigit(String hex, int i) {
    char c = hex.charAt(i);
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    throw new IllegalArgumentException(
        "hash has '" + c + "' at position " + i + "; expected 64 lowercase hex characters");
  }
}
