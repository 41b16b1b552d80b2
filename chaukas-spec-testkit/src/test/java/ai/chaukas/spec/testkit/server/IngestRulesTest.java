package ai.chaukas.spec.testkit.server;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.ToolCall;
import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import ai.chaukas.spec.server.v1.IngestEventBatchResponse;
import ai.chaukas.spec.server.v1.IngestEventRequest;
import ai.chaukas.spec.server.v1.IngestEventResponse;
import ai.chaukas.spec.testing.internal.ServerCalls;
import ai.chaukas.spec.testkit.junit.ChaukasServerExtension;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static ai.chaukas.spec.testing.internal.SampleEvents.TENANT;
import static ai.chaukas.spec.testing.internal.SampleEvents.event;
import static ai.chaukas.spec.testing.internal.ServerCalls.failsWith;
import static ai.chaukas.spec.testing.internal.ServerCalls.ingest;
import static ai.chaukas.spec.testing.internal.ServerCalls.ingestBatch;
import static org.assertj.core.api.Assertions.assertThat;

/** ING-1 to ING-6 of docs/server-semantics.md (ING-7 is in {@link IngestLimitsTest}). */
class IngestRulesTest {

  static final Instant NOW = Instant.parse("2026-11-25T10:15:30.123Z");

  @RegisterExtension
  static final ChaukasServerExtension chaukas =
      ChaukasServerExtension.inProcess()
          .configure(server -> server.clock(Clock.fixed(NOW, ZoneOffset.UTC)));

