package ai.chaukas.spec.toolkit.integrity.merkle;

import static ai.chaukas.spec.toolkit.integrity.merkle.Rfc9162Reference.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.toolkit.Reason;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bundles end to end: log, signed checkpoint, JSON, verification with only the key. */
class ProofBundleTest {

  private static final String ORIGIN = "audit.example.com/tenant-a";
  private static final CheckpointSigner SIGNER = CheckpointSigner.create(ORIGIN, TestKeys.fixed());
  private static final CheckpointVerifier KEY = SIGNER.verifier();

  /** The documented example: five events, the bundle of leaf 3, signed with the fixed key. */
  static final String EXAMPLE_JSON =
      "{\"format\":\"chaukas-merkle-inclusion-v1\","
          + "\"checkpoint\":\"audit.example.com/tenant-a\\n5\\nSo/g2B+qbvPQ0LWl300SkmeLdVFNp2iCBhWFbFYUsFU=\\n\\n"
          + "\u2014 audit.example.com/tenant-a "
          + "GsF5fziDCvY9a4OLHEPDVMxBRZcMs2ywp+RA9WKtnTHM5vx8/9+eB3KHE2vwusbEZpCK5/ROr2HYOuX+ycSHy7UarwY=\\n\","
          + "\"leaf_index\":3,\"tree_size\":5,\"inclusion_path\":["
          + "\"844a329ebe8751c7fefa6a46cac076e69401ad5b04f8ddd016d23e4a2d8e10e7\","
          + "\"81f5c95d6bef476e64b9599984e1033ec99eca3610a7750c7cca284764e35530\","
          + "\"5a303f540cf9422b15446a945c7c78d27242002e9974b99f6cc3934ba71a64e6\"]}";

  static String contentHash(int i) {
    return HexFormat.of().formatHex(sha256(("event " + i).getBytes(StandardCharsets.UTF_8)));
  }

  static MerkleLog logOf(int n) {
    MerkleLog log = new MerkleLog(ORIGIN);
    for (int i = 0; i < n; i++) {
      log.append(contentHash(i));
    }
    return log;
  }

  @Test
  void documentedExample() {
    MerkleLog log = logOf(5);
    ProofBundle bundle = log.proofBundle(3, log.signCheckpoint(SIGNER));
    assertThat(bundle.toJson()).isEqualTo(EXAMPLE_JSON);
    assertThat(ProofVerifier.verifyJson(EXAMPLE_JSON, contentHash(3), KEY).isVerified()).isTrue();
    JsonObject json = JsonParser.parseString(EXAMPLE_JSON).getAsJsonObject();
    assertThat(json.keySet())
        .containsExactly("format", "checkpoint", "leaf_index", "tree_size", "inclusion_path");
    assertThat(json.get("checkpoint").getAsString()).isEqualTo(bundle.checkpoint());
    assertThat(json.get("leaf_index").getAsLong()).isEqualTo(3);
    assertThat(json.get("tree_size").getAsLong()).isEqualTo(5);
    assertThat(json.getAsJsonArray("inclusion_path").asList())
        .extracting(e -> e.getAsString())
        .containsExactlyElementsOf(log.inclusionProof(3).pathHex());
  }

  @Test
  void everyLeafVerifiesWithOnlyTheKey() {
    MerkleLog log = logOf(21);
    SignedCheckpoint checkpoint = log.signCheckpoint(SIGNER);
    CheckpointVerifier reader = CheckpointVerifier.fromVerifierKey(KEY.verifierKey());
    for (int i = 0; i < 21; i++) {
      String json = log.proofBundle(i, checkpoint).toJson();
      ProofBundle bundle = ProofBundle.fromJson(json);
      assertThat(bundle).isEqualTo(log.proofBundle(i, checkpoint));
      VerificationResult result = ProofVerifier.verify(bundle, contentHash(i), reader);
      assertThat(result.isVerified()).as("leaf %d: %s", i, result).isTrue();
      assertThat(result.message()).contains("is leaf " + i + " of " + ORIGIN + " at tree size 21");
      assertThat(ProofVerifier.verify(bundle, contentHash(i), ORIGIN + "/" + i, reader).reason())
          .isNull();
    }
  }

