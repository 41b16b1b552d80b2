package ai.chaukas.spec.benchmarks;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.testing.internal.SampleEvents;
import ai.chaukas.spec.toolkit.integrity.ContentHash;
import com.google.protobuf.InvalidProtocolBufferException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * chaukas-hash-v1 of the ~1.5 KB event, next to protobuf parsing and plain SHA-256 of the same
 * bytes, so the cost of canonicalization shows. Target: at least 100,000 content hashes per second
 * on one core. Throughput mode: the scores are operations per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HashBenchmark {

  private byte[] bytes;
  private Event event;
  private MessageDigest sha256;

  @Setup
  public void setUp() throws InvalidProtocolBufferException, NoSuchAlgorithmException {
    bytes = SampleEvents.llmInvocation().toByteArray();
    event = Event.parseFrom(bytes);
    sha256 = MessageDigest.getInstance("SHA-256");
    System.out.printf(
        "%nbenchmark event: %,d bytes binary, %,d bytes canonical (chaukas-hash-v1 input)%n",
        bytes.length, ContentHash.canonicalBytes(event).length);
  }

  @Benchmark
  public String contentHash() {
    return ContentHash.of(event);
  }

  @Benchmark
  public Event parse() throws InvalidProtocolBufferException {
    return Event.parseFrom(bytes);
  }

  @Benchmark
  public byte[] sha256OfTheBinaryBytes() {
    return sha256.digest(bytes);
  }

  @Benchmark
  public String parseThenContentHash() throws InvalidProtocolBufferException {
    return ContentHash.of(Event.parseFrom(bytes));
  }
}
