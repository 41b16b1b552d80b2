package ai.chaukas.spec.toolkit.integrity.merkle;

import ai.chaukas.spec.toolkit.Reason;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A trusted Ed25519 public key with its name: checks that a signed checkpoint carries a valid
 * signature by that key and gives the checkpoint back. The text form of such a key is the C2SP
 * verifier key {@code <name>+<8 hex digits of key id>+<base64(0x01 || 32-byte public key)>}.
 *
 * <p>A signed checkpoint is accepted when its first signature line with this key's name and key id
 * verifies. Lines by other keys (witness cosignatures, for example) are ignored; a line by this key
 * that does not verify rejects the checkpoint. Immutable and safe for use from many threads.
 *
 * @since 1.0.5
 */
public final class CheckpointVerifier {

  private final String keyName;
  private final PublicKey publicKey;
  private final byte[] rawKey;
  private final int keyId;

  private CheckpointVerifier(String keyName, PublicKey publicKey, byte[] rawKey) {
    this.keyName = keyName;
    this.publicKey = publicKey;
    this.rawKey = rawKey;
    this.keyId = SignedNote.keyId(keyName, rawKey);
  }

  /**
   * A verifier for a key.
   *
   * @param keyName the name the signer uses: non-empty, no spaces, no {@code +}
   * @param publicKey the trusted Ed25519 public key
   * @return the verifier
   * @throws IllegalArgumentException if the name is not allowed or the key is not Ed25519
   */
  public static CheckpointVerifier create(String keyName, PublicKey publicKey) {
    String problem = SignedNote.keyNameProblem(keyName);
    if (problem != null) {
      throw new IllegalArgumentException("key name " + problem);
    }
    return new CheckpointVerifier(keyName, publicKey, SignedNote.rawPublicKey(publicKey));
  }

  /**
   * A verifier from its C2SP verifier key text.
   *
   * @param verifierKey {@code <name>+<key id as 8 hex digits>+<base64(0x01 || public key)>}
   * @return the verifier
   * @throws IllegalArgumentException naming the problem, including a key id that does not match
   *     the name and key
   */
  public static CheckpointVerifier fromVerifierKey(String verifierKey) {
    // The base64 key may itself contain '+', so only the first two separate fields (as in Go).
    String[] parts = verifierKey.split("\\+", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "verifier key has " + parts.length + " '+'-separated parts; expected 3:"
              + " <name>+<key id>+<base64 key>");
    }
    String problem = SignedNote.keyNameProblem(parts[0]);
    if (problem != null) {
      throw new IllegalArgumentException("verifier key name " + problem);
    }
    if (!parts[1].matches("[0-9a-fA-F]{8}")) {
      throw new IllegalArgumentException(
          "verifier key id '" + parts[1] + "' is not 8 hex digits");
    }
    byte[] key = Checkpoint.decodeBase64(parts[2]);
    if (key == null) {
      throw new IllegalArgumentException("verifier key is not standard base64 with padding");
    }
    if (key.length != 33 || key[0] != SignedNote.ED25519) {
      throw new IllegalArgumentException(
          "verifier key is not an Ed25519 key (0x01 followed by 32 bytes)");
    }
    byte[] raw = Arrays.copyOfRange(key, 1, key.length);
    CheckpointVerifier verifier =
        new CheckpointVerifier(parts[0], SignedNote.publicKey(raw), raw);
    if (verifier.keyId != (int) Long.parseLong(parts[1], 16)) {
      throw new IllegalArgumentException(
          "verifier key id " + parts[1] + " does not match its name and key (expected "
              + String.format("%08x", verifier.keyId) + ")");
    }
    return verifier;
  }

  /**
   * The key's name.
   *
   * @return the name expected in signature lines
   */
  public String keyName() {
    return keyName;
  }

  /**
   * The key id expected before each signature.
   *
   * @return the first 4 bytes of {@code SHA-256(name || 0x0A || 0x01 || public key)}, big-endian
   */
  public int keyId() {
    return keyId;
  }

  /**
   * The trusted key.
   *
   * @return the Ed25519 public key
   */
  public PublicKey publicKey() {
    return publicKey;
  }

  /**
   * This key as C2SP verifier key text, to publish or configure.
   *
   * @return {@code <name>+<key id as 8 lowercase hex digits>+<base64(0x01 || public key)>}
   */
  public String verifierKey() {
    byte[] key = new byte[1 + rawKey.length];
    key[0] = SignedNote.ED25519;
    System.arraycopy(rawKey, 0, key, 1, rawKey.length);
    return keyName + "+" + HexFormat.of().toHexDigits(keyId) + "+"
        + Base64.getEncoder().encodeToString(key);
  }

  /**
   * Reads a signed checkpoint and checks this key's signature on it.
   *
   * @param signedCheckpoint the signed note text, exactly as published
   * @return the checkpoint, once the signature verifies
   * @throws CheckpointException with reason {@code MALFORMED} (not a signed checkpoint),
   *     {@code NO_TRUSTED_SIGNATURE} (no line by this key) or {@code BAD_SIGNATURE} (this key's
   *     signature does not verify), and a message naming the problem
   */
  public Checkpoint verify(String signedCheckpoint) {
    if (signedCheckpoint == null) {
      throw CheckpointException.malformed("signed checkpoint is missing");
    }
    SignedNote note = SignedNote.parse(signedCheckpoint);
    Checkpoint checkpoint = Checkpoint.parseBody(note.text());
    List<String> others = new ArrayList<>();
    for (SignedNote.Line line : note.lines()) {
      if (!line.keyName().equals(keyName) || line.keyId() != keyId) {
        others.add(line.keyName() + "+" + HexFormat.of().toHexDigits(line.keyId()));
        continue;
      }
      if (!SignedNote.verify(
          publicKey, note.text().getBytes(StandardCharsets.UTF_8), line.signature())) {
        throw new CheckpointException(
            Reason.BAD_SIGNATURE,
            "the signature by " + keyName + "+" + HexFormat.of().toHexDigits(keyId)
                + " does not verify: the checkpoint text was changed after signing");
      }
      return checkpoint;
    }
    throw new CheckpointException(
        Reason.NO_TRUSTED_SIGNATURE,
        "the checkpoint is not signed by the trusted key " + keyName + "+"
            + HexFormat.of().toHexDigits(keyId) + "; it is signed by " + String.join(", ", others));
  }

  /** Verifiers are equal when name and key are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof CheckpointVerifier other
        && keyName.equals(other.keyName)
        && Arrays.equals(rawKey, other.rawKey);
  }

  @Override
  public int hashCode() {
    return keyName.hashCode() * 31 + Arrays.hashCode(rawKey);
  }

  /** The verifier key text. */
  @Override
  public String toString() {
    return verifierKey();
  }
}
