package ai.chaukas.spec.toolkit.integrity.merkle;

import static ai.chaukas.spec.toolkit.integrity.merkle.Rfc9162Reference.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.toolkit.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The log against the RFC's recursive definitions, and proofs that must fail. */
class MerkleLogTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final int MAX = 64;
  private static final List<byte[]> CONTENT = contentHashes(MAX);
  private static final MerkleLog LOG = logOf(CONTENT);
  private static final byte[][] ROOTS = roots(LOG);

  private static byte[][] roots(MerkleLog log) {
    byte[][] roots = new byte[(int) log.size() + 1][];
    for (int n = 0; n < roots.length; n++) {
      roots[n] = log.root(n);
    }
    return roots;
  }

  static List<byte[]> contentHashes(int n) {
    List<byte[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(sha256(("event " + i).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  static MerkleLog logOf(List<byte[]> contentHashes) {
    MerkleLog log = new MerkleLog("audit.example.com/tenant-a");
    for (byte[] hash : contentHashes) {
      log.append(hash);
    }
    return log;
  }

  private static List<String> hex(List<byte[]> hashes) {
    return hashes.stream().map(HEX::formatHex).toList();
  }

  /** A copy of path whose hash i has the given bit (0 to 255) flipped. */
  private static List<byte[]> withBitFlipped(List<byte[]> path, int i, int bit) {
    List<byte[]> flipped = new ArrayList<>(path);
    byte[] hash = flipped.get(i).clone();
    hash[bit / 8] ^= (byte) (1 << (bit % 8));
    flipped.set(i, hash);
    return flipped;
  }

  private static byte[] leafHash(int i) {
    return MerkleHashes.leafHash(CONTENT.get(i));
  }

  @Test
  void rootOfEverySizeIsTheReferenceMth() {
    for (int n = 0; n <= MAX; n++) {
      assertThat(HEX.formatHex(LOG.root(n)))
          .as("root of %d leaves", n)
          .isEqualTo(HEX.formatHex(Rfc9162Reference.mth(CONTENT.subList(0, n))));
    }
  }

  @Test
  void currentRootFollowsEveryAppend() {
    MerkleLog log = new MerkleLog("audit.example.com/tenant-a");
    for (int n = 1; n <= MAX; n++) {
      assertThat(log.append(CONTENT.get(n - 1))).isEqualTo(n - 1);
      assertThat(log.size()).isEqualTo(n);
      assertThat(log.root()).as("root after %d appends", n)
          .isEqualTo(Rfc9162Reference.mth(CONTENT.subList(0, n)));
      assertThat(log.checkpoint()).isEqualTo(new Checkpoint(log.origin(), n, log.root()));
    }
  }

  @Test
  void inclusionProofsAreTheReferencePathsAndVerify() {
    for (int n = 1; n <= MAX; n++) {
      byte[] root = LOG.root(n);
      for (int m = 0; m < n; m++) {
        InclusionProof proof = LOG.inclusionProof(m, n);
        assertThat(proof.pathHex())
            .as("PATH(%d, D[%d])", m, n)
            .isEqualTo(hex(Rfc9162Reference.path(m, CONTENT.subList(0, n))));
        assertThat(proof.leafIndex()).isEqualTo(m);
        assertThat(proof.treeSize()).isEqualTo(n);
        VerificationResult result = ProofVerifier.verifyInclusion(leafHash(m), proof, root);
        assertThat(result.isVerified()).as("leaf %d of %d: %s", m, n, result).isTrue();
      }
    }
    assertThat(LOG.inclusionProof(MAX - 1)).isEqualTo(LOG.inclusionProof(MAX - 1, MAX));
  }

  @Test
  void consistencyProofsAreTheReferenceProofsAndVerify() {
    for (int n = 1; n <= MAX; n++) {
      for (int m = 0; m <= n; m++) {
        ConsistencyProof proof = LOG.consistencyProof(m, n);
        List<String> expected =
            m == 0 || m == n ? List.of() : hex(Rfc9162Reference.proof(m, CONTENT.subList(0, n)));
        assertThat(proof.pathHex()).as("PROOF(%d, D[%d])", m, n).isEqualTo(expected);
        VerificationResult result =
            ProofVerifier.verifyConsistency(proof, LOG.root(m), LOG.root(n));
        assertThat(result.isVerified()).as("%d to %d: %s", m, n, result).isTrue();
      }
    }
  }

  @Test
  void tamperedInclusionProofsFail() {
    Random random = new Random(9162);
    for (int n = 1; n <= MAX; n++) {
      byte[] root = ROOTS[n];
      for (int m = 0; m < n; m++) {
        InclusionProof proof = LOG.inclusionProof(m, n);
        List<byte[]> path = proof.path();
        String what = "leaf " + m + " of " + n;
        // One flipped bit anywhere in the path.
        for (int i = 0; i < path.size(); i++) {
          int bit = random.nextInt(256);
          List<byte[]> flipped = withBitFlipped(path, i, bit);
          assertThat(verify(m, new InclusionProof(m, n, flipped), root))
              .as("%s, bit %d of hash %d flipped", what, bit, i)
              .isEqualTo(Reason.ROOT_MISMATCH);
        }
        // Another leaf at this index; this leaf at another index.
        assertThat(ProofVerifier.verifyInclusion(leafHash((m + 1) % MAX), proof, root).reason())
            .as("%s, other leaf", what).isEqualTo(Reason.ROOT_MISMATCH);
        for (int other = Math.max(0, m - 3); other < Math.min(n, m + 4); other++) {
          if (other != m) {
            assertThat(verify(m, new InclusionProof(other, n, path), root))
                .as("%s claimed at index %d", what, other)
                .isNotNull();
          }
        }
        if (n - 1 - m != m) {
          assertThat(verify(m, new InclusionProof(n - 1 - m, n, path), root))
              .as("%s claimed at the mirrored index", what)
              .isNotNull();
        }
        assertThat(verify(m, new InclusionProof(n, n, path), root))
            .isEqualTo(Reason.INDEX_OUT_OF_RANGE);
        // The same path claimed for a nearby tree size, against that tree's root.
        for (int size = Math.max(m + 1, n - 3); size <= Math.min(MAX, n + 3); size++) {
          if (size != n) {
            assertThat(verify(m, new InclusionProof(m, size, path), ROOTS[size]))
                .as("%s claimed for size %d", what, size)
                .isNotNull();
          }
        }
        // Too short, too long.
        if (!path.isEmpty()) {
          assertThat(verify(m, new InclusionProof(m, n, path.subList(0, path.size() - 1)), root))
              .as("%s, truncated", what).isEqualTo(Reason.WRONG_PATH_LENGTH);
        }
        List<byte[]> longer = new ArrayList<>(path);
        longer.add(root);
        assertThat(verify(m, new InclusionProof(m, n, longer), root))
            .as("%s, extended", what).isEqualTo(Reason.WRONG_PATH_LENGTH);
      }
    }
  }

  private static Reason verify(int leaf, InclusionProof proof, byte[] root) {
    return ProofVerifier.verifyInclusion(leafHash(leaf), proof, root).reason();
  }

  @Test
  void tamperedConsistencyProofsFail() {
    Random random = new Random(2114);
    for (int n = 2; n <= MAX; n++) {
      for (int m = 1; m < n; m++) {
        ConsistencyProof proof = LOG.consistencyProof(m, n);
        List<byte[]> path = proof.path();
        byte[] oldRoot = ROOTS[m];
        byte[] newRoot = ROOTS[n];
        String what = m + " to " + n;
        for (int i = 0; i < path.size(); i++) {
          int bit = random.nextInt(256);
          List<byte[]> flipped = withBitFlipped(path, i, bit);
          assertThat(reason(new ConsistencyProof(m, n, flipped), oldRoot, newRoot))
              .as("%s, bit %d of hash %d flipped", what, bit, i)
              .isEqualTo(Reason.ROOT_MISMATCH);
        }
        assertThat(reason(proof, ROOTS[m - 1], newRoot)).as("%s, other old root", what)
            .isEqualTo(Reason.ROOT_MISMATCH);
        assertThat(reason(proof, oldRoot, n < MAX ? ROOTS[n + 1] : ROOTS[n - 1]))
            .as("%s, other new root", what)
            .isEqualTo(Reason.ROOT_MISMATCH);
        // The same hashes claimed for nearby sizes, against those sizes' roots.
        for (int otherOld = Math.max(1, m - 3); otherOld < Math.min(n, m + 4); otherOld++) {
          if (otherOld != m) {
            assertThat(reason(new ConsistencyProof(otherOld, n, path), ROOTS[otherOld], newRoot))
                .as("%s claimed from %d", what, otherOld)
                .isNotNull();
          }
        }
        for (int otherNew = Math.max(m + 1, n - 3); otherNew <= Math.min(MAX, n + 3); otherNew++) {
          if (otherNew != n) {
            assertThat(reason(new ConsistencyProof(m, otherNew, path), oldRoot, ROOTS[otherNew]))
                .as("%s claimed to %d", what, otherNew)
                .isNotNull();
          }
        }
        assertThat(reason(new ConsistencyProof(m, n, path.subList(0, path.size() - 1)),
                oldRoot, newRoot))
            .as("%s, truncated", what)
            .isIn(Reason.WRONG_PATH_LENGTH, Reason.ROOT_MISMATCH);
        List<byte[]> longer = new ArrayList<>(path);
        longer.add(newRoot);
        assertThat(reason(new ConsistencyProof(m, n, longer), oldRoot, newRoot))
            .as("%s, extended", what).isEqualTo(Reason.WRONG_PATH_LENGTH);
        assertThat(reason(new ConsistencyProof(n, m, path), newRoot, oldRoot))
            .as("%s, reversed", what).isEqualTo(Reason.MALFORMED);
      }
    }
  }

  private static Reason reason(ConsistencyProof proof, byte[] oldRoot, byte[] newRoot) {
    return ProofVerifier.verifyConsistency(proof, oldRoot, newRoot).reason();
  }

  @Test
  void trivialConsistencyNeedsEmptyProofAndMatchingRoots() {
    byte[] root5 = LOG.root(5);
    assertThat(reason(new ConsistencyProof(5, 5, List.of()), root5, root5))
        .isNull();
    assertThat(reason(new ConsistencyProof(5, 5, List.of()), root5, LOG.root(6)))
        .isEqualTo(Reason.ROOT_MISMATCH);
    assertThat(reason(new ConsistencyProof(5, 5, List.of(root5)), root5, root5))
        .isEqualTo(Reason.WRONG_PATH_LENGTH);
    assertThat(reason(new ConsistencyProof(0, 5, List.of()), MerkleHashes.emptyRoot(), root5))
        .isNull();
    assertThat(reason(new ConsistencyProof(0, 5, List.of()), root5, root5))
        .isEqualTo(Reason.ROOT_MISMATCH);
    byte[] empty = MerkleHashes.emptyRoot();
    assertThat(reason(new ConsistencyProof(0, 0, List.of()), empty, empty))
        .isNull();
    assertThat(reason(new ConsistencyProof(0, 0, List.of()), empty, root5))
        .isEqualTo(Reason.ROOT_MISMATCH);
    assertThat(reason(new ConsistencyProof(3, 5, List.of()), LOG.root(3), root5))
        .isEqualTo(Reason.WRONG_PATH_LENGTH);
  }

  @Test
  void largeLogMatchesTheReference() {
    int n = 100_000;
    List<byte[]> content = contentHashes(n);
    MerkleLog log = logOf(content);
    for (int size : new int[] {(1 << 16) + 1, n}) {
      assertThat(log.root(size)).as("root of %d", size)
          .isEqualTo(Rfc9162Reference.mth(content.subList(0, size)));
    }
    Random random = new Random(100_000);
    byte[] root = log.root();
    for (int i = 0; i < 2_000; i++) {
      int m = random.nextInt(n);
      InclusionProof proof = log.inclusionProof(m);
      assertThat(proof.pathLength()).isEqualTo(depth(m, n));
      assertThat(ProofVerifier.verifyInclusion(MerkleHashes.leafHash(content.get(m)), proof, root)
              .isVerified())
          .as("leaf %d", m).isTrue();
    }
    for (int m : new int[] {1 << 16, n - 1}) {
      assertThat(log.inclusionProof(m).pathHex())
          .isEqualTo(hex(Rfc9162Reference.path(m, content)));
    }
    for (int m : new int[] {4_097, 65_536}) {
      ConsistencyProof proof = log.consistencyProof(m, n);
      assertThat(proof.pathHex()).isEqualTo(hex(Rfc9162Reference.proof(m, content)));
      assertThat(ProofVerifier.verifyConsistency(proof, log.root(m), root).isVerified()).isTrue();
    }
  }

  /** How many hashes PATH(m, D[n]) has: the leaf's depth in the RFC's tree shape. */
  private static int depth(long m, long n) {
    if (n == 1) {
      return 0;
    }
    long k = 1;
    while (k * 2 < n) {
      k *= 2;
    }
    return 1 + (m < k ? depth(m, k) : depth(m - k, n - k));
  }

  @Test
  void readersRunWhileAppendsHappen() throws Exception {
    int n = 20_000;
    List<byte[]> content = contentHashes(n);
    MerkleLog log = new MerkleLog("audit.example.com/tenant-a");
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> readers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int seed = t;
        readers.add(pool.submit(() -> {
          Random random = new Random(seed);
          int checked = 0;
          while (!done.get() || checked == 0) {
            Checkpoint checkpoint = log.checkpoint();
            long size = checkpoint.treeSize();
            if (size == 0) {
              continue;
            }
            int m = random.nextInt((int) size);
            InclusionProof proof = log.inclusionProof(m, size);
            VerificationResult result = ProofVerifier.verifyInclusion(
                MerkleHashes.leafHash(content.get(m)), proof, checkpoint.rootHash());
            if (!result.isVerified()) {
              throw new AssertionError(result.toString());
            }
            checked++;
          }
          return checked;
        }));
      }
      for (byte[] hash : content) {
        log.append(hash);
      }
      done.set(true);
      for (Future<Integer> reader : readers) {
        assertThat(reader.get(30, TimeUnit.SECONDS)).isPositive();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(log.root()).isEqualTo(Rfc9162Reference.mth(content));
  }

  @Test
  void refusesWhatItNeverHad() {
    MerkleLog log = logOf(CONTENT.subList(0, 5));
    assertThatThrownBy(() -> log.append(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("31 bytes");
    assertThatThrownBy(() -> log.append("abc")).hasMessageContaining("3 characters");
    assertThatThrownBy(() -> log.root(6)).hasMessageContaining("tree size 6 is not between 0 and");
    assertThatThrownBy(() -> log.root(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.inclusionProof(5))
        .hasMessageContaining("leaf index 5 is not in a tree of 5 leaves");
    assertThatThrownBy(() -> log.inclusionProof(0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.consistencyProof(4, 3))
        .hasMessageContaining("old tree size 4 is not between 0 and the new tree size 3");
    assertThatThrownBy(() -> log.consistencyProof(1, 6)).hasMessageContaining("new tree size 6");
    assertThatThrownBy(() -> log.leafHash(5)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> log.wormProofId(5)).hasMessageContaining("leaf 5 does not exist");
    assertThatThrownBy(() -> new MerkleLog("")).hasMessageContaining("origin is empty");
    assertThatThrownBy(() -> new MerkleLog("a\nb")).hasMessageContaining("U+000A");
    assertThat(log.size()).isEqualTo(5);
  }

  @Test
  void wormProofIdAndCheckpointNameTheLog() {
    MerkleLog log = logOf(CONTENT.subList(0, 3));
    assertThat(log.wormProofId(2).toString()).isEqualTo("audit.example.com/tenant-a/2");
    assertThat(log.checkpoint(2).body())
        .isEqualTo("audit.example.com/tenant-a\n2\n"
            + java.util.Base64.getEncoder().encodeToString(log.root(2)) + "\n");
  }

  @Test
  void bundlesOnlyForThisLogsCheckpoints() {
    MerkleLog log = logOf(CONTENT.subList(0, 6));
    CheckpointSigner signer = CheckpointSigner.create("audit.example.com/tenant-a", TestKeys.fresh());
    SignedCheckpoint atFour = signer.sign(log.checkpoint(4));
    ProofBundle bundle = log.proofBundle(3, atFour);
    assertThat(bundle.treeSize()).isEqualTo(4);
    assertThat(bundle.inclusionProof()).isEqualTo(log.inclusionProof(3, 4));
    assertThatThrownBy(() -> log.proofBundle(4, atFour))
        .hasMessageContaining("leaf index 4 is not in a tree of 4 leaves");
    MerkleLog other = logOf(CONTENT.subList(1, 7));
    assertThatThrownBy(() -> other.proofBundle(0, atFour))
        .hasMessageContaining("is not this log's root at size 4");
    SignedCheckpoint foreign =
        signer.sign(new Checkpoint("elsewhere.example/log", 4, log.root(4)));
    assertThatThrownBy(() -> log.proofBundle(0, foreign))
        .hasMessageContaining("checkpoint of log 'elsewhere.example/log'");
    SignedCheckpoint future = signer.sign(new Checkpoint(log.origin(), 7, log.root(6)));
    assertThatThrownBy(() -> log.proofBundle(0, future))
        .hasMessageContaining("checkpoint tree size 7");
  }
}
