package ai.chaukas.spec.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc;
import ai.chaukas.spec.client.v1.IngestEventBatchRequest;
import ai.chaukas.spec.client.v1.IngestEventRequest;
import ai.chaukas.spec.client.v1.IngestEventResponse;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.server.v1.IngestEventBatchResponse;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gRPC transport against a server of the client service that answers as told. */
class GrpcTransportTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private ManagedChannel channel;

  @AfterEach
  void closeChannel() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private ChaukasExporter.Builder exporter(ScriptedGrpcServer server, Recorder recorder) {
    channel = server.channel();
    return ChaukasExporter.builder()
        .grpc(channel)
        .apiKey("key-123")
        .backoff(Duration.ofMillis(20), Duration.ofMillis(100))
        .scheduleDelay(Duration.ofSeconds(30))
        .listener(recorder);
  }

  private static byte[] accepted(ScriptedGrpcServer.Call call, String... rejected) {
    return IngestEventBatchResponse.newBuilder()
        .setBatchId(call.batchId())
        .setAcceptedCount(call.events().size() - rejected.length)
        .setRejectedCount(rejected.length)
        .addAllRejectedEventIds(List.of(rejected))
        .build().toByteArray();
  }

  private static StatusException failure(Status status, String pushbackMillis) {
    Metadata trailers = new Metadata();
    if (pushbackMillis != null) {
      trailers.put(Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER),
          pushbackMillis);
    }
    return status.asException(trailers);
  }

  @Test
  void callsTheClientServiceWithTheKeyAndReportsRejectedIds() throws Exception {
    Recorder recorder = new Recorder();
    try (ScriptedGrpcServer server = new ScriptedGrpcServer(call -> accepted(call, "e-1"));
        ChaukasExporter exporter = exporter(server, recorder).build()) {
      exporter.exportAll(Bodies.events(3));
      assertThat(exporter.flush(WAIT)).isTrue();
      assertThat(server.calls).hasSize(1);
      ScriptedGrpcServer.Call call = server.calls.get(0);
      assertThat(call.ids()).containsExactly("e-0", "e-1", "e-2");
      assertThat(call.batchId()).isNotEmpty();
      assertThat(call.headers().get(AUTHORIZATION)).isEqualTo("Bearer key-123");
      assertThat(recorder.rejected).containsOnlyKeys("e-1");
      assertThat(recorder.sent).hasValue(2);
    }
  }

  @Test
  void highMemoryPushbackSplitsAndWaits() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedGrpcServer server = new ScriptedGrpcServer(call -> {
          if (calls.incrementAndGet() == 1) {
            throw failure(Status.RESOURCE_EXHAUSTED.withDescription("high memory usage: busy"), "1000");
          }
          return accepted(call);
        });
        ChaukasExporter exporter = exporter(server, new Recorder()).build()) {
      exporter.exportAll(Bodies.events(6));
      assertThat(exporter.flush(WAIT)).isTrue();
      assertThat(server.calls).hasSize(3);
      assertThat(server.calls.get(1).events()).hasSize(3);
      assertThat(server.calls.get(2).events()).hasSize(3);
      long waited = Math.min(server.calls.get(1).nanos(), server.calls.get(2).nanos())
          - server.calls.get(0).nanos();
      assertThat(TimeUnit.NANOSECONDS.toMillis(waited)).isGreaterThanOrEqualTo(950);
      assertThat(exporter.stats().sent()).isEqualTo(6);
    }
  }

  @Test
  void aSizeLimitSplitsAndAStoreThatIsFullIsRetriedWhole() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedGrpcServer server = new ScriptedGrpcServer(call -> {
          int n = calls.incrementAndGet();
          if (n == 1) {
            throw failure(Status.RESOURCE_EXHAUSTED.withDescription(
                "gRPC message exceeds maximum size 4194304: 5000000"), null);
          }
          if (n == 2) {
            throw failure(Status.RESOURCE_EXHAUSTED.withDescription("the store is full"), null);
          }
          return accepted(call);
        });
        ChaukasExporter exporter = exporter(server, new Recorder()).build()) {
      exporter.exportAll(Bodies.events(4));
      assertThat(exporter.flush(WAIT)).isTrue();
      // 4 → split: 2 + 2; the first half meets the full store and goes again whole.
      assertThat(server.calls).extracting(c -> c.events().size()).containsExactlyInAnyOrder(4, 2, 2, 2);
      assertThat(exporter.stats().sent()).isEqualTo(4);
    }
  }

  @Test
  void unavailableAndDeadlinesAreRetriedWithTheSameBatchId() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedGrpcServer server = new ScriptedGrpcServer(call -> {
          int n = calls.incrementAndGet();
          if (n == 1) {
            throw failure(Status.UNAVAILABLE.withDescription("restarting"), null);
          }
          if (n == 2) {
            try {
              Thread.sleep(1_500);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return accepted(call);
        });
        ChaukasExporter exporter = exporter(server, new Recorder())
            .exportTimeout(Duration.ofMillis(500)).build()) {
      exporter.exportAll(Bodies.events(3));
      assertThat(exporter.flush(WAIT)).isTrue();
      assertThat(server.calls).hasSizeGreaterThanOrEqualTo(3);
      assertThat(server.calls).extracting(ScriptedGrpcServer.Call::batchId)
          .containsOnly(server.calls.get(0).batchId());
      assertThat(server.calls).extracting(ScriptedGrpcServer.Call::ids)
          .containsOnly(List.of("e-0", "e-1", "e-2"));
      assertThat(exporter.stats().retried()).isGreaterThanOrEqualTo(2);
      assertThat(exporter.stats().sent()).isEqualTo(3);
    }
  }

  @Test
  void anInProcessChannelReceivesTheRequestsAGeneratedStubWould() throws Exception {
    // An in-process channel hands the request's stream to the server unserialized: the service
    // parses it by reading it, not as gRPC's framer drains it on a network.
    List<IngestEventBatchRequest> batches = new CopyOnWriteArrayList<>();
    List<IngestEventRequest> singles = new CopyOnWriteArrayList<>();
    String name = "exporter-" + System.nanoTime();
    Server server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(new ChaukasClientServiceGrpc.ChaukasClientServiceImplBase() {
          @Override
          public void ingestEventBatch(IngestEventBatchRequest request,
              StreamObserver<ai.chaukas.spec.client.v1.IngestEventBatchResponse> reply) {
            batches.add(request);
            reply.onNext(ai.chaukas.spec.client.v1.IngestEventBatchResponse.getDefaultInstance());
            reply.onCompleted();
          }

          @Override
          public void ingestEvent(IngestEventRequest request,
              StreamObserver<IngestEventResponse> reply) {
            singles.add(request);
            reply.onNext(IngestEventResponse.getDefaultInstance());
            reply.onCompleted();
          }
        })
        .build().start();
    try {
      channel = InProcessChannelBuilder.forName(name).directExecutor().build();
      List<Event> events = Bodies.events(4);
      try (ChaukasExporter exporter = ChaukasExporter.builder().grpc(channel)
          .scheduleDelay(Duration.ofSeconds(30)).build()) {
        exporter.exportAll(events.subList(0, 3));
        assertThat(exporter.flush(WAIT)).isTrue();
        exporter.export(events.get(3));
        assertThat(exporter.flush(WAIT)).isTrue();
        assertThat(exporter.stats().sent()).isEqualTo(4);
      }
      assertThat(batches).hasSize(1);
      assertThat(batches.get(0).getEventBatch().getEventsList()).isEqualTo(events.subList(0, 3));
      assertThat(batches.get(0).getEventBatch().getBatchId()).isNotEmpty();
      assertThat(batches.get(0).getEventBatch().hasTimestamp()).isTrue();
      assertThat(singles).extracting(IngestEventRequest::getEvent).containsExactly(events.get(3));
    } finally {
      server.shutdownNow();
    }
  }

  @Test
  void invalidArgumentIsRejectedAndNeverRetried() throws Exception {
    Recorder recorder = new Recorder();
    try (ScriptedGrpcServer server = new ScriptedGrpcServer(call -> {
          throw failure(Status.INVALID_ARGUMENT.withDescription("event.session_id: [EVT-3] required"), null);
        });
        ChaukasExporter exporter = exporter(server, recorder).build()) {
      exporter.export(Bodies.events(1).get(0));
      assertThat(exporter.flush(WAIT)).isTrue();
      assertThat(server.calls).hasSize(1);
      assertThat(server.calls.get(0).batchId()).isEmpty();
      assertThat(recorder.rejected)
          .containsEntry("e-0", "INVALID_ARGUMENT: event.session_id: [EVT-3] required");
      assertThat(exporter.stats().retried()).isZero();
    }
  }

  @Test
  void aRefusedConnectionIsRetriedUntilTheBudgetThenDropped() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Recorder recorder = new Recorder();
    try (ChaukasExporter exporter = ChaukasExporter.builder()
        .grpcTarget("127.0.0.1:" + port).usePlaintext(true)
        .backoff(Duration.ofMillis(20), Duration.ofMillis(100))
        .retryBudget(Duration.ofSeconds(1))
        .listener(recorder)
        .build()) {
      exporter.exportAll(Bodies.events(3));
      assertThat(exporter.flush(WAIT)).isTrue();
      assertThat(recorder.retries).isNotEmpty().allSatisfy(r -> assertThat(r).contains("UNAVAILABLE"));
      assertThat(exporter.stats().dropped(DropReason.RETRY_BUDGET_EXHAUSTED)).isEqualTo(3);
      assertThat(exporter.stats().sent()).isZero();
    }
  }
}