  @Test
  void failuresHaveTheirReasons() {
    MerkleLog log = logOf(6);
    SignedCheckpoint checkpoint = log.signCheckpoint(SIGNER);
    ProofBundle bundle = log.proofBundle(4, checkpoint);
    String leaf = contentHash(4);
    InclusionProof proof = bundle.inclusionProof();

    assertThat(reason(bundle, contentHash(5), KEY)).isEqualTo(Reason.ROOT_MISMATCH);
    assertThat(reason(bundle, leaf.toUpperCase(), KEY)).isEqualTo(Reason.MALFORMED);
    assertThat(reason(bundle, leaf,
            CheckpointVerifier.create(ORIGIN, TestKeys.fresh().getPublic())))
        .isEqualTo(Reason.NO_TRUSTED_SIGNATURE);
    assertThat(reason(new ProofBundle(checkpoint.text().replace("\n6\n", "\n7\n"), proof), leaf,
            KEY))
        .isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(reason(new ProofBundle("not a checkpoint", proof), leaf, KEY))
        .isEqualTo(Reason.MALFORMED);
    assertThat(reason(new ProofBundle(checkpoint.text(),
            new InclusionProof(6, 6, proof.path())), leaf, KEY))
        .isEqualTo(Reason.INDEX_OUT_OF_RANGE);
    assertThat(reason(new ProofBundle(checkpoint.text(),
            new InclusionProof(4, 5, proof.path())), leaf, KEY))
        .isEqualTo(Reason.MALFORMED);
    assertThat(reason(new ProofBundle(checkpoint.text(),
            new InclusionProof(4, 6, proof.path().subList(0, 1))), leaf, KEY))
        .isEqualTo(Reason.WRONG_PATH_LENGTH);
    List<byte[]> reversed = new ArrayList<>(proof.path());
    Collections.reverse(reversed);
    assertThat(reason(new ProofBundle(checkpoint.text(), new InclusionProof(4, 6, reversed)), leaf,
            KEY))
        .isEqualTo(Reason.ROOT_MISMATCH);

    assertThat(ProofVerifier.verify(bundle, leaf, ORIGIN + "/5", KEY).reason())
        .isEqualTo(Reason.WORM_ID_MISMATCH);
    assertThat(ProofVerifier.verify(bundle, leaf, "other.example/4", KEY).reason())
        .isEqualTo(Reason.WORM_ID_MISMATCH);
    assertThat(ProofVerifier.verify(bundle, leaf, "4", KEY).reason()).isEqualTo(Reason.MALFORMED);
    assertThat(ProofVerifier.verify(bundle, contentHash(5), ORIGIN + "/4", KEY).reason())
        .isEqualTo(Reason.ROOT_MISMATCH);
    assertThat(ProofVerifier.verifyJson("{}", leaf, KEY).reason()).isEqualTo(Reason.MALFORMED);
    assertThat(ProofVerifier.verifyJson("{}", leaf, KEY).message())
        .isEqualTo("proof bundle lacks the member 'format'");
  }

  private static Reason reason(ProofBundle bundle, String leaf, CheckpointVerifier key) {
    return ProofVerifier.verify(bundle, leaf, key).reason();
  }

  @Test
  void bundleOfNeedsMatchingSizes() {
    MerkleLog log = logOf(6);
    SignedCheckpoint checkpoint = log.signCheckpoint(SIGNER);
    assertThatThrownBy(() -> ProofBundle.of(checkpoint, log.inclusionProof(1, 5)))
        .hasMessageContaining("the proof is for a tree of 5 leaves, the checkpoint for 6");
  }

