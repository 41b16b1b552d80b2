package ai.chaukas.spec.toolkit.integrity.merkle;

import static ai.chaukas.spec.toolkit.integrity.merkle.Rfc9162Reference.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.toolkit.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Checkpoint text, signed notes, keys, and everything that must be refused. */
class CheckpointTest {

  private static final String ORIGIN = "audit.example.com/tenant-a";
  private static final byte[] ROOT =
      HexFormat.of().parseHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
  private static final Checkpoint CHECKPOINT = new Checkpoint(ORIGIN, 8, ROOT);
  private static final KeyPair KEYS = TestKeys.fixed();
  private static final CheckpointSigner SIGNER = CheckpointSigner.create(ORIGIN, KEYS);
  private static final CheckpointVerifier VERIFIER = SIGNER.verifier();
  private static final String SIGNED = SIGNER.sign(CHECKPOINT).text();

  @Test
  void bodyIsOriginSizeAndBase64Root() {
    assertThat(CHECKPOINT.body())
        .isEqualTo(ORIGIN + "\n8\n" + Base64.getEncoder().encodeToString(ROOT) + "\n")
        .isEqualTo("audit.example.com/tenant-a\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n");
    assertThat(Checkpoint.parseBody(CHECKPOINT.body())).isEqualTo(CHECKPOINT);
    Checkpoint empty = new Checkpoint(ORIGIN, 0, MerkleHashes.emptyRoot());
    assertThat(Checkpoint.parseBody(empty.body())).isEqualTo(empty);
  }

  @Test
  void signedNoteIsBodyBlankLineAndSignatureLine() throws Exception {
    String prefix = CHECKPOINT.body() + "\n\u2014 " + ORIGIN + " ";
    assertThat(SIGNED).startsWith(prefix).endsWith("\n");
    String b64 = SIGNED.substring(prefix.length(), SIGNED.length() - 1);
    byte[] blob = Base64.getDecoder().decode(b64);
    assertThat(blob).hasSize(4 + 64);

    byte[] rawPublic = Arrays.copyOfRange(KEYS.getPublic().getEncoded(), 12, 44);
    byte[] expectedId = Arrays.copyOf(
        sha256(ORIGIN.getBytes(StandardCharsets.UTF_8), new byte[] {0x0a, 0x01}, rawPublic), 4);
    assertThat(Arrays.copyOf(blob, 4)).isEqualTo(expectedId);
    assertThat(SIGNER.keyId()).isEqualTo(ByteBuffer.wrap(expectedId).getInt());

    Signature ed25519 = Signature.getInstance("Ed25519");
    ed25519.initVerify(KEYS.getPublic());
    ed25519.update(CHECKPOINT.body().getBytes(StandardCharsets.UTF_8));
    assertThat(ed25519.verify(Arrays.copyOfRange(blob, 4, blob.length))).isTrue();

    assertThat(VERIFIER.verify(SIGNED)).isEqualTo(CHECKPOINT);
  }

  /** The example of golang.org/x/mod/sumdb/note: same key id, same signature, byte for byte. */
  @Test
  void matchesTheGoReferenceNote() {
    String text = "If you think cryptography is the answer to your problem,\n"
        + "then you don't know what your problem is.\n";
    String signatureLine = "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1"
        + "FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    CheckpointVerifier goVerifier = CheckpointVerifier.fromVerifierKey(TestKeys.GO_VERIFIER_KEY);
    assertThat(goVerifier.keyId()).isEqualTo(0xc74f20a3);
    assertThat(goVerifier.verifierKey()).isEqualTo(TestKeys.GO_VERIFIER_KEY);

    SignedNote note = SignedNote.parse(text + "\n" + signatureLine);
    assertThat(note.text()).isEqualTo(text);
    assertThat(note.lines()).hasSize(1);
    SignedNote.Line line = note.lines().get(0);
    assertThat(line.keyName()).isEqualTo("PeterNeumann");
    assertThat(line.keyId()).isEqualTo(0xc74f20a3);
    assertThat(SignedNote.verify(
        goVerifier.publicKey(), text.getBytes(StandardCharsets.UTF_8), line.signature())).isTrue();

    byte[] signature = SignedNote.sign(KEYS.getPrivate(), text.getBytes(StandardCharsets.UTF_8));
    assertThat(SignedNote.signatureLine("PeterNeumann", goVerifier.keyId(), signature))
        .isEqualTo(signatureLine);
  }

