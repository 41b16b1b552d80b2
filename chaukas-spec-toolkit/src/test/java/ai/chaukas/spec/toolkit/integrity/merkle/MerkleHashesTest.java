package ai.chaukas.spec.toolkit.integrity.merkle;

import static ai.chaukas.spec.toolkit.integrity.merkle.Rfc9162Reference.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.toolkit.Reason;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The known answers of RFC 9162 hashing and the published RFC 6962 test tree. */
class MerkleHashesTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void emptyTreeRootIsSha256OfNothing() {
    String expected = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    assertThat(MerkleHashes.toHex(MerkleHashes.emptyRoot())).isEqualTo(expected);
    assertThat(MerkleHashes.toHex(new MerkleLog("example.com/log").root())).isEqualTo(expected);
    assertThat(MerkleHashes.toHex(new MerkleLog("example.com/log").root(0))).isEqualTo(expected);
  }

  @Test
  void leafHashOfEmptyInput() {
    assertThat(MerkleHashes.toHex(MerkleHashes.leafHash(new byte[0])))
        .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
        .isEqualTo(HEX.formatHex(sha256(new byte[] {0x00})));
  }

  @Test
  void twoLeafTreeOfEmptyLeaves() {
    byte[] leaf = sha256(new byte[] {0x00});
    byte[] independent = sha256(new byte[] {0x01}, leaf, leaf);
    byte[] root =
        MerkleHashes.nodeHash(MerkleHashes.leafHash(new byte[0]), MerkleHashes.leafHash(new byte[0]));
    assertThat(root).isEqualTo(independent);
    assertThat(MerkleHashes.toHex(root))
        .isEqualTo("fe43d66afa4a9a5c4f9c9da89f4ffb52635c8f342e7ffb731d68e36c5982072a");
  }

  @Test
  void twoLeafLogOfContentHashes() {
    byte[] a = sha256("a".getBytes(StandardCharsets.UTF_8));
    byte[] b = sha256("b".getBytes(StandardCharsets.UTF_8));
    MerkleLog log = new MerkleLog("example.com/log");
    log.append(a);
    log.append(MerkleHashes.toHex(b));
    byte[] independent =
        sha256(new byte[] {0x01}, sha256(new byte[] {0x00}, a), sha256(new byte[] {0x00}, b));
    assertThat(log.root()).isEqualTo(independent);
    assertThat(MerkleHashes.toHex(log.root()))
        .isEqualTo("ad5ca6cddc0b27c6a83e332bf28011769236e6c6a1f786ebf7b5267b37a5bd22");
    assertThat(MerkleHashes.toHex(log.leafHash(0)))
        .isEqualTo(HEX.formatHex(sha256(new byte[] {0x00}, a)));
  }

  /** The eight-leaf tree published with RFC 6962's reference code (same hashing as RFC 9162). */
  static final List<String> RFC6962_LEAVES =
      List.of("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
          "606162636465666768696a6b6c6d6e6f");

  static final List<String> RFC6962_ROOTS =
      List.of(
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
          "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
          "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
          "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
          "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
          "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  /** The audit path of leaf 0 of the eight-leaf tree, which is also its consistency proof from size 1. */
  private static final List<String> PATH_OF_LEAF_0_OF_8 =
      List.of(
          "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");

  static List<byte[]> rfc6962Leaves() {
    return RFC6962_LEAVES.stream().map(HEX::parseHex).toList();
  }

  @Test
  void referenceReproducesThePublishedRoots() {
    List<byte[]> leaves = rfc6962Leaves();
    for (int n = 1; n <= 8; n++) {
      assertThat(HEX.formatHex(Rfc9162Reference.mth(leaves.subList(0, n))))
          .as("root of %d leaves", n)
          .isEqualTo(RFC6962_ROOTS.get(n - 1));
    }
  }

  @Test
  void publishedInclusionProofsVerify() {
    List<byte[]> leaves = rfc6962Leaves();
    byte[] root = HEX.parseHex(RFC6962_ROOTS.get(7));
    InclusionProof leaf0 = InclusionProof.fromHex(0, 8, PATH_OF_LEAF_0_OF_8);
    InclusionProof leaf5 =
        InclusionProof.fromHex(5, 8, List.of(
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"));
    assertThat(leaf0.pathHex())
        .isEqualTo(Rfc9162Reference.path(0, leaves).stream().map(HEX::formatHex).toList());
    assertThat(inclusion(leaves.get(0), leaf0, root).isVerified()).isTrue();
    assertThat(inclusion(leaves.get(5), leaf5, root).isVerified()).isTrue();
    assertThat(inclusion(leaves.get(4), leaf5, root).reason()).isEqualTo(Reason.ROOT_MISMATCH);
  }

  private static VerificationResult inclusion(byte[] leaf, InclusionProof proof, byte[] root) {
    return ProofVerifier.verifyInclusion(MerkleHashes.leafHash(leaf), proof, root);
  }

  @Test
  void publishedConsistencyProofsVerify() {
    List<byte[]> leaves = rfc6962Leaves();
    ConsistencyProof oneToEight = ConsistencyProof.fromHex(1, 8, PATH_OF_LEAF_0_OF_8);
    ConsistencyProof sixToEight =
        ConsistencyProof.fromHex(6, 8, List.of(
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"));
    ConsistencyProof twoToFive =
        ConsistencyProof.fromHex(2, 5, List.of(
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"));
    for (ConsistencyProof proof : List.of(oneToEight, sixToEight, twoToFive)) {
      int m = (int) proof.oldSize();
      int n = (int) proof.newSize();
      assertThat(proof.pathHex())
          .isEqualTo(Rfc9162Reference.proof(m, leaves.subList(0, n)).stream()
              .map(HEX::formatHex).toList());
      VerificationResult result =
          ProofVerifier.verifyConsistency(
              proof, HEX.parseHex(RFC6962_ROOTS.get(m - 1)), HEX.parseHex(RFC6962_ROOTS.get(n - 1)));
      assertThat(result.isVerified()).as("%s: %s", proof, result).isTrue();
    }
    assertThat(ProofVerifier.verifyConsistency(
            sixToEight, HEX.parseHex(RFC6962_ROOTS.get(4)), HEX.parseHex(RFC6962_ROOTS.get(7)))
        .reason())
        .isEqualTo(Reason.ROOT_MISMATCH);
  }

  @Test
  void hexIsStrict() {
    String hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    assertThat(MerkleHashes.toHex(MerkleHashes.fromHex(hash))).isEqualTo(hash);
    assertThatThrownBy(() -> MerkleHashes.fromHex(hash.toUpperCase()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'E' at position 0");
    assertThatThrownBy(() -> MerkleHashes.fromHex(hash.substring(2)))
        .hasMessageContaining("62 characters");
    assertThatThrownBy(() -> MerkleHashes.fromHex(hash.replace('e', 'g')))
        .hasMessageContaining("'g'");
    assertThatThrownBy(() -> MerkleHashes.fromHex(null)).hasMessageContaining("missing");
  }

  @Test
  void nodeHashNeedsTwoHashes() {
    assertThatThrownBy(() -> MerkleHashes.nodeHash(new byte[31], new byte[32]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("left has 31 bytes");
    assertThatThrownBy(() -> MerkleHashes.nodeHash(new byte[32], null))
        .hasMessageContaining("right is missing");
  }
}
