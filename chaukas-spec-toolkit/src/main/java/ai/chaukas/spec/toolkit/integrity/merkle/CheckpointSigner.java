package ai.chaukas.spec.toolkit.integrity.merkle;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * Signs checkpoints with an Ed25519 key as C2SP signed notes. The signature covers the UTF-8 bytes
 * of {@link Checkpoint#body()}; the note is that body, a blank line and the line
 * {@code — <key name> <base64(key id || 64-byte signature)>}, where the 4-byte key id is
 * {@code SHA-256(key name || 0x0A || 0x01 || 32-byte public key)[0:4]}.
 *
 * <p>Holds the private key; give readers {@link #verifier()} (or its
 * {@link CheckpointVerifier#verifierKey() verifier key} text) instead. Safe for use from many
 * threads.
 *
 * @since 1.0.5
 */
public final class CheckpointSigner {

  private static final byte[] PAIR_CHECK =
      "chaukas checkpoint signer key pair check".getBytes(StandardCharsets.UTF_8);

  private final PrivateKey privateKey;
  private final CheckpointVerifier verifier;

  private CheckpointSigner(PrivateKey privateKey, CheckpointVerifier verifier) {
    this.privateKey = privateKey;
    this.verifier = verifier;
  }

  /**
   * A signer.
   *
   * @param keyName the name in signature lines, usually the log's origin: non-empty, no spaces, no
   *     {@code +}
   * @param keyPair an Ed25519 pair, e.g. from {@code KeyPairGenerator.getInstance("Ed25519")}; the
   *     public half is needed for the key id
   * @return the signer
   * @throws IllegalArgumentException if the name is not allowed, the keys are not Ed25519, or the
   *     halves do not belong together
   */
  public static CheckpointSigner create(String keyName, KeyPair keyPair) {
    PublicKey publicKey = keyPair.getPublic();
    PrivateKey privateKey = keyPair.getPrivate();
    CheckpointVerifier verifier = CheckpointVerifier.create(keyName, publicKey);
    byte[] signature = SignedNote.sign(privateKey, PAIR_CHECK);
    if (!SignedNote.verify(publicKey, PAIR_CHECK, signature)) {
      throw new IllegalArgumentException(
          "the private key does not belong to the public key of this key pair");
    }
    return new CheckpointSigner(privateKey, verifier);
  }

  /**
   * The key's name.
   *
   * @return the name written in signature lines
   */
  public String keyName() {
    return verifier.keyName();
  }

  /**
   * The key id written before each signature.
   *
   * @return the first 4 bytes of {@code SHA-256(name || 0x0A || 0x01 || public key)}, big-endian
   */
  public int keyId() {
    return verifier.keyId();
  }

  /**
   * The verifier for this signer's signatures, to hand to readers.
   *
   * @return the verifier of the public half
   */
  public CheckpointVerifier verifier() {
    return verifier;
  }

  /**
   * Signs a checkpoint.
   *
   * @param checkpoint the checkpoint
   * @return the checkpoint with its signed note text
   */
  public SignedCheckpoint sign(Checkpoint checkpoint) {
    String body = checkpoint.body();
    byte[] signature = SignedNote.sign(privateKey, body.getBytes(StandardCharsets.UTF_8));
    String text = body + "\n" + SignedNote.signatureLine(verifier.keyName(), verifier.keyId(), signature);
    return new SignedCheckpoint(checkpoint, text);
  }

  /** Names the key, never shows it. */
  @Override
  public String toString() {
    return "CheckpointSigner{" + verifier.keyName() + String.format("+%08x", verifier.keyId()) + "}";
  }
}
