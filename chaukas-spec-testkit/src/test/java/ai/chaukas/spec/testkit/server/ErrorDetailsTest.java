package ai.chaukas.spec.testkit.server;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.common.v1.TimeRange;
import ai.chaukas.spec.common.v1.ToolCall;
import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.reference.RunningServer;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.GetEventStatsRequest;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import ai.chaukas.spec.server.v1.IngestEventRequest;
import ai.chaukas.spec.server.v1.QueryEventsRequest;
import ai.chaukas.spec.testing.internal.RawCalls;
import ai.chaukas.spec.testing.internal.ServerCalls;
import ai.chaukas.spec.testkit.junit.ChaukasServerExtension;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.rpc.BadRequest.FieldViolation;
import com.google.rpc.BadRequest;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import static ai.chaukas.spec.testing.internal.SampleEvents.TENANT;
import static ai.chaukas.spec.testing.internal.SampleEvents.event;
import static ai.chaukas.spec.testing.internal.ServerCalls.at;
import static ai.chaukas.spec.testing.internal.ServerCalls.ingest;
import static ai.chaukas.spec.testing.internal.ServerCalls.ingestBatch;
import static ai.chaukas.spec.testing.internal.ServerCalls.page;
import static ai.chaukas.spec.testing.internal.ServerCalls.queryOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * "Error details" of docs/server-semantics.md: every INVALID_ARGUMENT carries a google.rpc.Status
 * whose message is the description and whose one detail is a google.rpc.BadRequest naming each
 * refused field by its path from the request, described as {@code [rule-id] message}.
 */
class ErrorDetailsTest {

  @RegisterExtension
  static final ChaukasServerExtension chaukas =
      ChaukasServerExtension.inProcess().configure(server -> server.maxBatchEvents(3));

