package ai.chaukas.spec.toolkit.integrity.merkle;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The RFC 9162 hash functions on slices of arrays, so that the log can hash straight out of its
 * pages without copying or allocating. One {@link MessageDigest} per thread: {@code MessageDigest}
 * is not thread-safe and looking one up costs more than hashing 65 bytes.
 */
final class Sha256 {

  static final int SIZE = 32;
  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;
  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

  private Sha256() {}

  /** This thread's digest, reset. */
  static MessageDigest digest() {
    MessageDigest digest = DIGEST.get();
    digest.reset();
    return digest;
  }

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing, yet every Java platform must have it", e);
    }
  }

  /** {@code out[outOff..+32] = SHA-256(0x00 || data[off..+len])}. */
  static void leafHash(
      MessageDigest md, byte[] data, int off, int len, byte[] out, int outOff) {
    md.update(LEAF_PREFIX);
    md.update(data, off, len);
    finish(md, out, outOff);
  }

  /**
   * {@code out[outOff..+32] = SHA-256(0x01 || left || right)}. {@code out} may be one of the inputs:
   * the inputs are consumed before the output is written.
   */
  static void nodeHash(
      MessageDigest md, byte[] left, int leftOff, byte[] right, int rightOff, byte[] out, int outOff) {
    md.update(NODE_PREFIX);
    md.update(left, leftOff, SIZE);
    md.update(right, rightOff, SIZE);
    finish(md, out, outOff);
  }

  private static void finish(MessageDigest md, byte[] out, int outOff) {
    try {
      md.digest(out, outOff, SIZE);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 output does not fit 32 bytes", e);
    }
  }
}
