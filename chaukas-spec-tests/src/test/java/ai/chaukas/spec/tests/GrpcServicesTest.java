package ai.chaukas.spec.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc;
import ai.chaukas.spec.common.v1.Capabilities;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.common.v1.QueryResponse;
import ai.chaukas.spec.server.ChaukasServices;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.GetCapabilitiesRequest;
import ai.chaukas.spec.server.v1.GetCapabilitiesResponse;
import ai.chaukas.spec.server.v1.GetEventStatsRequest;
import ai.chaukas.spec.server.v1.GetEventStatsResponse;
import ai.chaukas.spec.server.v1.HealthzRequest;
import ai.chaukas.spec.server.v1.HealthzResponse;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import ai.chaukas.spec.server.v1.IngestEventBatchResponse;
import ai.chaukas.spec.server.v1.IngestEventRequest;
import ai.chaukas.spec.server.v1.IngestEventResponse;
import ai.chaukas.spec.server.v1.QueryEventsRequest;
import ai.chaukas.spec.server.v1.QueryEventsResponse;
import ai.chaukas.spec.testing.internal.FullEvents;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One in-process server whose only implementation extends the generated {@code
 * ChaukasServerServiceImplBase}; the generated server and client stubs call every RPC on it, each
 * once successfully and once with an error status.
 */
class GrpcServicesTest {

  /** A platform as its author writes it: extend the base class, override every RPC. */
  static final class RecordingPlatform extends ChaukasServerServiceGrpc.ChaukasServerServiceImplBase {
    final List<Event> stored = new ArrayList<>();
    /** When set, the next call fails with this status instead of answering. */
    final AtomicReference<Status> failNext = new AtomicReference<>();

    /** Fails the call with the status set in {@link #failNext}, or else answers it with reply. */
    private <T> void answer(StreamObserver<T> responses, Supplier<T> reply) {
      Status status = failNext.getAndSet(null);
      if (status != null) {
        responses.onError(status.asRuntimeException());
        return;
      }
      responses.onNext(reply.get());
      responses.onCompleted();
    }

    @Override
    public void healthz(HealthzRequest request, StreamObserver<HealthzResponse> responses) {
      answer(responses, HealthzResponse::getDefaultInstance);
    }

    @Override
    public void getCapabilities(
        GetCapabilitiesRequest request, StreamObserver<GetCapabilitiesResponse> responses) {
      answer(responses, () -> GetCapabilitiesResponse.newBuilder()
          .setCapabilities(Capabilities.newBuilder().setPolicyDecisions(true))
          .build());
    }

    @Override
    public void ingestEvent(IngestEventRequest request, StreamObserver<IngestEventResponse> responses) {
      if (request.getEvent().getEventId().isEmpty()) {
        responses.onError(
            Status.INVALID_ARGUMENT.withDescription("event.event_id is required").asRuntimeException());
        return;
      }
      answer(responses, () -> {
        stored.add(request.getEvent());
        return IngestEventResponse.newBuilder()
            .setEventId(request.getEvent().getEventId())
            .setStatus("accepted")
            .setProcessedAt(1_764_095_692_000L)
            .build();
      });
    }

    @Override
    public void ingestEventBatch(
        IngestEventBatchRequest request, StreamObserver<IngestEventBatchResponse> responses) {
      answer(responses, () -> {
        IngestEventBatchResponse.Builder reply =
            IngestEventBatchResponse.newBuilder().setBatchId(request.getEventBatch().getBatchId());
        for (Event event : request.getEventBatch().getEventsList()) {
          if (event.getEventId().isEmpty()) {
            reply.setRejectedCount(reply.getRejectedCount() + 1).addRejectedEventIds("");
          } else {
            stored.add(event);
            reply.setAcceptedCount(reply.getAcceptedCount() + 1);
          }
        }
        return reply.build();
      });
    }

    @Override
    public void queryEvents(QueryEventsRequest request, StreamObserver<QueryEventsResponse> responses) {
      answer(responses, () -> QueryEventsResponse.newBuilder()
          .setResponse(QueryResponse.newBuilder().addAllEvents(stored))
          .build());
    }

    @Override
    public void getEventStats(
        GetEventStatsRequest request, StreamObserver<GetEventStatsResponse> responses) {
      answer(responses, () -> {
        GetEventStatsResponse.Builder stats = GetEventStatsResponse.newBuilder().setTotalEvents(stored.size());
        for (Event event : stored) {
          stats.putEventsByType(
              event.getType().name(), stats.getEventsByTypeOrDefault(event.getType().name(), 0) + 1);
        }
        return stats.build();
      });
    }
  }

