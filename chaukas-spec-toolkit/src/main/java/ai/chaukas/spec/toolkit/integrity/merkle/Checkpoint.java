package ai.chaukas.spec.toolkit.integrity.merkle;

import java.util.Arrays;
import java.util.Base64;

/**
 * A log's claim about one of its trees: origin, tree size and root hash, in the C2SP
 * {@code tlog-checkpoint} text form (the body of a signed note):
 *
 * <pre>
 * &lt;origin&gt;\n
 * &lt;tree size, decimal, no sign or leading zeros&gt;\n
 * &lt;root hash, standard base64 with padding (44 characters)&gt;\n
 * </pre>
 *
 * <p>The origin names the log: non-empty Unicode text without control characters (U+0000 to U+001F
 * and U+007F), conventionally a URL without scheme such as {@code audit.example.com/tenant-a}.
 * Chaukas checkpoints have no extension lines. A {@link CheckpointSigner} signs this text; a
 * {@link CheckpointVerifier} checks the signature and gives the checkpoint back.
 *
 * @since 1.0.5
 */
public final class Checkpoint {

  private final String origin;
  private final long treeSize;
  private final byte[] rootHash;

  /**
   * A checkpoint from its parts.
   *
   * @param origin the log's origin (rules above)
   * @param treeSize the number of leaves, at least 0
   * @param rootHash the tree's root hash, 32 bytes; copied
   * @throws IllegalArgumentException naming the part that is wrong
   */
  public Checkpoint(String origin, long treeSize, byte[] rootHash) {
    checkOrigin(origin);
    if (treeSize < 0) {
      throw new IllegalArgumentException("tree size " + treeSize + " is negative");
    }
    this.origin = origin;
    this.treeSize = treeSize;
    this.rootHash = MerkleHashes.copyOf(rootHash, "root hash");
  }

  /**
   * The log's origin.
   *
   * @return the first line of the body
   */
  public String origin() {
    return origin;
  }

  /**
   * The tree size.
   *
   * @return the number of leaves
   */
  public long treeSize() {
    return treeSize;
  }

  /**
   * The root hash.
   *
   * @return a copy of the 32 bytes
   */
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /**
   * The root hash as lowercase hex.
   *
   * @return 64 characters
   */
  public String rootHashHex() {
    return MerkleHashes.toHex(rootHash);
  }

  /**
   * The checkpoint's text, the bytes (as UTF-8) that a signature covers.
   *
   * @return three lines, each ending in {@code \n}
   */
  public String body() {
    return origin + "\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
  }

  /**
   * Reads a checkpoint body strictly: exactly the three lines {@link #body()} writes.
   *
   * @param body the text
   * @return the checkpoint
   * @throws CheckpointException with reason {@code MALFORMED} and a message naming the line
   */
  public static Checkpoint parseBody(String body) {
    if (body.isEmpty() || body.charAt(body.length() - 1) != '\n') {
      throw CheckpointException.malformed("checkpoint text does not end with a newline");
    }
    String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
    if (lines.length != 3) {
      throw CheckpointException.malformed(
          "checkpoint text has " + lines.length + " lines; a Chaukas checkpoint has exactly 3"
              + " (origin, tree size, root hash) and no extension lines");
    }
    String problem = originProblem(lines[0]);
    if (problem != null) {
      throw CheckpointException.malformed("checkpoint origin (line 1) " + problem);
    }
    long treeSize = parseDecimal(lines[1]);
    if (treeSize < 0) {
      throw CheckpointException.malformed(
          "checkpoint tree size (line 2) '" + lines[1] + "' is not a decimal number from 0 to "
              + Long.MAX_VALUE + " without sign or leading zeros");
    }
    byte[] root = decodeBase64(lines[2]);
    if (root == null) {
      throw CheckpointException.malformed(
          "checkpoint root hash (line 3) is not standard base64 with padding");
    }
    if (root.length != MerkleHashes.HASH_SIZE) {
      throw CheckpointException.malformed(
          "checkpoint root hash (line 3) has " + root.length + " bytes; expected 32");
    }
    return new Checkpoint(lines[0], treeSize, root);
  }

  /** Checkpoints are equal when origin, size and root are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint other
        && origin.equals(other.origin)
        && treeSize == other.treeSize
        && Arrays.equals(rootHash, other.rootHash);
  }

  @Override
  public int hashCode() {
    return (origin.hashCode() * 31 + Long.hashCode(treeSize)) * 31 + Arrays.hashCode(rootHash);
  }

  /** {@code Checkpoint{origin, treeSize, root hex}}. */
  @Override
  public String toString() {
    return "Checkpoint{" + origin + ", " + treeSize + ", " + rootHashHex() + "}";
  }

  static void checkOrigin(String origin) {
    String problem = originProblem(origin);
    if (problem != null) {
      throw new IllegalArgumentException("origin " + problem);
    }
  }

  /** Null when {@code origin} is a valid origin, else what is wrong with it. */
  static String originProblem(String origin) {
    if (origin == null || origin.isEmpty()) {
      return "is empty";
    }
    for (int i = 0; i < origin.length(); i++) {
      char c = origin.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return String.format("contains the control character U+%04X at position %d", (int) c, i);
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < origin.length()
          && Character.isLowSurrogate(origin.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "contains an unpaired surrogate at position " + i + " (not valid Unicode)";
      }
    }
    return null;
  }

  /** A decimal without sign or leading zeros that fits a long, or -1. */
  static long parseDecimal(String text) {
    if (text.isEmpty() || text.length() > 19 || (text.length() > 1 && text.charAt(0) == '0')) {
      return -1;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return -1;
      }
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException tooLarge) {
      return -1;
    }
  }

  /** Standard base64 with padding, in its one canonical spelling; null otherwise. */
  static byte[] decodeBase64(String text) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return Base64.getEncoder().encodeToString(bytes).equals(text) ? bytes : null;
  }
}