  private static final String CP = "\"checkpoint\":\"x\"";
  private static final String H =
      "\"abababababababababababababababababababababababababababababababab\"";

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "[]|is not a JSON object",
    "{\"format\":\"chaukas-merkle-inclusion-v1\"," + CP + ",\"leaf_index\":0,\"tree_size\":1,"
        + "\"inclusion_path\":[],\"extra\":1}|unknown member 'extra'",
    "{\"format\":\"chaukas-merkle-inclusion-v1\"," + CP + "," + CP + "}|member 'checkpoint' twice",
    "{\"format\":\"chaukas-merkle-inclusion-v1\"," + CP + ",\"leaf_index\":0,\"tree_size\":1}"
        + "|lacks the member 'inclusion_path'",
    "{\"format\":\"v2\"," + CP + ",\"leaf_index\":0,\"tree_size\":1,\"inclusion_path\":[]}"
        + "|has format 'v2'",
    "{\"format\":\"chaukas-merkle-inclusion-v1\"," + CP + ",\"leaf_index\":1.0,\"tree_size\":1,"
        + "\"inclusion_path\":[]}|member 'leaf_index' is 1.0",
    "{\"format\":\"chaukas-merkle-inclusion-v1\"," + CP + ",\"leaf_index\":-1,\"tree_size\":1,"
        + "\"inclusion_path\":[]}|member 'leaf_index' is -1",
    "{\"format\":\"chaukas-merkle-inclusion-v1\"," + CP + ",\"leaf_index\":1e2,\"tree_size\":1,"
        + "\"inclusion_path\":[]}|member 'leaf_index' is 1e2",
    "{\"format\":\"chaukas-merkle-inclusion-v1\"," + CP + ",\"leaf_index\":0,"
        + "\"tree_size\":9223372036854775808,\"inclusion_path\":[]}"
        + "|member 'tree_size' is 9223372036854775808",
    "{\"format\":\"chaukas-merkle-inclusion-v1\"," + CP + ",\"leaf_index\":\"0\",\"tree_size\":1,"
        + "\"inclusion_path\":[]}|member 'leaf_index' is not a number",
    "{\"format\":\"chaukas-merkle-inclusion-v1\",\"checkpoint\":1,\"leaf_index\":0,\"tree_size\":1,"
        + "\"inclusion_path\":[]}|member 'checkpoint' is not a string",
    "{\"format\":\"chaukas-merkle-inclusion-v1\"," + CP + ",\"leaf_index\":0,\"tree_size\":1,"
        + "\"inclusion_path\":" + H + "}|member 'inclusion_path' is not an array",
    "{\"format\":\"chaukas-merkle-inclusion-v1\"," + CP + ",\"leaf_index\":0,\"tree_size\":1,"
        + "\"inclusion_path\":[\"AB\"]}|inclusion path[0]: hash has 2 characters",
    "{\"format\":\"chaukas-merkle-inclusion-v1\"," + CP + ",\"leaf_index\":0,\"tree_size\":1,"
        + "\"inclusion_path\":[]} {}|is not valid JSON",
    "{\"format\":\"chaukas-merkle-inclusion-v1\"," + CP + ",\"leaf_index\":01,\"tree_size\":1,"
        + "\"inclusion_path\":[]}|is not valid JSON",
    "{'format':'chaukas-merkle-inclusion-v1'}|is not valid JSON",
    "{\"format\":\"chaukas-merkle-inclusion-v1\" /* c */}|is not valid JSON",
    "{\"format\":\"chaukas-merkle-inclusion-v1\"," + CP + ",\"leaf_index\":0,\"tree_size\":1,"
        + "\"inclusion_path\":[}|is not valid JSON",
  })
  void fromJsonIsStrict(String json, String problem) {
    assertThatThrownBy(() -> ProofBundle.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("proof bundle ")
        .hasMessageContaining(problem);
  }

  @Test
  void fromJsonBoundsThePath() {
    String path = String.join(",", Collections.nCopies(65, H));
    String json = "{\"format\":\"chaukas-merkle-inclusion-v1\"," + CP
        + ",\"leaf_index\":0,\"tree_size\":1,\"inclusion_path\":[" + path + "]}";
    assertThatThrownBy(() -> ProofBundle.fromJson(json))
        .hasMessageContaining("more than 64 hashes");
  }

  @Test
  void consistencyBetweenSignedCheckpoints() {
    MerkleLog log = logOf(5);
    SignedCheckpoint older = log.signCheckpoint(SIGNER);
    for (int i = 5; i < 13; i++) {
      log.append(contentHash(i));
    }
    SignedCheckpoint newer = log.signCheckpoint(SIGNER);
    ConsistencyProof proof = log.consistencyProof(5, 13);

    assertThat(ProofVerifier.verifyConsistency(older.text(), newer.text(), proof, KEY).reason())
        .isNull();
    assertThat(ProofVerifier.verifyConsistency(newer.text(), older.text(), proof, KEY).reason())
        .isEqualTo(Reason.MALFORMED);
    assertThat(ProofVerifier.verifyConsistency(older.text(), newer.text(),
            log.consistencyProof(4, 13), KEY).reason())
        .isEqualTo(Reason.MALFORMED);
    List<byte[]> path = new ArrayList<>(proof.path());
    path.set(0, path.get(1));
    assertThat(ProofVerifier.verifyConsistency(older.text(), newer.text(),
            new ConsistencyProof(5, 13, path), KEY).reason())
        .isEqualTo(Reason.ROOT_MISMATCH);
    MerkleLog forked = logOf(5);
    for (int i = 5; i < 13; i++) {
      forked.append(contentHash(i + 100));
    }
    SignedCheckpoint fork = forked.signCheckpoint(SIGNER);
    assertThat(ProofVerifier.verifyConsistency(older.text(), fork.text(),
            forked.consistencyProof(5, 13), KEY).reason())
        .isNull();
    assertThat(ProofVerifier.verifyConsistency(older.text(), fork.text(), proof, KEY).reason())
        .isEqualTo(Reason.ROOT_MISMATCH);

    SignedCheckpoint elsewhere =
        SIGNER.sign(new Checkpoint("elsewhere.example", 13, log.root()));
    VerificationResult differentLogs =
        ProofVerifier.verifyConsistency(older.text(), elsewhere.text(), proof, KEY);
    assertThat(differentLogs.reason()).isEqualTo(Reason.MALFORMED);
    assertThat(differentLogs.message()).contains("different logs");
    VerificationResult untrusted = ProofVerifier.verifyConsistency(
        CheckpointSigner.create(ORIGIN, TestKeys.fresh()).sign(older.checkpoint()).text(),
        newer.text(), proof, KEY);
    assertThat(untrusted.reason()).isEqualTo(Reason.NO_TRUSTED_SIGNATURE);
    assertThat(untrusted.message()).startsWith("old checkpoint: ");
  }
}
