package ai.chaukas.spec.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc;
import ai.chaukas.spec.common.v1.Capabilities;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.common.v1.QueryResponse;
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
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One implementation, registered with {@link ChaukasServices#bothServices}, answers every RPC of
 * both generated stubs: the client stub's five and the server stub's six.
 */
class ChaukasServicesTest {

  /** Records which RPC it served and answers each with a recognisable reply. */
  static final class Platform extends ChaukasServerServiceGrpc.ChaukasServerServiceImplBase {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void healthz(HealthzRequest request, StreamObserver<HealthzResponse> out) {
      calls.add("Healthz");
      out.onNext(HealthzResponse.getDefaultInstance());
      out.onCompleted();
    }

    @Override
    public void getCapabilities(
        GetCapabilitiesRequest request, StreamObserver<GetCapabilitiesResponse> out) {
      calls.add("GetCapabilities");
      out.onNext(
          GetCapabilitiesResponse.newBuilder()
              .setCapabilities(Capabilities.newBuilder().setDataAccessEvents(true))
              .build());
      out.onCompleted();
    }

    @Override
    public void ingestEvent(IngestEventRequest request, StreamObserver<IngestEventResponse> out) {
      calls.add("IngestEvent:" + request.getEvent().getEventId());
      if (request.getEvent().getEventId().equals("bad")) {
        out.onError(Status.INVALID_ARGUMENT.withDescription("bad event").asRuntimeException());
        return;
      }
      out.onNext(
          IngestEventResponse.newBuilder()
              .setEventId(request.getEvent().getEventId())
              .setStatus("accepted")
              .setProcessedAt(42)
              .build());
      out.onCompleted();
    }

    @Override
    public void ingestEventBatch(
        IngestEventBatchRequest request, StreamObserver<IngestEventBatchResponse> out) {
      calls.add("IngestEventBatch:" + request.getEventBatch().getBatchId());
      out.onNext(
          IngestEventBatchResponse.newBuilder()
              .setBatchId(request.getEventBatch().getBatchId())
              .setAcceptedCount(request.getEventBatch().getEventsCount())
              .build());
      out.onCompleted();
    }

    @Override
    public void queryEvents(QueryEventsRequest request, StreamObserver<QueryEventsResponse> out) {
      calls.add("QueryEvents:" + request.getQuery().getFilter().getTenantId());
      out.onNext(
          QueryEventsResponse.newBuilder()
              .setResponse(
                  QueryResponse.newBuilder()
                      .addEvents(Event.newBuilder().setEventId("e-1"))
                      .setNextPageToken("next"))
              .build());
      out.onCompleted();
    }

    @Override
    public void getEventStats(
        GetEventStatsRequest request, StreamObserver<GetEventStatsResponse> out) {
      calls.add("GetEventStats:" + request.getTenantId());
      out.onNext(GetEventStatsResponse.newBuilder().setTotalEvents(7).build());
      out.onCompleted();
    }
  }

  private final Platform platform = new Platform();
  private Server server;
  private ManagedChannel channel;

  private void start(List<ServerServiceDefinition> services) throws Exception {
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name).directExecutor().addServices(services).build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static Event event(String id) {
    return Event.newBuilder().setEventId(id).build();
  }

  @Test
  void clientStubReachesTheImplementationForEveryClientRpc() throws Exception {
    start(ChaukasServices.bothServices(platform));
    ChaukasClientServiceGrpc.ChaukasClientServiceBlockingStub client =
        ChaukasClientServiceGrpc.newBlockingStub(channel);

    client.healthz(ai.chaukas.spec.client.v1.HealthzRequest.getDefaultInstance());
    assertThat(
            client
                .getCapabilities(
                    ai.chaukas.spec.client.v1.GetCapabilitiesRequest.getDefaultInstance())
                .getCapabilities()
                .getDataAccessEvents())
        .isTrue();
    ai.chaukas.spec.client.v1.IngestEventResponse ingested =
        client.ingestEvent(
            ai.chaukas.spec.client.v1.IngestEventRequest.newBuilder()
                .setEvent(event("e-1"))
                .build());
    ai.chaukas.spec.client.v1.IngestEventBatchResponse batch =
        client.ingestEventBatch(
            ai.chaukas.spec.client.v1.IngestEventBatchRequest.newBuilder()
                .setEventBatch(EventBatch.newBuilder().setBatchId("b-1").addEvents(event("e-2")))
                .build());
    QueryResponse page =
        client
            .queryEvents(
                ai.chaukas.spec.client.v1.QueryEventsRequest.newBuilder()
                    .setQuery(
                        QueryRequest.newBuilder()
                            .setFilter(
                                ai.chaukas.spec.common.v1.QueryFilter.newBuilder()
                                    .setTenantId("t-1")))
                    .build())
            .getResponse();

    assertThat(platform.calls)
        .containsExactly(
            "Healthz", "GetCapabilities", "IngestEvent:e-1", "IngestEventBatch:b-1", "QueryEvents:t-1");
    assertThat(page.getEventsList()).extracting(Event::getEventId).containsExactly("e-1");
    assertThat(page.getNextPageToken()).isEqualTo("next");
    // The server's superset replies reach the client byte for byte, as fields it does not know.
    assertThat(IngestEventResponse.parseFrom(ingested.toByteString()))
        .isEqualTo(
            IngestEventResponse.newBuilder()
                .setEventId("e-1")
                .setStatus("accepted")
                .setProcessedAt(42)
                .build());
    assertThat(IngestEventBatchResponse.parseFrom(batch.toByteString()).getBatchId())
        .isEqualTo("b-1");
  }

  @Test
  void serverStubReachesTheSameImplementationForAllSixRpcs() throws Exception {
    start(ChaukasServices.bothServices(platform));
    ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub stub =
        ChaukasServerServiceGrpc.newBlockingStub(channel);

    stub.healthz(HealthzRequest.getDefaultInstance());
    stub.getCapabilities(GetCapabilitiesRequest.getDefaultInstance());
    assertThat(
            stub.ingestEvent(IngestEventRequest.newBuilder().setEvent(event("e-1")).build())
                .getStatus())
        .isEqualTo("accepted");
    assertThat(
            stub.ingestEventBatch(
                    IngestEventBatchRequest.newBuilder()
                        .setEventBatch(
                            EventBatch.newBuilder().setBatchId("b-1").addEvents(event("e-2")))
                        .build())
                .getAcceptedCount())
        .isEqualTo(1);
    stub.queryEvents(
        QueryEventsRequest.newBuilder()
            .setQuery(
                QueryRequest.newBuilder()
                    .setFilter(ai.chaukas.spec.common.v1.QueryFilter.newBuilder().setTenantId("t-1")))
            .build());
    assertThat(stub.getEventStats(GetEventStatsRequest.newBuilder().setTenantId("t-1").build()).getTotalEvents())
        .isEqualTo(7);

    assertThat(platform.calls)
        .containsExactly(
            "Healthz",
            "GetCapabilities",
            "IngestEvent:e-1",
            "IngestEventBatch:b-1",
            "QueryEvents:t-1",
            "GetEventStats:t-1");
  }

  @Test
  void errorStatusesPassThroughTheBridge() throws Exception {
    start(ChaukasServices.bothServices(platform));
    assertThatThrownBy(
            () ->
                ChaukasClientServiceGrpc.newBlockingStub(channel)
                    .ingestEvent(
                        ai.chaukas.spec.client.v1.IngestEventRequest.newBuilder()
                            .setEvent(event("bad"))
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).isEqualTo("bad event");
            });
  }

  @Test
  void withoutTheBridgeTheClientStubGetsUnimplemented() throws Exception {
    start(List.of(platform.bindService()));
    assertThatThrownBy(
            () ->
                ChaukasClientServiceGrpc.newBlockingStub(channel)
                    .healthz(ai.chaukas.spec.client.v1.HealthzRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    assertThat(platform.calls).isEmpty();
  }

  @Test
  void clientServiceHasTheClientNamesAndSchema() {
    ServerServiceDefinition client = ChaukasServices.clientServiceOf(platform);
    assertThat(client.getServiceDescriptor().getName())
        .isEqualTo(ChaukasClientServiceGrpc.SERVICE_NAME);
    assertThat(client.getServiceDescriptor().getSchemaDescriptor())
        .isSameAs(ChaukasClientServiceGrpc.getServiceDescriptor().getSchemaDescriptor());
    assertThat(client.getMethods())
        .extracting(m -> m.getMethodDescriptor().getFullMethodName())
        .containsExactlyInAnyOrderElementsOf(
            ChaukasClientServiceGrpc.getServiceDescriptor().getMethods().stream()
                .map(MethodDescriptor::getFullMethodName)
                .toList());
    assertThat(ChaukasServices.bothServices(platform))
        .extracting(d -> d.getServiceDescriptor().getName())
        .containsExactly(ChaukasServerServiceGrpc.SERVICE_NAME, ChaukasClientServiceGrpc.SERVICE_NAME);
  }

  @Test
  void interceptorsOfTheServerServiceRunForBothNames() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    ServerInterceptor recorder =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, io.grpc.Metadata headers, ServerCallHandler<Q, R> next) {
            seen.add(call.getMethodDescriptor().getBareMethodName());
            return next.startCall(call, headers);
          }
        };
    start(ChaukasServices.bothServices(ServerInterceptors.intercept(platform, recorder)));
    ChaukasClientServiceGrpc.newBlockingStub(channel)
        .healthz(ai.chaukas.spec.client.v1.HealthzRequest.getDefaultInstance());
    ChaukasServerServiceGrpc.newBlockingStub(channel).healthz(HealthzRequest.getDefaultInstance());
    assertThat(seen).containsExactly("Healthz", "Healthz");
  }

  @Test
  void rejectsAnythingButTheServerService() {
    ServerServiceDefinition other =
        ServerServiceDefinition.builder("example.v1.Other").build();
    assertThatThrownBy(() -> ChaukasServices.clientServiceOf(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(ChaukasServerServiceGrpc.SERVICE_NAME)
        .hasMessageContaining("example.v1.Other");
  }

  @Test
  void rejectsAServerServiceWithoutEveryClientRpc() {
    ServerServiceDefinition empty =
        ServerServiceDefinition.builder(ChaukasServerServiceGrpc.SERVICE_NAME).build();
    assertThatThrownBy(() -> ChaukasServices.clientServiceOf(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no Healthz method");
  }
}
