package ai.chaukas.spec.benchmarks;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.testing.internal.SampleEvents;
import ai.chaukas.spec.toolkit.json.JsonDecodeException;
import ai.chaukas.spec.toolkit.json.OpenApiJson;
import ai.chaukas.spec.toolkit.json.ProtoJson;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The OpenAPI JSON form next to protobuf's own proto3 JSON (JsonFormat) on the same ~1.5 KB event.
 * Target: OpenAPI conversion costs at most 1.5x JsonFormat printing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JsonBenchmark {

  private Event event;
  private JsonFormat.Printer jsonFormatPrinter;
  private JsonFormat.Parser jsonFormatParser;
  private OpenApiJson openApi;
  private ProtoJson protoJson;
  private String protoJsonText;
  private String openApiText;

  @Setup
  public void setUp() throws InvalidProtocolBufferException {
    event = SampleEvents.llmInvocation();
    jsonFormatPrinter = JsonFormat.printer().omittingInsignificantWhitespace();
    jsonFormatParser = JsonFormat.parser();
    openApi = OpenApiJson.defaults();
    protoJson = ProtoJson.defaults();
    protoJsonText = jsonFormatPrinter.print(event);
    openApiText = openApi.print(event);
  }

  @Benchmark
  public String jsonFormatPrint() throws InvalidProtocolBufferException {
    return jsonFormatPrinter.print(event);
  }

  @Benchmark
  public String openApiPrint() {
    return openApi.print(event);
  }

  @Benchmark
  public Event jsonFormatParse() throws InvalidProtocolBufferException {
    Event.Builder b = Event.newBuilder();
    jsonFormatParser.merge(protoJsonText, b);
    return b.build();
  }

  @Benchmark
  public Event openApiParse() throws JsonDecodeException {
    return openApi.merge(openApiText, Event.newBuilder()).build();
  }

  @Benchmark
  public Event protoJsonParse() throws JsonDecodeException {
    return protoJson.merge(protoJsonText, Event.newBuilder()).build();
  }
}