  @Test
  void ING_1_eventWithoutTenantIsRejected(
      ChaukasServerServiceBlockingStub stub, ReferenceServer server) {
    Event noTenant = event("e-1", 1).clearTenantId().build();
    assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> ingest(stub, noTenant)))
        .contains("tenant_id: [tenant-required]");
    assertThat(ingestBatch(stub, "b-1", List.of(noTenant)).getRejectedEventIdsList())
        .containsExactly("e-1");
    assertThat(server.eventCount()).isZero();
  }

  @Test
  void ING_1_theToolkitRulesApply(ChaukasServerServiceBlockingStub stub) {
    Event toolCallOnAgentStart =
        event("e-1", 1).setToolCall(ToolCall.newBuilder().setName("search")).build();
    assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> ingest(stub, toolCallOnAgentStart)))
        .contains("[content-type-match]");
  }

  @Test
  void ING_1_identifiersWithControlCharactersAreRejected(
      ChaukasServerServiceBlockingStub stub, ReferenceServer server) {
    Event crafted = event("e-1\u001B[2J", 1).build();
    assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> ingest(stub, crafted)))
        .contains("event_id: [id-characters] holds control character U+001B at position 3;")
        .doesNotContain("\u001B");
    IngestEventBatchResponse reply =
        ingestBatch(stub, "b-1", List.of(crafted, event("e-2", 2).build()));
    assertThat(reply.getRejectedEventIdsList()).containsExactly(crafted.getEventId());
    assertThat(reply.getAcceptedCount()).isEqualTo(1);
    assertThat(
            failsWith(
                Status.Code.INVALID_ARGUMENT,
                () -> ingestBatch(stub, "b\u2066", List.of(event("e-3", 3).build()))))
        .contains("batch_id: [id-characters]");
    assertThat(server.eventCount()).isEqualTo(1);
  }

  @Test
  void ING_2_validEventIsStoredAndAcknowledged(
      ChaukasServerServiceBlockingStub stub, ReferenceServer server) {
    Event e = event("e-1", 1).build();
    IngestEventResponse reply = ingest(stub, e);
    assertThat(reply.getEventId()).isEqualTo("e-1");
    assertThat(reply.getStatus()).isEqualTo("accepted");
    assertThat(reply.getProcessedAt()).isEqualTo(NOW.toEpochMilli());
    assertThat(server.event(TENANT, "e-1")).contains(e);
  }

  @Test
  void ING_3_missingEventIsInvalidArgument(
      ChaukasServerServiceBlockingStub stub, ReferenceServer server) {
    assertThat(
            failsWith(
                Status.Code.INVALID_ARGUMENT,
                () -> stub.ingestEvent(IngestEventRequest.getDefaultInstance())))
        .isEqualTo("event is required");
    assertThat(server.eventCount()).isZero();
  }

  @Test
  void ING_3_invalidEventListsEachViolationAndStoresNothing(
      ChaukasServerServiceBlockingStub stub, ReferenceServer server) {
    Event invalid = event("e-1", 1).clearTimestamp().setType(EventType.EVENT_TYPE_UNSPECIFIED).build();
    String description = failsWith(Status.Code.INVALID_ARGUMENT, () -> ingest(stub, invalid));
    assertThat(description)
        .contains("timestamp: [required-field] timestamp is required")
        .contains("type: [required-enum] type is required");
    assertThat(server.eventCount()).isZero();
  }

  @Test
  void ING_3_aLongViolationListEndsWithACountInsteadOfOverflowingTheTrailer(
      ChaukasServerServiceBlockingStub stub) {
    Struct.Builder notFinite = Struct.newBuilder();
    for (int i = 0; i < 300; i++) {
      notFinite.putFields("k" + i, Value.newBuilder().setNumberValue(Double.NaN).build());
    }
    Event manyViolations = event("e-1", 1).setMetadata(notFinite).build();
    String description = failsWith(Status.Code.INVALID_ARGUMENT, () -> ingest(stub, manyViolations));
    assertThat(description)
        .contains("[finite-number]")
        .containsPattern("; and \\d+ more violations$")
        .hasSizeLessThanOrEqualTo(4096);
  }

  @Test
  void ING_4_batchStoresValidEventsAndListsRejectedOnes(
      ChaukasServerServiceBlockingStub stub, ReferenceServer server) {
    IngestEventBatchResponse reply =
        ingestBatch(
            stub,
            "b-1",
            List.of(
                event("e-1", 1).build(),
                event("", 2).build(),
                event("e-3", 3).clearTimestamp().build(),
                event("e-4", 4).build()));
    assertThat(reply.getBatchId()).isEqualTo("b-1");
    assertThat(reply.getAcceptedCount()).isEqualTo(2);
    assertThat(reply.getRejectedCount()).isEqualTo(2);
    assertThat(reply.getAcceptedCount() + reply.getRejectedCount()).isEqualTo(4);
    assertThat(reply.getRejectedEventIdsList()).containsExactly("events[1]", "e-3");
    assertThat(ServerCalls.ids(server.events(TENANT))).containsExactly("e-1", "e-4");
  }

  @Test
  void ING_5_sameIdSameContentIsIdempotent(
      ChaukasServerServiceBlockingStub stub, ReferenceServer server) {
    Event e = event("e-1", 1).build();
    ingest(stub, e);
    IngestEventResponse again = ingest(stub, e);
    assertThat(again.getStatus()).isEqualTo("accepted");
    assertThat(again.getEventId()).isEqualTo("e-1");
    assertThat(ingestBatch(stub, "b", List.of(e)).getAcceptedCount()).isEqualTo(1);
    assertThat(server.eventCount()).isEqualTo(1);
  }

  @Test
  void ING_5_sameIdDifferentContentIsAlreadyExistsAndNeverOverwritten(
      ChaukasServerServiceBlockingStub stub, ReferenceServer server) {
    Event original = event("e-1", 1).build();
    ingest(stub, original);
    Event changed = original.toBuilder().setAgentName("someone else").build();
    assertThat(failsWith(Status.Code.ALREADY_EXISTS, () -> ingest(stub, changed))).contains("e-1");
    assertThat(server.event(TENANT, "e-1")).contains(original);
  }

  @Test
  void ING_5_batchConflictIsListedAsRejected(
      ChaukasServerServiceBlockingStub stub, ReferenceServer server) {
    Event original = event("e-1", 1).build();
    ingest(stub, original);
    IngestEventBatchResponse reply =
        ingestBatch(
            stub,
            "b",
            List.of(original.toBuilder().setAgentName("changed").build(), event("e-2", 2).build()));
    assertThat(reply.getRejectedEventIdsList()).containsExactly("e-1");
    assertThat(reply.getAcceptedCount()).isEqualTo(1);
    assertThat(server.event(TENANT, "e-1")).contains(original);
  }

  @Test
  void ING_5_secondCopyInOneBatchFollowsTheSameRule(
      ChaukasServerServiceBlockingStub stub, ReferenceServer server) {
    Event first = event("e-1", 1).build();
    IngestEventBatchResponse reply =
        ingestBatch(
            stub,
            "b",
            List.of(
                first,
                first,
                first.toBuilder().setAgentName("changed").build()));
    assertThat(reply.getAcceptedCount()).isEqualTo(2);
    assertThat(reply.getRejectedEventIdsList()).containsExactly("e-1");
    assertThat(server.events(TENANT)).containsExactly(first);
  }

  @Test
  void ING_6_batchWithoutEventBatchIsInvalidArgument(ChaukasServerServiceBlockingStub stub) {
    assertThat(
            failsWith(
                Status.Code.INVALID_ARGUMENT,
                () -> stub.ingestEventBatch(IngestEventBatchRequest.getDefaultInstance())))
        .isEqualTo("event_batch is required");
  }

  @Test
  void ING_6_emptyBatchSucceedsWithZeroCounts(ChaukasServerServiceBlockingStub stub) {
    IngestEventBatchResponse reply =
        stub.ingestEventBatch(
            IngestEventBatchRequest.newBuilder()
                .setEventBatch(EventBatch.newBuilder().setBatchId("empty"))
                .build());
    assertThat(reply)
        .isEqualTo(IngestEventBatchResponse.newBuilder().setBatchId("empty").build());
  }

  @Test
  void ING_4_invalidBatchFieldsFailTheWholeCall(
      ChaukasServerServiceBlockingStub stub, ReferenceServer server) {
    String longId = "b".repeat(300);
    assertThat(
            failsWith(
                Status.Code.INVALID_ARGUMENT,
                () -> ingestBatch(stub, longId, List.of(event("e-1", 1).build()))))
        .contains("batch_id: [id-length]");
    assertThat(server.eventCount()).isZero();
  }
}
