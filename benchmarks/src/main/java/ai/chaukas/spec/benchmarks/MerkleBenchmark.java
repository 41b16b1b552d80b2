package ai.chaukas.spec.benchmarks;

import ai.chaukas.spec.toolkit.integrity.merkle.Checkpoint;
import ai.chaukas.spec.toolkit.integrity.merkle.CheckpointSigner;
import ai.chaukas.spec.toolkit.integrity.merkle.CheckpointVerifier;
import ai.chaukas.spec.toolkit.integrity.merkle.InclusionProof;
import ai.chaukas.spec.toolkit.integrity.merkle.MerkleHashes;
import ai.chaukas.spec.toolkit.integrity.merkle.MerkleLog;
import ai.chaukas.spec.toolkit.integrity.merkle.ProofVerifier;
import ai.chaukas.spec.toolkit.integrity.merkle.VerificationResult;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Inclusion proofs in a log of 1,000,000 leaves: generation, and verification from proof + content
 * hash (its leaf hash computed) + root, each call for the next of 4,096 leaves picked at random (so a proof's path is not the one
 * just computed); and checking a signed checkpoint's Ed25519 signature.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MerkleBenchmark {

  private static final int PICKS = 4096;

  @Param("1000000")
  public int leaves;

  private MerkleLog log;
  private byte[] root;
  private final long[] indices = new long[PICKS];
  private final InclusionProof[] proofs = new InclusionProof[PICKS];
  private final byte[][] contentHashes = new byte[PICKS][];
  private int next;
  private CheckpointVerifier verifier;
  private String signedCheckpoint;

  @Setup
  public void build() throws GeneralSecurityException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    log = new MerkleLog("bench.chaukas.example/log");
    for (int i = 0; i < leaves; i++) {
      log.append(contentHashOf(sha, i));
    }
    root = log.root();
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < PICKS; i++) {
      indices[i] = random.nextLong(leaves);
      proofs[i] = log.inclusionProof(indices[i]);
      contentHashes[i] = contentHashOf(sha, (int) indices[i]);
    }
    CheckpointSigner signer =
        CheckpointSigner.create(log.origin(), KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    verifier = signer.verifier();
    signedCheckpoint = log.signCheckpoint(signer).text();
  }

  /** A stand-in for an event's 32-byte content hash. */
  private static byte[] contentHashOf(MessageDigest sha, int i) {
    return sha.digest(ByteBuffer.allocate(4).putInt(i).array());
  }

  @Benchmark
  public InclusionProof generateInclusionProof() {
    return log.inclusionProof(indices[next++ & (PICKS - 1)]);
  }

  @Benchmark
  public VerificationResult verifyInclusionProof() {
    int i = next++ & (PICKS - 1);
    VerificationResult result = ProofVerifier.verifyInclusion(MerkleHashes.leafHash(contentHashes[i]), proofs[i], root);
    if (!result.isVerified()) {
      throw new IllegalStateException(result.toString());
    }
    return result;
  }

  @Benchmark
  public Checkpoint verifyCheckpoint() {
    return verifier.verify(signedCheckpoint);
  }
}
