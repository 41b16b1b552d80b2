package ai.chaukas.spec.toolkit.integrity.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.toolkit.ChaukasException;
import ai.chaukas.spec.toolkit.Reason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The body both proof types share, and the result and exception types of the package. */
class MerkleProofTest {

  private static final String A = "aa".repeat(32);
  private static final String B = "bb".repeat(32);

  @Test
  void hexAndBytesFormsAreTheSameProof() {
    InclusionProof hex = InclusionProof.fromHex(3, 5, List.of(A, B));
    InclusionProof bytes = new InclusionProof(3, 5, List.of(MerkleHashes.fromHex(A), MerkleHashes.fromHex(B)));
    assertThat(hex).isEqualTo(bytes).hasSameHashCodeAs(bytes);
    assertThat(hex.pathLength()).isEqualTo(2);
    assertThat(hex.pathHash(1)).isEqualTo(MerkleHashes.fromHex(B));
    assertThat(hex.path()).hasSize(2);
    assertThat(hex.pathHex()).containsExactly(A, B);
    assertThat(hex.leafIndex()).isEqualTo(3);
    assertThat(hex.treeSize()).isEqualTo(5);
    assertThat(hex).hasToString("InclusionProof{leafIndex=3, treeSize=5, path=[" + A + ", " + B + "]}");

    ConsistencyProof consistency = ConsistencyProof.fromHex(3, 5, List.of(A, B));
    assertThat(consistency.oldSize()).isEqualTo(3);
    assertThat(consistency.newSize()).isEqualTo(5);
    assertThat(consistency).hasToString("ConsistencyProof{oldSize=3, newSize=5, path=[" + A + ", " + B + "]}");
    assertThat(consistency).isEqualTo(new ConsistencyProof(3, 5, hex.path()));
  }

  @Test
  void proofsDifferByTypeNumbersAndEveryHash() {
    InclusionProof p = InclusionProof.fromHex(3, 5, List.of(A, B));
    assertThat(p).isNotEqualTo(ConsistencyProof.fromHex(3, 5, List.of(A, B)));
    assertThat(p).isNotEqualTo(InclusionProof.fromHex(2, 5, List.of(A, B)));
    assertThat(p).isNotEqualTo(InclusionProof.fromHex(3, 6, List.of(A, B)));
    assertThat(p).isNotEqualTo(InclusionProof.fromHex(3, 5, List.of(A, A)));
    assertThat(p).isNotEqualTo(InclusionProof.fromHex(3, 5, List.of(A)));
  }

  @Test
  void copiesInAndOut() {
    byte[] hash = MerkleHashes.fromHex(A);
    List<byte[]> path = new ArrayList<>(List.of(hash));
    InclusionProof p = new InclusionProof(0, 2, path);
    hash[0] = 0;
    path.clear();
    p.pathHash(0)[1] = 0;
    p.path().get(0)[2] = 0;
    assertThat(p.pathHex()).containsExactly(A);
    assertThatThrownBy(() -> p.path().add(hash)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> p.pathHash(1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> p.pathHash(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void refusals() {
    assertThatThrownBy(() -> new InclusionProof(-1, 5, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("leaf index -1 is negative");
    assertThatThrownBy(() -> new InclusionProof(0, -5, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("tree size -5 is negative");
    assertThatThrownBy(() -> new ConsistencyProof(-1, 5, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("old tree size -1 is negative");
    assertThatThrownBy(() -> ConsistencyProof.fromHex(1, -5, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("new tree size -5 is negative");
    assertThatThrownBy(() -> InclusionProof.fromHex(0, 2, List.of(A, "AB")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("inclusion path[1]: ");
    assertThatThrownBy(() -> new ConsistencyProof(1, 2, List.of(new byte[31])))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("consistency path[0]");
    List<String> tooMany = Collections.nCopies(MerkleProof.MAX_HASHES + 1, A);
    assertThatThrownBy(() -> ConsistencyProof.fromHex(1, 2, tooMany))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("consistency path has 65 hashes; no proof needs more than 64");
    assertThat(InclusionProof.fromHex(0, 2, Collections.nCopies(MerkleProof.MAX_HASHES, A)).pathLength())
        .isEqualTo(64);
  }

  @Test
  void successHasNoReason() {
    VerificationResult ok = VerificationResult.verified("leaf 0 is in the tree of 1 leaves");
    assertThat(ok.isVerified()).isTrue();
    assertThat(ok.reason()).isNull();
    assertThat(ok).hasToString("VERIFIED: leaf 0 is in the tree of 1 leaves");
    VerificationResult bad = VerificationResult.failed(Reason.ROOT_MISMATCH, "differs");
    assertThat(bad.isVerified()).isFalse();
    assertThat(bad).hasToString("ROOT_MISMATCH: differs");
    assertThatThrownBy(() -> VerificationResult.failed(null, "x")).isInstanceOf(NullPointerException.class);
  }

  @Test
  void checkpointRefusalsAreChaukasExceptions() {
    CheckpointVerifier key = CheckpointSigner.create("audit.example.com/t", TestKeys.fixed()).verifier();
    assertThatThrownBy(() -> key.verify("not a checkpoint"))
        .isInstanceOfSatisfying(ChaukasException.class, e -> {
          assertThat(e).isInstanceOf(CheckpointException.class);
          assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
          assertThat(e.path().isRoot()).isTrue();
          assertThat(e.getMessage()).isEqualTo(e.detail());
        });
  }
}
