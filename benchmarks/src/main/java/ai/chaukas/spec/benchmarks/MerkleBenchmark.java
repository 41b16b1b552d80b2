package ai.chaukas.spec.benchmarks;

import ai.chaukas.spec.toolkit.integrity.merkle.InclusionProof;
import ai.chaukas.spec.toolkit.integrity.merkle.MerkleHashes;
import ai.chaukas.spec.toolkit.integrity.merkle.MerkleLog;
import ai.chaukas.spec.toolkit.integrity.merkle.ProofVerifier;
import ai.chaukas.spec.toolkit.integrity.merkle.VerificationResult;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Inclusion proofs in a log of 1,000,000 leaves: generation, and verification from proof + leaf + root. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MerkleBenchmark {

  @Param("1000000")
  public int leaves;

  private MerkleLog log;
  private byte[] root;
  private final SplittableRandom random = new SplittableRandom(42);
  private long index;
  private InclusionProof proof;
  private byte[] contentHash;
  private MessageDigest sha;

  @Setup(Level.Trial)
  public void build() throws NoSuchAlgorithmException {
    log = new MerkleLog("bench.chaukas.example/log");
    sha = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < leaves; i++) {
      log.append(contentHashOf(i));
    }
    root = log.root();
  }

  @Setup(Level.Invocation)
  public void pick() {
    index = random.nextLong(leaves);
    proof = log.inclusionProof(index);
    contentHash = contentHashOf((int) index);
  }

  /** A stand-in for an event's 32-byte content hash. */
  private byte[] contentHashOf(int i) {
    return sha.digest(ByteBuffer.allocate(4).putInt(i).array());
  }

  @Benchmark
  public InclusionProof generateInclusionProof() {
    return log.inclusionProof(index);
  }

  @Benchmark
  public VerificationResult verifyInclusionProof() {
    VerificationResult result = ProofVerifier.verifyInclusion(MerkleHashes.leafHash(contentHash), proof, root);
    if (!result.isVerified()) {
      throw new IllegalStateException(result.toString());
    }
    return result;
  }
}
