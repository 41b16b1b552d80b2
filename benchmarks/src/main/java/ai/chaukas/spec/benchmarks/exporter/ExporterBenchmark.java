package ai.chaukas.spec.benchmarks.exporter;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.exporter.ChaukasExporter;
import ai.chaukas.spec.exporter.DropReason;
import ai.chaukas.spec.exporter.ExporterStats;
import ai.chaukas.spec.testing.internal.RawCalls;
import io.grpc.Drainable;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What handing one event over costs the thread that records it: {@link ChaukasExporter#export}
 * of the 1.5 KB benchmark event next to OpenTelemetry's {@link BatchSpanProcessor#onEnd} of an
 * ended span carrying about 1.5 KB of attributes. Both with their default settings (queue 2048,
 * batch 512; delay 1 s for Chaukas, 5 s for OpenTelemetry) and with a sink that takes everything
 * at once: for Chaukas an in-process gRPC server answering OK without reading the events, for
 * OpenTelemetry a {@link SpanExporter} that discards. Neither side builds its event per
 * operation: both hand over the same object again, so the figures are the hand-off alone.
 *
 * <p>Unpaced ({@code agentWork=0}), callers offer far more than any sender ships and both queues
 * fill: most hand-offs then take the drop path. With {@code agentWork} tokens of {@link
 * Blackhole#consumeCPU} before each hand-off (as an agent does work between events) the offered
 * rate stays below what the senders ship; {@link #agentWork} alone is the baseline to subtract.
 * Each trial prints a {@code DROPS} line: offered, delivered and dropped, warm-up included.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ExporterBenchmark {

  @Param({"0", "1000", "5000"})
  public int agentWork;

  private String side;
  private final LongAdder offered = new LongAdder();

  private Server server;
  private ManagedChannel channel;
  private ChaukasExporter exporter;
  private Event event;

  private SdkTracerProvider tracerProvider;
  private BatchSpanProcessor processor;
  private ReadableSpan span;
  private final LongAdder otelExported = new LongAdder();
  /**
   * BatchSpanProcessor logs a warning for every batch that follows drops; formatting thousands of
   * them would slow its worker and flood the output. Held here: loggers are weakly referenced.
   */
  private static final java.util.logging.Logger OTEL_LOG =
      java.util.logging.Logger.getLogger(BatchSpanProcessor.class.getName());

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) throws Exception {
    String name = params.getBenchmark();
    side = name.substring(name.lastIndexOf('.') + 1);
    event = UniqueEvents.BASE;
    if (side.equals("chaukasExport")) {
      String serverName = "exporter-benchmark-" + System.nanoTime();
      server = InProcessServerBuilder.forName(serverName).directExecutor()
          .addService(acceptAll()).build().start();
      channel = InProcessChannelBuilder.forName(serverName).directExecutor().build();
      exporter = ChaukasExporter.builder().grpc(channel).build();
    } else if (side.equals("otelOnEnd")) {
      OTEL_LOG.setLevel(java.util.logging.Level.OFF);
      processor = BatchSpanProcessor.builder(new Discard(otelExported)).build();
      System.out.printf(Locale.ROOT, "%nspan attributes: about %d bytes; event: %d bytes%n",
          approximateBytes(llmAttributes()), event.getSerializedSize());
      tracerProvider = SdkTracerProvider.builder().addSpanProcessor(processor).build();
      Span started = tracerProvider.get("chaukas-benchmark").spanBuilder("chat gpt-4o-mini")
          .setAllAttributes(llmAttributes()).startSpan();
      started.end();
      span = (ReadableSpan) started;
      processor.forceFlush().join(10, TimeUnit.SECONDS);
      otelExported.reset();
    }
  }

  /** The baseline: the agent's work between two events, without handing anything over. */
  @Benchmark
  public void agentWork() {
    Blackhole.consumeCPU(agentWork);
  }

  @Benchmark
  public boolean chaukasExport() {
    Blackhole.consumeCPU(agentWork);
    offered.increment();
    return exporter.export(event);
  }

  @Benchmark
  public void otelOnEnd() {
    Blackhole.consumeCPU(agentWork);
    offered.increment();
    processor.onEnd(span);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (exporter != null) {
      exporter.flush(Duration.ofSeconds(60));
      ExporterStats stats = exporter.stats();
      drops("chaukas", offered.sum(), stats.sent(), stats.dropped());
      if (stats.dropped() != stats.dropped(DropReason.QUEUE_FULL)) {
        System.out.println("DROPS chaukas: not all for QUEUE_FULL: " + stats.droppedByReason());
      }
      exporter.close();
      channel.shutdownNow();
      server.shutdownNow();
    }
    if (processor != null) {
      processor.forceFlush().join(60, TimeUnit.SECONDS);
      long exported = otelExported.sum();
      // OpenTelemetry counts its drops only as a metric; what it never exported was dropped.
      drops("otel", offered.sum(), exported, offered.sum() - exported);
      tracerProvider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  private void drops(String name, long offered, long delivered, long dropped) {
    System.out.printf(Locale.ROOT,
        "%nDROPS %s agentWork=%d offered=%d delivered=%d dropped=%d drop_rate=%.1f%%%n",
        name, agentWork, offered, delivered, dropped, offered == 0 ? 0 : 100.0 * dropped / offered);
  }

  /**
   * ChaukasClientService answering OK at once, without parsing: each request is drained into a
   * sink, as gRPC's framer drains it into its buffers on a network (an in-process call passes the
   * request's stream as it is, unserialized). The exporter's sending path (batching, serializing,
   * the gRPC call) runs in full, the server's work does not.
   */
  private static ServerServiceDefinition acceptAll() {
    ServerCalls.UnaryMethod<Long, byte[]> ok = (request, reply) -> {
      reply.onNext(new byte[0]);
      reply.onCompleted();
    };
    return ServerServiceDefinition.builder(ChaukasClientServiceGrpc.SERVICE_NAME)
        .addMethod(drained(ChaukasClientServiceGrpc.getIngestEventBatchMethod()),
            ServerCalls.asyncUnaryCall(ok))
        .addMethod(drained(ChaukasClientServiceGrpc.getIngestEventMethod()),
            ServerCalls.asyncUnaryCall(ok))
        .build();
  }

  /** The method with requests drained into a sink (their length kept) and replies as bytes. */
  private static MethodDescriptor<Long, byte[]> drained(MethodDescriptor<?, ?> method) {
    MethodDescriptor.Marshaller<Long> sink = new MethodDescriptor.Marshaller<>() {
      @Override
      public InputStream stream(Long value) {
        throw new UnsupportedOperationException("requests are only received here");
      }

      @Override
      public Long parse(InputStream stream) {
        try {
          return stream instanceof Drainable drainable
              ? (long) drainable.drainTo(OutputStream.nullOutputStream())
              : stream.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
    return method.toBuilder(sink, RawCalls.BYTES).build();
  }

  /**
   * A model call as an OpenTelemetry GenAI span records it, about the size of the benchmark
   * event: prompt and completion text, model settings, token counts, ids and tags.
   */
  static Attributes llmAttributes() {
    Attributes attributes = Attributes.builder()
        .put("gen_ai.system", "openai")
        .put("gen_ai.operation.name", "chat")
        .put("gen_ai.request.model", "gpt-4o-mini")
        .put("gen_ai.response.model", "gpt-4o-mini-2024-07-18")
        .put("gen_ai.request.temperature", 0.2)
        .put("gen_ai.request.max_tokens", 512L)
        .put("gen_ai.usage.input_tokens", 412L)
        .put("gen_ai.usage.output_tokens", 128L)
        .put("gen_ai.response.finish_reasons", "stop")
        .put("gen_ai.response.id", "chatcmpl-9x8Yb3kQeVt2LrR5nPq1sD4fG7hJ0")
        .put("chaukas.tenant_id", "tenant-a")
        .put("chaukas.project_id", "project-benchmark")
        .put("chaukas.session_id", "0190f7a4-3b2c-7d1e-8f90-a1b2c3d4e5f6")
        .put("chaukas.agent_id", "research-agent")
        .put("chaukas.agent_name", "Research assistant")
        .put("chaukas.cost_usd", 0.000198)
        .put(AttributeKey.stringArrayKey("chaukas.tags"),
            java.util.List.of("benchmark", "llm", "production", "eu-west-1"))
        .put("gen_ai.prompt", repeat("Summarize the quarterly report for the board, citing"
            + " figures from the attached tables and flagging any risk. ", 600))
        .put("gen_ai.completion", repeat("Revenue grew 12% quarter on quarter while costs held"
            + " flat; the main risk is supplier concentration. ", 420))
        .build();
    return attributes;
  }

  /** Approximate payload bytes: keys and values as UTF-8, as an OTLP export carries them. */
  static int approximateBytes(Attributes attributes) {
    int[] bytes = {0};
    attributes.forEach((key, value) -> bytes[0] += key.getKey().length()
        + String.valueOf(value).getBytes(StandardCharsets.UTF_8).length);
    return bytes[0];
  }

  private static String repeat(String text, int length) {
    StringBuilder out = new StringBuilder(length);
    while (out.length() < length) {
      out.append(text);
    }
    return out.substring(0, length);
  }

  /** An exporter that counts what it is handed and discards it. */
  private static final class Discard implements SpanExporter {
    private final LongAdder exported;

    Discard(LongAdder exported) {
      this.exported = exported;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      exported.add(spans.size());
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
