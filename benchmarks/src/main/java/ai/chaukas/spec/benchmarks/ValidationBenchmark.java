package ai.chaukas.spec.benchmarks;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.testing.internal.SampleEvents;
import ai.chaukas.spec.toolkit.validation.EventValidator;
import ai.chaukas.spec.toolkit.validation.SerializedEvent;
import ai.chaukas.spec.toolkit.validation.Violation;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Validation next to protobuf parsing of the same ~1.5 KB event. Target: validate costs at most
 * 15% of parse. {@code validateSerialized} checks the event's bytes without parsing them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ValidationBenchmark {

  private byte[] bytes;
  private Event event;
  private EventValidator validator;

  @Setup
  public void setUp() throws InvalidProtocolBufferException {
    bytes = SampleEvents.llmInvocation().toByteArray();
    // Validate a parsed event, as a receiver does, not the builder-made original.
    event = Event.parseFrom(bytes);
    validator = EventValidator.defaults();
    if (!validator.validate(event).isEmpty()) {
      throw new IllegalStateException("benchmark event must be valid: " + validator.validate(event));
    }
    if (!validator.validateSerialized(bytes, 0, bytes.length).isValid()) {
      throw new IllegalStateException("benchmark event must be valid from its bytes too");
    }
  }

  @Benchmark
  public Event parse() throws InvalidProtocolBufferException {
    return Event.parseFrom(bytes);
  }

  @Benchmark
  public List<Violation> validate() {
    return validator.validate(event);
  }

  /** Validation straight from the bytes, as a receiver that stores them does: no parsing. */
  @Benchmark
  public SerializedEvent validateSerialized() throws InvalidProtocolBufferException {
    return validator.validateSerialized(bytes, 0, bytes.length);
  }

  /** What a receiver that parses pays per event: parse, then validate. */
  @Benchmark
  public List<Violation> parseThenValidate() throws InvalidProtocolBufferException {
    return validator.validate(Event.parseFrom(bytes));
  }
}