  /** The field violations of a call that must fail with INVALID_ARGUMENT. */
  private static List<FieldViolation> violations(ThrowingCallable call)
      throws InvalidProtocolBufferException {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call);
    assertThat(e).as("the call should fail").isNotNull();
    return violations(e);
  }

  private static List<FieldViolation> violations(StatusRuntimeException e)
      throws InvalidProtocolBufferException {
    assertThat(e.getStatus().getCode()).as("status of %s", e.getStatus())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    com.google.rpc.Status details = StatusProto.fromThrowable(e);
    assertThat(details.getMessage()).isEqualTo(e.getStatus().getDescription());
    assertThat(details.getDetailsList()).as("details of %s", e.getStatus()).hasSize(1);
    assertThat(details.getDetails(0).is(BadRequest.class)).isTrue();
    return details.getDetails(0).unpack(BadRequest.class).getFieldViolationsList();
  }

  @Test
  void invalidEventNamesEachViolationUnderEvent(ChaukasServerServiceBlockingStub stub)
      throws Exception {
    Event invalid =
        event("e-1", 1).clearTimestamp().setType(EventType.EVENT_TYPE_UNSPECIFIED).build();
    assertThat(violations(() -> ingest(stub, invalid)))
        .extracting(FieldViolation::getField, FieldViolation::getDescription)
        .containsExactlyInAnyOrder(
            tuple("event.timestamp", "[required-field] timestamp is required"),
            tuple("event.type",
                "[required-enum] type is required (EVENT_TYPE_UNSPECIFIED is not a type)"));

    Event nested =
        event("e-2", 2)
            .setToolCall(ToolCall.newBuilder().setName("search"))
            .setMetadata(
                Struct.newBuilder()
                    .putFields("odd key", Value.newBuilder().setNumberValue(Double.NaN).build()))
            .build();
    assertThat(fieldAndRule(() -> ingest(stub, nested)))
        .containsExactlyInAnyOrder(
            tuple("event.tool_call", "content-type-match"),
            tuple("event.metadata[\"odd key\"]", "finite-number"));
  }

  @Test
  void missingEventAndMissingBatchNameTheirField(ChaukasServerServiceBlockingStub stub)
      throws Exception {
    assertThat(violations(() -> stub.ingestEvent(IngestEventRequest.getDefaultInstance())))
        .extracting(FieldViolation::getField, FieldViolation::getDescription)
        .containsExactly(tuple("event", "[ING-3] event is required"));
    assertThat(violations(() -> stub.ingestEventBatch(IngestEventBatchRequest.getDefaultInstance())))
        .extracting(FieldViolation::getField, FieldViolation::getDescription)
        .containsExactly(tuple("event_batch", "[ING-6] event_batch is required"));
  }

  @Test
  void batchRefusalsNameTheirFieldUnderEventBatch(
      ChaukasServerServiceBlockingStub stub, Channel channel, ReferenceServer server)
      throws Exception {
    assertThat(violations(() -> ingestBatch(stub, "b\u2066", List.of(event("e-1", 1).build()))))
        .singleElement()
        .satisfies(v -> {
          assertThat(v.getField()).isEqualTo("event_batch.batch_id");
          assertThat(v.getDescription()).startsWith("[id-characters] ");
        });

    List<Event> four = List.of(event("a", 1).build(), event("b", 2).build(),
        event("c", 3).build(), event("d", 4).build());
    assertThat(violations(() -> ingestBatch(stub, "b", four)))
        .singleElement()
        .satisfies(v -> {
          assertThat(v.getField()).isEqualTo("event_batch.events");
          assertThat(v.getDescription()).startsWith("[ING-7] event_batch has 4 events;");
        });

    byte[] request = ServerCalls.batchRequestWithUnreadableSecondEvent(event("ok-1", 1).build());
    assertThat(
            violations(
                () -> callWithBytes(
                    channel, ChaukasServerServiceGrpc.getIngestEventBatchMethod(), request)))
        .singleElement()
        .satisfies(v -> {
          assertThat(v.getField()).isEqualTo("event_batch.events[1]");
          assertThat(v.getDescription())
              .startsWith("[malformed] event_batch.events[1] is not an Event message (");
        });
    assertThat(server.eventCount()).isZero();
  }

  @Test
  void queryRefusalsNameTheirFieldUnderQuery(ChaukasServerServiceBlockingStub stub)
      throws Exception {
    QueryRequest noTenant =
        QueryRequest.newBuilder().setFilter(QueryFilter.newBuilder().setProjectId("p")).build();
    assertThat(fieldAndRule(() -> page(stub, noTenant)))
        .containsExactly(tuple("query.filter.tenant_id", "QRY-1"));
    assertThat(fieldAndRule(() -> stub.queryEvents(QueryEventsRequest.getDefaultInstance())))
        .containsExactly(tuple("query.filter.tenant_id", "QRY-1"));
    assertThat(fieldAndRule(() -> page(stub, queryOf(TENANT).setPageSize(-1).build())))
        .containsExactly(tuple("query.page_size", "QRY-5"));
    assertThat(fieldAndRule(() -> page(stub, queryOf(TENANT).setOrderByTimeValue(99).build())))
        .containsExactly(tuple("query.order_by_time", "QRY-4"));
    QueryRequest badNanos =
        queryOf(TENANT)
            .setFilter(
                QueryFilter.newBuilder()
                    .setTenantId(TENANT)
                    .setTime(TimeRange.newBuilder().setStart(at(1, -1))))
            .build();
    assertThat(fieldAndRule(() -> page(stub, badNanos)))
        .containsExactly(tuple("query.filter.time.start.nanos", "QRY-3"));
  }

  @Test
  void badPageTokensNameQueryPageToken(ChaukasServerServiceBlockingStub stub) throws Exception {
    ingest(stub, event("e-1", 1).build());
    ingest(stub, event("e-2", 2).build());
    String token = page(stub, queryOf(TENANT).setPageSize(1).build()).getNextPageToken();
    assertThat(token).isNotEmpty();

    assertThat(violations(() -> page(stub, queryOf(TENANT).setPageToken("~not a token~").build())))
        .extracting(FieldViolation::getField, FieldViolation::getDescription)
        .containsExactly(
            tuple("query.page_token",
                "[QRY-6] query.page_token is malformed; pass next_page_token exactly as received,"
                    + " or start again without a token"));
    assertThat(violations(() -> page(stub, queryOf("another-tenant").setPageToken(token).build())))
        .singleElement()
        .satisfies(v -> {
          assertThat(v.getField()).isEqualTo("query.page_token");
          assertThat(v.getDescription())
              .startsWith("[QRY-6] query.page_token was issued for another tenant, filter or sort order");
        });
  }

  @Test
  void statsRefusalsNameTheirFieldFromTheRequest(ChaukasServerServiceBlockingStub stub)
      throws Exception {
    assertThat(fieldAndRule(() -> stub.getEventStats(GetEventStatsRequest.getDefaultInstance())))
        .containsExactly(tuple("tenant_id", "STA-1"));
    GetEventStatsRequest badNanos =
        GetEventStatsRequest.newBuilder()
            .setTenantId(TENANT)
            .setTimeRange(TimeRange.newBuilder().setEnd(at(1, 1_000_000_000)))
            .build();
    assertThat(fieldAndRule(() -> stub.getEventStats(badNanos)))
        .containsExactly(tuple("time_range.end.nanos", "STA-1"));
  }

  @Test
  void otherCodesCarryNoDetails(ChaukasServerServiceBlockingStub stub) {
    Event original = event("e-1", 1).build();
    ingest(stub, original);
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> ingest(stub, original.toBuilder().setAgentName("changed").build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(StatusProto.fromThrowable(e).getDetailsList()).isEmpty();
  }

  /**
   * Over a socket, where clients refuse trailers above 8 KiB: a violation list too long for them is
   * cut in the description and the details alike, and the call still ends with INVALID_ARGUMENT.
   */
  @ParameterizedTest
  @ValueSource(strings = {"k", "ключ-с-длинным-именем-которое-не-влезает-"})
  void aLongViolationListFitsTheTrailersOverASocket(String keyPrefix) throws Exception {
    Struct.Builder notFinite = Struct.newBuilder();
    for (int i = 0; i < 300; i++) {
      notFinite.putFields(keyPrefix + i, Value.newBuilder().setNumberValue(Double.NaN).build());
    }
    Event manyViolations = event("e-1", 1).setMetadata(notFinite).build();
    try (RunningServer running = ReferenceServer.create().start(0)) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", running.port()).usePlaintext().build();
      try {
        StatusRuntimeException e =
            catchThrowableOfType(
                StatusRuntimeException.class,
                () -> ingest(ChaukasServerServiceGrpc.newBlockingStub(channel), manyViolations));
        List<FieldViolation> violations = violations(e);
        String description = e.getStatus().getDescription();
        Matcher more = Pattern.compile("; and (\\d+) more violations$").matcher(description);
        assertThat(more.find()).as(description).isTrue();
        int listed = description.split("\\[finite-number]", -1).length - 1;
        assertThat(listed).isPositive();
        assertThat(violations).hasSize(listed);
        assertThat(listed + Integer.parseInt(more.group(1))).isEqualTo(300);
        assertThat(violations)
            .allSatisfy(v -> {
              assertThat(v.getField()).startsWith("event.metadata");
              assertThat(v.getDescription()).startsWith("[finite-number] ");
            });
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static List<Tuple> fieldAndRule(ThrowingCallable call)
      throws InvalidProtocolBufferException {
    return violations(call).stream()
        .map(v -> tuple(v.getField(), rule(v.getDescription())))
        .toList();
  }

  /** The rule id of a description {@code [rule-id] message}. */
  private static String rule(String description) {
    assertThat(description).matches("\\[[^\\]]+] .+");
    return description.substring(1, description.indexOf(']'));
  }

  /** Sends {@code bytes} as the request of {@code method}. */
  private static void callWithBytes(Channel channel, MethodDescriptor<?, ?> method, byte[] bytes) {
    ClientCalls.blockingUnaryCall(channel, RawCalls.withBytes(method), CallOptions.DEFAULT, bytes);
  }
}