  private RecordingPlatform platform;
  private Server server;
  private ManagedChannel channel;
  private ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub serverStub;
  private ChaukasClientServiceGrpc.ChaukasClientServiceBlockingStub clientStub;

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    platform = new RecordingPlatform();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(platform)
            .addService(ChaukasServices.clientServiceOf(platform))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    serverStub = ChaukasServerServiceGrpc.newBlockingStub(channel);
    clientStub = ChaukasClientServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private static Event event(String id, EventType type) {
    return FullEvents.withoutContent().toBuilder().setEventId(id).setType(type).build();
  }

  private void assertFailsWith(Status.Code code, Runnable call) {
    platform.failNext.set(Status.fromCode(code).withDescription("injected"));
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
  }

  @Test
  void serverStubHealthz() {
    assertThat(serverStub.healthz(HealthzRequest.getDefaultInstance())).isNotNull();
    assertFailsWith(Status.Code.UNAVAILABLE, () -> serverStub.healthz(HealthzRequest.getDefaultInstance()));
  }

  @Test
  void serverStubGetCapabilities() {
    assertThat(serverStub.getCapabilities(GetCapabilitiesRequest.getDefaultInstance()).getCapabilities().getPolicyDecisions())
        .isTrue();
    assertFailsWith(
        Status.Code.PERMISSION_DENIED,
        () -> serverStub.getCapabilities(GetCapabilitiesRequest.getDefaultInstance()));
  }

  @Test
  void serverStubIngestEvent() {
    IngestEventResponse reply =
        serverStub.ingestEvent(
            IngestEventRequest.newBuilder().setEvent(event("e-1", EventType.EVENT_TYPE_SESSION_START)).build());
    assertThat(reply.getEventId()).isEqualTo("e-1");
    assertThat(reply.getStatus()).isEqualTo("accepted");
    assertThat(platform.stored).hasSize(1);

    assertThatThrownBy(() -> serverStub.ingestEvent(IngestEventRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains("event.event_id");
            });
    assertThat(platform.stored).hasSize(1);
  }

  @Test
  void serverStubIngestEventBatch() {
    IngestEventBatchRequest request =
        IngestEventBatchRequest.newBuilder()
            .setEventBatch(
                EventBatch.newBuilder()
                    .setBatchId("b-1")
                    .addEvents(event("e-1", EventType.EVENT_TYPE_AGENT_START))
                    .addEvents(event("", EventType.EVENT_TYPE_AGENT_END))
                    .addEvents(event("e-3", EventType.EVENT_TYPE_AGENT_END)))
            .build();
    IngestEventBatchResponse reply = serverStub.ingestEventBatch(request);
    assertThat(reply.getBatchId()).isEqualTo("b-1");
    assertThat(reply.getAcceptedCount()).isEqualTo(2);
    assertThat(reply.getRejectedCount()).isEqualTo(1);
    assertFailsWith(Status.Code.RESOURCE_EXHAUSTED, () -> serverStub.ingestEventBatch(request));
  }

  @Test
  void serverStubQueryEvents() {
    serverStub.ingestEvent(
        IngestEventRequest.newBuilder().setEvent(event("e-1", EventType.EVENT_TYPE_ERROR)).build());
    QueryEventsResponse reply =
        serverStub.queryEvents(
            QueryEventsRequest.newBuilder().setQuery(QueryRequest.newBuilder().setPageSize(10)).build());
    assertThat(reply.getResponse().getEventsList()).extracting(Event::getEventId).containsExactly("e-1");
    assertFailsWith(
        Status.Code.INVALID_ARGUMENT, () -> serverStub.queryEvents(QueryEventsRequest.getDefaultInstance()));
  }

  @Test
  void serverStubGetEventStats() {
    serverStub.ingestEvent(
        IngestEventRequest.newBuilder().setEvent(event("e-1", EventType.EVENT_TYPE_ERROR)).build());
    GetEventStatsResponse stats = serverStub.getEventStats(GetEventStatsRequest.getDefaultInstance());
    assertThat(stats.getTotalEvents()).isEqualTo(1);
    assertThat(stats.getEventsByTypeMap()).containsEntry("EVENT_TYPE_ERROR", 1L);
    assertFailsWith(
        Status.Code.UNAUTHENTICATED, () -> serverStub.getEventStats(GetEventStatsRequest.getDefaultInstance()));
  }

  @Test
  void clientStubHealthz() {
    assertThat(clientStub.healthz(ai.chaukas.spec.client.v1.HealthzRequest.getDefaultInstance())).isNotNull();
    assertFailsWith(
        Status.Code.UNAVAILABLE,
        () -> clientStub.healthz(ai.chaukas.spec.client.v1.HealthzRequest.getDefaultInstance()));
  }

