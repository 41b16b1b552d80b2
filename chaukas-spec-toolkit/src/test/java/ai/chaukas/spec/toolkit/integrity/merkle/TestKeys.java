package ai.chaukas.spec.toolkit.integrity.merkle;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/** Keys for tests: fixed ones (so outputs are byte-for-byte stable) and fresh ones. */
final class TestKeys {

  /** The example signer key of golang.org/x/mod/sumdb/note: 0x01, then the 32-byte seed. */
  static final String GO_SIGNER_KEY_MATERIAL = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

  /** Its verifier key. */
  static final String GO_VERIFIER_KEY =
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

  private TestKeys() {}

  /** The Go example key pair, for fixed outputs. */
  static KeyPair fixed() {
    try {
      byte[] seed = Arrays.copyOfRange(Base64.getDecoder().decode(GO_SIGNER_KEY_MATERIAL), 1, 33);
      byte[] pub =
          Arrays.copyOfRange(
              Base64.getDecoder().decode(GO_VERIFIER_KEY.substring(GO_VERIFIER_KEY.lastIndexOf('+') + 1)),
              1, 33);
      return new KeyPair(
          SignedNote.publicKey(pub),
          KeyFactory.getInstance("Ed25519")
              .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed)));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static KeyPair fresh() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
