package ai.chaukas.spec.reference;

import static ai.chaukas.spec.reference.HttpTestSupport.PROTOBUF;
import static ai.chaukas.spec.reference.HttpTestSupport.post;
import static ai.chaukas.spec.reference.HttpTestSupport.resource;
import static ai.chaukas.spec.reference.HttpTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.HealthzRequest;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import ai.chaukas.spec.server.v1.QueryEventsRequest;
import ai.chaukas.spec.testing.internal.SampleEvents;
import ai.chaukas.spec.testing.internal.ServerCalls;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backpressure on ingest: while requests in flight hold the server's ingest budget (here, two
 * requests whose bodies have not arrived yet hold all of it), a further ingest call is refused at
 * once with the signal clients retry on, stores nothing, and leaves Healthz and queries working;
 * once the budget is free again the same call is stored.
 */
class OverloadTest {

  private static final int LIMIT = 1 << 20;
  private static final Metadata.Key<String> PUSHBACK =
      Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER);

  @TempDir Path directory;
  private RunningServer running;
  private ManagedChannel channel;
  private final List<Socket> holders = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    running = ReferenceServer.builder()
        .storeIn(directory)
        .maxInboundMessageSize(LIMIT)
        .maxPendingIngestBytes(2L * LIMIT)
        .build()
        .start(0);
    channel = NettyChannelBuilder.forTarget(running.target()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws Exception {
    for (Socket socket : holders) {
      socket.close();
    }
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    running.close();
  }

  /** An HTTP ingest request that declares a body of the whole limit and sends only its headers. */
  private void holdBudget() throws Exception {
    Socket socket = new Socket("127.0.0.1", running.port());
    holders.add(socket);
    OutputStream out = socket.getOutputStream();
    out.write(("POST /v1/events/batch HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/x-protobuf\r\nContent-Length: " + LIMIT + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.write(new byte[] {0x0a});
    out.flush();
  }

  private long pendingBytes() {
    return running.server().overload().inFlightBytes();
  }

  private void awaitPending(long bytes) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (pendingBytes() != bytes && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(pendingBytes()).isEqualTo(bytes);
  }

  @Test
  void a_full_budget_refuses_ingest_with_the_retry_signal_and_stores_nothing_until_it_frees()
      throws Exception {
    holdBudget();
    holdBudget();
    awaitPending(2L * LIMIT);

    byte[] sdkBatch = resource("/vectors/python-sdk/02-events_batch.bin");
    HttpResponse<byte[]> http = post(running.httpEndpoint() + "/events/batch", PROTOBUF, sdkBatch);
    assertThat(http.statusCode()).isEqualTo(503);
    assertThat(http.headers().firstValue("Retry-After")).hasValue("1");
    com.google.rpc.Status status = com.google.rpc.Status.parseFrom(http.body());
    assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED.value());
    assertThat(status.getMessage()).startsWith("high memory usage").contains("retry");

    HttpResponse<byte[]> json = post(running.httpEndpoint() + "/events", "application/json",
        "{\"event\":{}}".getBytes(StandardCharsets.UTF_8));
    assertThat(json.statusCode()).isEqualTo(503);
    assertThat(text(json)).contains("high memory usage");

    Event event = SampleEvents.llmInvocation();
    IngestEventBatchRequest grpcBatch = IngestEventBatchRequest.newBuilder()
        .setEventBatch(EventBatch.newBuilder().setBatchId("b-1").addEvents(event))
        .build();
    ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub stub =
        ChaukasServerServiceGrpc.newBlockingStub(channel);
    StatusRuntimeException refused = catchThrowableOfType(
        () -> stub.ingestEventBatch(grpcBatch), StatusRuntimeException.class);
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(refused.getStatus().getDescription()).startsWith("high memory usage");
    assertThat(refused.getTrailers().get(PUSHBACK)).isEqualTo("1000");

    // Busy is not unhealthy, and reading goes on.
    stub.healthz(HealthzRequest.getDefaultInstance());
    assertThat(stub.queryEvents(QueryEventsRequest.newBuilder()
            .setQuery(ServerCalls.queryOf(event.getTenantId())).build())
        .getResponse().getEventsCount()).isZero();
    assertThat(running.server().eventCount()).isZero();
    assertThat(running.server().metrics().scrape()).contains("chaukas_ingest_refused_total 3.0");

    for (Socket socket : holders) {
      socket.close();
    }
    awaitPending(0);
    assertThat(stub.ingestEventBatch(grpcBatch).getAcceptedCount()).isEqualTo(1);
    assertThat(post(running.httpEndpoint() + "/events/batch", PROTOBUF, sdkBatch).statusCode())
        .isEqualTo(202);
    assertThat(running.server().eventCount()).isGreaterThan(1);
  }

  @Test
  void an_idle_server_takes_one_call_larger_than_its_budget() throws Exception {
    try (RunningServer small = ReferenceServer.builder()
        .maxPendingIngestBytes(1)
        .build()
        .start(0)) {
      byte[] sdkBatch = resource("/vectors/python-sdk/02-events_batch.bin");
      assertThat(post(small.httpEndpoint() + "/events/batch", PROTOBUF, sdkBatch).statusCode())
          .isEqualTo(202);
    }
  }
}