  @Test
  void clientStubGetCapabilities() {
    assertThat(
            clientStub
                .getCapabilities(ai.chaukas.spec.client.v1.GetCapabilitiesRequest.getDefaultInstance())
                .getCapabilities()
                .getPolicyDecisions())
        .isTrue();
    assertFailsWith(
        Status.Code.PERMISSION_DENIED,
        () -> clientStub.getCapabilities(ai.chaukas.spec.client.v1.GetCapabilitiesRequest.getDefaultInstance()));
  }

  @Test
  void clientStubIngestEvent() {
    ai.chaukas.spec.client.v1.IngestEventResponse reply =
        clientStub.ingestEvent(
            ai.chaukas.spec.client.v1.IngestEventRequest.newBuilder()
                .setEvent(event("e-1", EventType.EVENT_TYPE_SESSION_START))
                .build());
    // The server's event_id/status/processed_at reach the client as fields it does not know.
    assertThat(reply.getUnknownFields().hasField(1)).isTrue();
    assertThat(platform.stored).extracting(Event::getEventId).containsExactly("e-1");
    assertThatThrownBy(() -> clientStub.ingestEvent(ai.chaukas.spec.client.v1.IngestEventRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void clientStubIngestEventBatch() {
    ai.chaukas.spec.client.v1.IngestEventBatchRequest request =
        ai.chaukas.spec.client.v1.IngestEventBatchRequest.newBuilder()
            .setEventBatch(
                EventBatch.newBuilder()
                    .setBatchId("b-1")
                    .addEvents(event("e-1", EventType.EVENT_TYPE_TOOL_CALL_START))
                    .addEvents(event("e-2", EventType.EVENT_TYPE_TOOL_CALL_END)))
            .build();
    assertThat(clientStub.ingestEventBatch(request)).isNotNull();
    assertThat(platform.stored).extracting(Event::getEventId).containsExactly("e-1", "e-2");
    assertFailsWith(Status.Code.RESOURCE_EXHAUSTED, () -> clientStub.ingestEventBatch(request));
  }

  @Test
  void clientStubQueryEvents() {
    clientStub.ingestEvent(
        ai.chaukas.spec.client.v1.IngestEventRequest.newBuilder()
            .setEvent(event("e-1", EventType.EVENT_TYPE_OUTPUT_EMITTED))
            .build());
    ai.chaukas.spec.client.v1.QueryEventsResponse reply =
        clientStub.queryEvents(
            ai.chaukas.spec.client.v1.QueryEventsRequest.newBuilder()
                .setQuery(QueryRequest.newBuilder().setPageSize(10))
                .build());
    assertThat(reply.getResponse().getEventsList()).extracting(Event::getEventId).containsExactly("e-1");
    assertFailsWith(
        Status.Code.DEADLINE_EXCEEDED,
        () -> clientStub.queryEvents(ai.chaukas.spec.client.v1.QueryEventsRequest.getDefaultInstance()));
  }

  @Test
  void futureAndAsyncStubsWithDeadlines() throws Exception {
    ChaukasClientServiceGrpc.ChaukasClientServiceFutureStub future =
        ChaukasClientServiceGrpc.newFutureStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    assertThat(future.healthz(ai.chaukas.spec.client.v1.HealthzRequest.getDefaultInstance()).get())
        .isNotNull();

    platform.failNext.set(Status.UNAVAILABLE);
    assertThatThrownBy(
            () -> future.healthz(ai.chaukas.spec.client.v1.HealthzRequest.getDefaultInstance()).get())
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(StatusRuntimeException.class);

    CompletableFuture<ai.chaukas.spec.client.v1.GetCapabilitiesResponse> done = new CompletableFuture<>();
    ChaukasClientServiceGrpc.newStub(channel)
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .getCapabilities(
            ai.chaukas.spec.client.v1.GetCapabilitiesRequest.getDefaultInstance(),
            new StreamObserver<>() {
              @Override
              public void onNext(ai.chaukas.spec.client.v1.GetCapabilitiesResponse value) {
                done.complete(value);
              }

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {}
            });
    assertThat(done.get(5, TimeUnit.SECONDS).getCapabilities().getPolicyDecisions()).isTrue();

    // An already expired deadline fails on the client side, before the server sees the call.
    assertThatThrownBy(
            () ->
                ChaukasClientServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(-1, TimeUnit.SECONDS)
                    .healthz(ai.chaukas.spec.client.v1.HealthzRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
  }

  @Test
  void clientServiceWithoutBridgeIsUnimplemented() throws Exception {
    String name = InProcessServerBuilder.generateName();
    Server serverOnly =
        InProcessServerBuilder.forName(name).directExecutor().addService(new RecordingPlatform()).build().start();
    ManagedChannel ch = InProcessChannelBuilder.forName(name).directExecutor().build();
    try {
      assertThatThrownBy(
              () ->
                  ChaukasClientServiceGrpc.newBlockingStub(ch)
                      .healthz(ai.chaukas.spec.client.v1.HealthzRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    } finally {
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      serverOnly.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