  @Test
  void anotherKeyIsNotTrusted() {
    CheckpointVerifier sameNameOtherKey =
        CheckpointVerifier.create(ORIGIN, TestKeys.fresh().getPublic());
    assertThatThrownBy(() -> sameNameOtherKey.verify(SIGNED))
        .isInstanceOfSatisfying(CheckpointException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NO_TRUSTED_SIGNATURE))
        .hasMessageContaining("not signed by the trusted key " + ORIGIN + "+")
        .hasMessageContaining("it is signed by " + ORIGIN + String.format("+%08x", SIGNER.keyId()));
    CheckpointVerifier otherName = CheckpointVerifier.create("other.example", KEYS.getPublic());
    assertThatThrownBy(() -> otherName.verify(SIGNED))
        .isInstanceOfSatisfying(CheckpointException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NO_TRUSTED_SIGNATURE));
  }

  @Test
  void aLineClaimingTheTrustedKeyMustVerify() {
    byte[] signature = SignedNote.sign(
        TestKeys.fresh().getPrivate(), CHECKPOINT.body().getBytes(StandardCharsets.UTF_8));
    String forged = CHECKPOINT.body() + "\n"
        + SignedNote.signatureLine(ORIGIN, SIGNER.keyId(), signature);
    assertBadSignature(forged);
  }

  @Test
  void editedTextFails() {
    assertBadSignature(SIGNED.replace("\n8\n", "\n9\n"));
    assertBadSignature(SIGNED.replace(ORIGIN + "\n", "audit.example.com/tenant-b\n"));
    String otherRoot = Base64.getEncoder().encodeToString(MerkleHashes.emptyRoot());
    assertBadSignature(SIGNED.replace(Base64.getEncoder().encodeToString(ROOT), otherRoot));
    // One character of the signature itself (after the 4-byte key id: base64 position >= 8).
    int at = SIGNED.lastIndexOf(' ') + 20;
    char replacement = SIGNED.charAt(at) == 'A' ? 'B' : 'A';
    assertBadSignature(SIGNED.substring(0, at) + replacement + SIGNED.substring(at + 1));
  }

  private static void assertBadSignature(String text) {
    assertThatThrownBy(() -> VERIFIER.verify(text))
        .isInstanceOfSatisfying(CheckpointException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE))
        .hasMessageContaining("does not verify");
  }

  @Test
  void otherSignaturesAreIgnored() {
    CheckpointSigner witness = CheckpointSigner.create("witness.example", TestKeys.fresh());
    String witnessLine = witness.sign(CHECKPOINT).text().substring(CHECKPOINT.body().length() + 1);
    String ownLine = SIGNED.substring(CHECKPOINT.body().length() + 1);
    String both = CHECKPOINT.body() + "\n" + witnessLine + ownLine;
    assertThat(VERIFIER.verify(both)).isEqualTo(CHECKPOINT);
    assertThat(witness.verifier().verify(both)).isEqualTo(CHECKPOINT);
    assertThatThrownBy(() -> VERIFIER.verify(CHECKPOINT.body() + "\n" + witnessLine))
        .isInstanceOfSatisfying(CheckpointException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NO_TRUSTED_SIGNATURE))
        .hasMessageContaining("it is signed by witness.example+");
  }

  static Stream<Arguments> malformed() {
    String body = CHECKPOINT.body();
    String line = SIGNED.substring(body.length() + 1);
    String b64Root = Base64.getEncoder().encodeToString(ROOT);
    return Stream.of(
        Arguments.of(SIGNED.substring(0, SIGNED.length() - 1), "does not end with a newline"),
        Arguments.of(body + line, "no blank line between the text and the signature lines"),
        Arguments.of(body + "\n", "no signature line after the blank line"),
        Arguments.of(body + "\n" + line.replace("\u2014 ", "-- "), "does not start with '\u2014 '"),
        Arguments.of(body + "\n\u2014 " + ORIGIN + "\n", "has no space between the key name"),
        Arguments.of(body + "\n" + line.replace("=\n", "\n"), "not standard base64 with padding"),
        Arguments.of(body + "\n\u2014 " + ORIGIN + " AAAAAA==\n", "the signature has 4 bytes"),
        Arguments.of(body + "\n" + line.repeat(101), "101 signature lines; at most 100"),
        Arguments.of(body + "\n\u2014 a+b " + line.substring(line.lastIndexOf(' ') + 1),
            "key name contains '+'"),
        Arguments.of(SIGNED.replace(ORIGIN, "audit\texample"), "control character U+0009"),
        Arguments.of(SIGNED.replace("\n", "\r\n"), "control character U+000D"),
        Arguments.of(SIGNED.replace("\n8\n", "\n"), "has 2 lines"),
        Arguments.of(SIGNED.replace(b64Root + "\n", b64Root + "\nextension\n"), "has 4 lines"),
        Arguments.of(SIGNED.replace(ORIGIN + "\n8\n", "\n8\n"), "origin (line 1) is empty"),
        Arguments.of(SIGNED.replace("\n8\n", "\n08\n"), "tree size (line 2) '08' is not a decimal"),
        Arguments.of(SIGNED.replace("\n8\n", "\n-1\n"), "tree size (line 2) '-1'"),
        Arguments.of(SIGNED.replace("\n8\n", "\n+8\n"), "tree size (line 2) '+8'"),
        Arguments.of(SIGNED.replace("\n8\n", "\n9223372036854775808\n"),
            "'9223372036854775808' is not a decimal number from 0 to 9223372036854775807"),
        Arguments.of(SIGNED.replace(b64Root, b64Root.replace("=", "")),
            "root hash (line 3) is not standard base64 with padding"),
        Arguments.of(SIGNED.replace(b64Root, HexFormat.of().formatHex(ROOT)),
            "root hash (line 3) has 48 bytes; expected 32"),
        Arguments.of(SIGNED.replace(b64Root,
                Base64.getEncoder().encodeToString(Arrays.copyOf(ROOT, 31))),
            "root hash (line 3) has 31 bytes; expected 32"),
        Arguments.of(SIGNED.replace(ORIGIN + "\n", "\uD800\n"), "unpaired surrogate"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedTextIsRefusedWithTheProblemNamed(String text, String problem) {
    assertThatThrownBy(() -> VERIFIER.verify(text))
        .isInstanceOfSatisfying(CheckpointException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
        .hasMessageContaining(problem);
  }

  @Test
  void verifierKeysWhoseBase64HoldsPlusSignsAreRead() throws Exception {
    java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("Ed25519");
    int withPlus = 0;
    for (int i = 0; i < 64 && withPlus < 5; i++) {
      CheckpointSigner signer = CheckpointSigner.create("log.example/keys", generator.generateKeyPair());
      String text = signer.verifier().verifierKey();
      if (text.substring("log.example/keys+12345678+".length()).contains("+")) {
        withPlus++;
        assertThat(CheckpointVerifier.fromVerifierKey(text)).isEqualTo(signer.verifier());
      }
    }
    assertThat(withPlus).as("keys with '+' in their base64 among 64 random ones").isPositive();
  }

  @Test
  void verifierKeyTextRoundTripsAndIsChecked() {
    String text = VERIFIER.verifierKey();
    assertThat(text).startsWith(ORIGIN + String.format("+%08x+", SIGNER.keyId()));
    String base64 = text.split("\\+", 3)[2];
    byte[] key = Base64.getDecoder().decode(base64);
    assertThat(key).hasSize(33).startsWith(0x01);
    assertThat(Arrays.copyOfRange(key, 1, 33))
        .isEqualTo(Arrays.copyOfRange(KEYS.getPublic().getEncoded(), 12, 44));
    assertThat(CheckpointVerifier.fromVerifierKey(text)).isEqualTo(VERIFIER);
    assertThat(CheckpointVerifier.fromVerifierKey(text).verify(SIGNED)).isEqualTo(CHECKPOINT);
    String wrongId = ORIGIN + "+00000000+" + base64;
    assertThatThrownBy(() -> CheckpointVerifier.fromVerifierKey(wrongId))
        .hasMessageContaining("does not match its name and key");
    assertThatThrownBy(() -> CheckpointVerifier.fromVerifierKey(ORIGIN + "+abc"))
        .hasMessageContaining("2 '+'-separated parts");
    assertThatThrownBy(() -> CheckpointVerifier.fromVerifierKey("n+1234567+AQ=="))
        .hasMessageContaining("is not 8 hex digits");
    assertThatThrownBy(() -> CheckpointVerifier.fromVerifierKey("n+12345678+AQ"))
        .hasMessageContaining("not standard base64");
    String notEd25519 = Base64.getEncoder().encodeToString(new byte[33]);
    assertThatThrownBy(() -> CheckpointVerifier.fromVerifierKey("n+12345678+" + notEd25519))
        .hasMessageContaining("not an Ed25519 key");
  }

  @Test
  void keysAndNamesAreChecked() throws Exception {
    KeyPair other = TestKeys.fresh();
    assertThatThrownBy(() ->
            CheckpointSigner.create(ORIGIN, new KeyPair(KEYS.getPublic(), other.getPrivate())))
        .hasMessageContaining("does not belong to the public key");
    KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
    assertThatThrownBy(() -> CheckpointSigner.create(ORIGIN, ec))
        .hasMessageContaining("not an Ed25519 public key");
    assertThatThrownBy(() -> CheckpointVerifier.create("a b", KEYS.getPublic()))
        .hasMessageContaining("key name contains the space or control character U+0020");
    assertThatThrownBy(() -> CheckpointVerifier.create("a+b", KEYS.getPublic()))
        .hasMessageContaining("contains '+'");
    assertThatThrownBy(() -> CheckpointVerifier.create("", KEYS.getPublic()))
        .hasMessageContaining("key name is empty");
    assertThat(SIGNER.toString()).doesNotContain("PRIVATE").contains(ORIGIN);
  }

  @Test
  void checkpointPartsAreChecked() {
    assertThatThrownBy(() -> new Checkpoint(ORIGIN, -1, ROOT)).hasMessageContaining("negative");
    assertThatThrownBy(() -> new Checkpoint(ORIGIN, 1, new byte[31]))
        .hasMessageContaining("root hash has 31 bytes");
    assertThatThrownBy(() -> new Checkpoint("a\u007fb", 1, ROOT))
        .hasMessageContaining("control character U+007F");
    byte[] root = CHECKPOINT.rootHash();
    root[0] ^= 1;
    assertThat(CHECKPOINT.rootHash()).isEqualTo(ROOT);
    assertThat(CHECKPOINT.rootHashHex()).isEqualTo(HexFormat.of().formatHex(ROOT));
  }
}
