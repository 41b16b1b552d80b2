package ai.chaukas.spec.toolkit.integrity.merkle;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The C2SP {@code signed-note} format with Ed25519 keys: a text, a blank line, and signature lines
 * {@code — <key name> <base64(key id || signature)>}. Parsing follows the Go reference
 * ({@code golang.org/x/mod/sumdb/note}): split at the last {@code \n\n}, at most 100 signature lines,
 * no control characters other than newline.
 */
final class SignedNote {

  static final String SIGNATURE_PREFIX = "\u2014 ";
  static final int MAX_SIGNATURES = 100;
  static final int MAX_NOTE_CHARS = 1 << 20;
  static final byte ED25519 = 0x01;

  /** The DER header of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw key follows. */
  private static final byte[] X509_ED25519_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  /** One signature line. */
  record Line(String keyName, int keyId, byte[] signature) {}

  private final String text;
  private final List<Line> lines;

  private SignedNote(String text, List<Line> lines) {
    this.text = text;
    this.lines = lines;
  }

  /** The signed text, ending in a newline. */
  String text() {
    return text;
  }

  List<Line> lines() {
    return lines;
  }

  static SignedNote parse(String note) {
    if (note.length() > MAX_NOTE_CHARS) {
      throw CheckpointException.malformed(
          "signed checkpoint has " + note.length() + " characters; at most " + MAX_NOTE_CHARS
              + " are read");
    }
    for (int i = 0; i < note.length(); i++) {
      char c = note.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw CheckpointException.malformed(String.format(
            "signed checkpoint contains the control character U+%04X at position %d", (int) c, i));
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < note.length()
          && Character.isLowSurrogate(note.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw CheckpointException.malformed(
            "signed checkpoint contains an unpaired surrogate at position " + i
                + " (not valid Unicode)");
      }
    }
    int split = note.lastIndexOf("\n\n");
    if (split < 0) {
      throw CheckpointException.malformed(
          "signed checkpoint has no blank line between the text and the signature lines");
    }
    String text = note.substring(0, split + 1);
    String signatures = note.substring(split + 2);
    if (signatures.isEmpty()) {
      throw CheckpointException.malformed(
          "signed checkpoint has no signature line after the blank line");
    }
    if (signatures.charAt(signatures.length() - 1) != '\n') {
      throw CheckpointException.malformed(
          "the last signature line of the signed checkpoint does not end with a newline");
    }
    String[] raw = signatures.substring(0, signatures.length() - 1).split("\n", -1);
    if (raw.length > MAX_SIGNATURES) {
      throw CheckpointException.malformed(
          "signed checkpoint has " + raw.length + " signature lines; at most " + MAX_SIGNATURES
              + " are read");
    }
    List<Line> lines = new ArrayList<>(raw.length);
    for (int i = 0; i < raw.length; i++) {
      lines.add(parseLine(raw[i], i + 1));
    }
    return new SignedNote(text, List.copyOf(lines));
  }

  private static Line parseLine(String line, int number) {
    String where = "signature line " + number;
    if (!line.startsWith(SIGNATURE_PREFIX)) {
      throw CheckpointException.malformed(
          where + " does not start with '\u2014 ' (U+2014 EM DASH, then a space)");
    }
    String rest = line.substring(SIGNATURE_PREFIX.length());
    int space = rest.indexOf(' ');
    if (space < 0) {
      throw CheckpointException.malformed(
          where + " has no space between the key name and the signature");
    }
    String name = rest.substring(0, space);
    String nameProblem = keyNameProblem(name);
    if (nameProblem != null) {
      throw CheckpointException.malformed(where + ": key name " + nameProblem);
    }
    byte[] blob = Checkpoint.decodeBase64(rest.substring(space + 1));
    if (blob == null) {
      throw CheckpointException.malformed(
          where + ": the signature is not standard base64 with padding");
    }
    if (blob.length < 5) {
      throw CheckpointException.malformed(
          where + ": the signature has " + blob.length
              + " bytes; expected a 4-byte key id and a signature");
    }
    int keyId = ByteBuffer.wrap(blob, 0, 4).getInt();
    return new Line(name, keyId, Arrays.copyOfRange(blob, 4, blob.length));
  }

  /** {@code — <name> <base64(key id || signature)>\n}. */
  static String signatureLine(String keyName, int keyId, byte[] signature) {
    byte[] blob = ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature).array();
    return SIGNATURE_PREFIX + keyName + " " + Base64.getEncoder().encodeToString(blob) + "\n";
  }

  /** {@code SHA-256(name || 0x0A || 0x01 || public key)[0:4]} as a big-endian int. */
  static int keyId(String keyName, byte[] rawPublicKey) {
    MessageDigest md = Sha256.newDigest();
    md.update(keyName.getBytes(StandardCharsets.UTF_8));
    md.update((byte) '\n');
    md.update(ED25519);
    md.update(rawPublicKey);
    return ByteBuffer.wrap(md.digest()).getInt();
  }

  /**
   * Null when {@code name} may name a key: non-empty, valid Unicode, no white space or Unicode
   * space, no {@code +} (it separates the parts of a verifier key), no control character.
   */
  static String keyNameProblem(String name) {
    if (name == null || name.isEmpty()) {
      return "is empty";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '+') {
        return "contains '+'";
      }
      if (c < 0x20 || c == 0x85 || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return String.format("contains the space or control character U+%04X", (int) c);
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < name.length()
          && Character.isLowSurrogate(name.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "contains an unpaired surrogate (not valid Unicode)";
      }
    }
    return null;
  }

  /** The 32 bytes of an Ed25519 public key (RFC 8032 encoding). */
  static byte[] rawPublicKey(PublicKey key) {
    byte[] encoded = key.getEncoded();
    if (!"X.509".equals(key.getFormat())
        || encoded == null
        || encoded.length != X509_ED25519_PREFIX.length + 32
        || !Arrays.equals(encoded, 0, X509_ED25519_PREFIX.length,
            X509_ED25519_PREFIX, 0, X509_ED25519_PREFIX.length)) {
      throw new IllegalArgumentException(
          "not an Ed25519 public key (algorithm " + key.getAlgorithm()
              + "); create one with KeyPairGenerator.getInstance(\"Ed25519\")");
    }
    return Arrays.copyOfRange(encoded, X509_ED25519_PREFIX.length, encoded.length);
  }

  /** An Ed25519 public key from its 32 bytes. */
  static PublicKey publicKey(byte[] raw) {
    byte[] encoded = Arrays.copyOf(X509_ED25519_PREFIX, X509_ED25519_PREFIX.length + raw.length);
    System.arraycopy(raw, 0, encoded, X509_ED25519_PREFIX.length, raw.length);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a valid Ed25519 public key: " + e.getMessage(), e);
    }
  }

  static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(key);
      signature.update(message);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with this Ed25519 key: " + e.getMessage(), e);
    }
  }

  static boolean verify(PublicKey key, byte[] message, byte[] signatureBytes) {
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initVerify(key);
      signature.update(message);
      return signature.verify(signatureBytes);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
