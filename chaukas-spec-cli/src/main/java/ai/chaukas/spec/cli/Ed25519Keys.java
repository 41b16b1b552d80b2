package ai.chaukas.spec.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 private keys in files: PKCS#8 in PEM ({@code -----BEGIN PRIVATE KEY-----}), the form
 * {@code openssl genpkey -algorithm ed25519} writes and reads.
 */
final class Ed25519Keys {

  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private Ed25519Keys() {}

  /** A new random key pair. */
  static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java runtime has no Ed25519 (it needs Java 15 or newer)", e);
    }
  }

  /** The PEM text of the private half. */
  static String toPem(PrivateKey key) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
    return BEGIN + "\n" + body + "\n" + END + "\n";
  }

  /**
   * Writes {@code text} to a new file readable and writable by its owner only (mode 0600 where the
   * file system has POSIX permissions).
   *
   * @throws FileAlreadyExistsException if the file exists
   */
  static void writePrivate(Path file, String text) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(file);
    }
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /**
   * Reads an Ed25519 private key file and returns the key pair (the public half is derived from the
   * private one).
   */
  static KeyPair read(Path file) throws UnusableInputException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new UnusableInputException(file + ": no such file; create a key with 'chaukas keygen'");
    } catch (IOException e) {
      throw new UnusableInputException(file + ": cannot be read (" + e.getMessage() + ")", e);
    }
    if (text.contains("ENCRYPTED PRIVATE KEY")) {
      throw new UnusableInputException(file + ": is an encrypted key; decrypt it first"
          + " (openssl pkey -in " + file + " -out plain.key) and keep the result as safe as the original");
    }
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new UnusableInputException(file + ": is not a PEM private key (" + BEGIN + " ... " + END
          + "); create one with 'chaukas keygen' or 'openssl genpkey -algorithm ed25519'");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end));
    } catch (IllegalArgumentException e) {
      throw new UnusableInputException(file + ": the PEM body is not base64 (" + e.getMessage() + ")");
    }
    byte[] seed;
    try {
      PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
      seed = ((EdECPrivateKey) key).getBytes().orElseThrow(() -> new GeneralSecurityException("no key bytes"));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new UnusableInputException(file + ": is not an Ed25519 private key (" + e.getMessage()
          + "); checkpoints are signed with Ed25519: create a key with 'chaukas keygen'");
    }
    return fromSeed(seed);
  }

  /**
   * The pair of a 32-byte private key. The JDK computes the public half only while generating, so
   * the generator is given a source of randomness that yields exactly these bytes.
   */
  private static KeyPair fromSeed(byte[] seed) {
    SecureRandom fixed = new SecureRandom() {
      private static final long serialVersionUID = 1L;

      @Override
      public void nextBytes(byte[] bytes) {
        if (bytes.length != seed.length) {
          throw new IllegalStateException("expected a request for " + seed.length + " bytes, got " + bytes.length);
        }
        System.arraycopy(seed, 0, bytes, 0, seed.length);
      }
    };
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(NamedParameterSpec.ED25519, fixed);
      KeyPair pair = generator.generateKeyPair();
      byte[] derived = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElse(new byte[0]);
      if (!MessageDigest.isEqual(derived, seed)) {
        throw new IllegalStateException("this Java runtime's Ed25519 generator did not use the given key");
      }
      return pair;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java runtime has no Ed25519", e);
    }
  }
}
