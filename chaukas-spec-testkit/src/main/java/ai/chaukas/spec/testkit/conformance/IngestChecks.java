package ai.chaukas.spec.testkit.conformance;

import static ai.chaukas.spec.testkit.conformance.CheckDefinition.check;

import ai.chaukas.spec.common.v1.AgentHandoff;
import ai.chaukas.spec.common.v1.ErrorInfo;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.LLMInvocation;
import ai.chaukas.spec.common.v1.MCPCall;
import ai.chaukas.spec.common.v1.MessageContent;
import ai.chaukas.spec.common.v1.RetryInfo;
import ai.chaukas.spec.common.v1.ToolCall;
import ai.chaukas.spec.common.v1.ToolResponse;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import ai.chaukas.spec.server.v1.IngestEventBatchResponse;
import ai.chaukas.spec.server.v1.IngestEventRequest;
import ai.chaukas.spec.server.v1.IngestEventResponse;
import ai.chaukas.spec.toolkit.events.EventFactory;
import ai.chaukas.spec.toolkit.events.TraceContext;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/** ING-1 to ING-7: validation, acknowledgement, batches, idempotency and limits. */
final class IngestChecks {

  /** How far {@code processed_at} may lie from the client's clock, for servers with clock skew. */
  private static final long PROCESSED_AT_TOLERANCE_MILLIS = 5 * 60 * 1000;

  private IngestChecks() {}

  static List<CheckDefinition> all() {
    return List.of(
        check("ING-1", "eventWithoutTenantIsRejected", IngestChecks::eventWithoutTenantIsRejected),
        check("ING-1", "toolkitRulesApply", IngestChecks::toolkitRulesApply),
        check("ING-1", "validEventsOfEveryTypeAreAccepted",
            IngestChecks::validEventsOfEveryTypeAreAccepted),
        check("ING-2", "validEventIsStoredAndAcknowledged",
            IngestChecks::validEventIsStoredAndAcknowledged),
        check("ING-3", "missingEventIsInvalidArgument", IngestChecks::missingEventIsInvalidArgument),
        check("ING-3", "invalidEventListsEachViolationAndStoresNothing",
            IngestChecks::invalidEventListsEachViolationAndStoresNothing),
        check("ING-4", "batchStoresValidEventsAndListsRejectedOnes",
            IngestChecks::batchStoresValidEventsAndListsRejectedOnes),
        check("ING-4", "batchOfOnlyInvalidEventsSucceeds",
            IngestChecks::batchOfOnlyInvalidEventsSucceeds),
        check("ING-5", "sameIdSameContentIsIdempotent", IngestChecks::sameIdSameContentIsIdempotent),
        check("ING-5", "sameIdDifferentContentIsAlreadyExists",
            IngestChecks::sameIdDifferentContentIsAlreadyExists),
        check("ING-5", "batchConflictIsRejectedAndNeverOverwrites",
            IngestChecks::batchConflictIsRejectedAndNeverOverwrites),
        check("ING-5", "secondCopyInOneBatchFollowsTheSameRule",
            IngestChecks::secondCopyInOneBatchFollowsTheSameRule),
        check("ING-6", "batchWithoutEventBatchIsInvalidArgument",
            IngestChecks::batchWithoutEventBatchIsInvalidArgument),
        check("ING-6", "emptyBatchSucceedsWithZeroCounts", IngestChecks::emptyBatchSucceedsWithZeroCounts),
        check("ING-7", "batchAboveTheLimitIsInvalidArgumentAndStoresNothing",
            IngestChecks::batchAboveTheLimitIsInvalidArgumentAndStoresNothing),
        check("ING-7", "requestAboveTheMaximumSizeIsResourceExhausted",
            IngestChecks::requestAboveTheMaximumSizeIsResourceExhausted));
  }

  static void eventWithoutTenantIsRejected(Scope s) {
    Event noTenant = s.event("e-1", 1).clearTenantId().build();
    s.invalid("IngestEvent of an event without tenant_id", () -> s.ingest(noTenant),
        "event.tenant_id");
    IngestEventBatchResponse reply = s.batch("b-1", List.of(noTenant));
    Expect.equal(List.of("e-1"), reply.getRejectedEventIdsList(),
        "IngestEventBatch of an event without tenant_id: rejected_event_ids");
    Expect.equal(0, reply.getAcceptedCount(),
        "IngestEventBatch of an event without tenant_id: accepted_count");
  }

  static void toolkitRulesApply(Scope s) {
    Event wrongContent = s.event("e-1", 1).setToolCall(ToolCall.newBuilder().setName("search")).build();
    Event badHash = s.event("e-2", 2).setContentHash("XYZ").build();
    Event negative =
        s.event("e-3", 3)
            .setType(EventType.EVENT_TYPE_RETRY)
            .setRetry(RetryInfo.newBuilder().setAttempt(-1))
            .build();
    s.invalid("IngestEvent of an AGENT_START event with a tool_call (content-type-match)",
        () -> s.ingest(wrongContent), "event.tool_call");
    s.invalid("IngestEvent of an event with content_hash \"XYZ\" (hash-format)",
        () -> s.ingest(badHash), "event.content_hash");
    s.invalid("IngestEvent of a RETRY event with attempt -1 (non-negative)",
        () -> s.ingest(negative), "event.retry.attempt");
    IngestEventBatchResponse reply = s.batch("b-1", List.of(wrongContent, badHash, negative));
    Expect.equal(List.of("e-1", "e-2", "e-3"), reply.getRejectedEventIdsList(),
        "IngestEventBatch of three invalid events: rejected_event_ids");
    Expect.ids(s.ids(s.query()), "events stored after the invalid ones were refused");
  }

  static void validEventsOfEveryTypeAreAccepted(Scope s) {
    List<Event> events = everyType(s);
    IngestEventBatchResponse reply = s.batch("every-type", events);
    Expect.equal(List.of(), reply.getRejectedEventIdsList(),
        "IngestEventBatch of " + events.size() + " valid events built by EventFactory:"
            + " rejected_event_ids");
    Expect.equal(events.size(), s.ids(s.query()).size(), "events stored");
  }

  static void validEventIsStoredAndAcknowledged(Scope s) {
    Event event = s.event("e-1", 1).setAgentName("conformance agent").addTags("t").build();
    long before = System.currentTimeMillis();
    IngestEventResponse reply = s.ingest(event);
    long after = System.currentTimeMillis();
    Expect.equal("e-1", reply.getEventId(), "IngestEvent event_id");
    Expect.equal("accepted", reply.getStatus(), "IngestEvent status");
    Expect.that(
        reply.getProcessedAt() >= before - PROCESSED_AT_TOLERANCE_MILLIS
            && reply.getProcessedAt() <= after + PROCESSED_AT_TOLERANCE_MILLIS,
        "IngestEvent processed_at is %d; it must be milliseconds since the Unix epoch, near %d",
        reply.getProcessedAt(), after);
    expectStored(s, event);
  }

  static void missingEventIsInvalidArgument(Scope s) {
    s.invalid("IngestEvent without event",
        () -> s.server().ingestEvent(IngestEventRequest.getDefaultInstance()), "event");
  }

  static void invalidEventListsEachViolationAndStoresNothing(Scope s) {
    Event invalid =
        s.event("e-1", 1).clearTimestamp().setType(EventType.EVENT_TYPE_UNSPECIFIED).build();
    String what = "IngestEvent of an event without timestamp and type";
    String description =
        s.invalid(what, () -> s.ingest(invalid), "event.timestamp", "event.type");
    Expect.mentions(description, "timestamp: [required-field]", what);
    Expect.mentions(description, "type: [required-enum]", what);
    Expect.ids(s.ids(s.query()), "events stored after the invalid one was refused");
  }

  static void batchStoresValidEventsAndListsRejectedOnes(Scope s) {
    IngestEventBatchResponse reply =
        s.batch(
            "b-1",
            List.of(
                s.event("e-1", 1).build(),
                s.event("", 2).build(),
                s.event("e-3", 3).clearTimestamp().build(),
                s.event("e-4", 4).build()));
    Expect.equal("b-1", reply.getBatchId(), "batch_id");
    Expect.equal(List.of("events[1]", "e-3"), reply.getRejectedEventIdsList(), "rejected_event_ids");
    Expect.equal(2, reply.getAcceptedCount(), "accepted_count");
    Expect.equal(2, reply.getRejectedCount(), "rejected_count");
    Expect.ids(s.ids(s.ascending()), "events stored", "e-1", "e-4");
  }

  static void batchOfOnlyInvalidEventsSucceeds(Scope s) {
    IngestEventBatchResponse reply =
        s.batch(
            "b-1",
            List.of(
                s.event("e-1", 1).clearSessionId().build(),
                s.event("e-2", 2).clearTenantId().build()));
    Expect.equal("b-1", reply.getBatchId(), "batch_id");
    Expect.equal(0, reply.getAcceptedCount(), "accepted_count");
    Expect.equal(2, reply.getRejectedCount(), "rejected_count");
    Expect.equal(List.of("e-1", "e-2"), reply.getRejectedEventIdsList(), "rejected_event_ids");
  }

  static void sameIdSameContentIsIdempotent(Scope s) {
    Event event = s.event("e-1", 1).build();
    s.ingest(event);
    IngestEventResponse again = s.ingest(event);
    Expect.equal("accepted", again.getStatus(), "IngestEvent of the same event again: status");
    Expect.equal("e-1", again.getEventId(), "IngestEvent of the same event again: event_id");
    IngestEventBatchResponse batch = s.batch("retry", List.of(event));
    Expect.equal(1, batch.getAcceptedCount(), "IngestEventBatch of the same event again: accepted_count");
    Expect.ids(s.ids(s.query()), "events stored after three ingests of one event", "e-1");
  }

  static void sameIdDifferentContentIsAlreadyExists(Scope s) {
    Event original = s.event("e-1", 1).build();
    s.ingest(original);
    Event changed = original.toBuilder().setAgentName("someone else").build();
    s.fails(Status.Code.ALREADY_EXISTS,
        "IngestEvent of a stored event_id with different content", () -> s.ingest(changed));
    expectStored(s, original);
  }

  static void batchConflictIsRejectedAndNeverOverwrites(Scope s) {
    Event original = s.event("e-1", 1).build();
    s.ingest(original);
    IngestEventBatchResponse reply =
        s.batch(
            "b-1",
            List.of(original.toBuilder().setAgentName("changed").build(), s.event("e-2", 2).build()));
    Expect.equal(List.of("e-1"), reply.getRejectedEventIdsList(),
        "IngestEventBatch with a stored event_id and different content: rejected_event_ids");
    Expect.equal(1, reply.getAcceptedCount(), "accepted_count");
    expectStored(s, original, s.event("e-2", 2).build());
  }

  static void secondCopyInOneBatchFollowsTheSameRule(Scope s) {
    Event first = s.event("e-1", 1).build();
    IngestEventBatchResponse reply =
        s.batch("b-1", List.of(first, first, first.toBuilder().setAgentName("changed").build()));
    Expect.equal(2, reply.getAcceptedCount(),
        "batch [e-1, same e-1, changed e-1]: accepted_count");
    Expect.equal(List.of("e-1"), reply.getRejectedEventIdsList(),
        "batch [e-1, same e-1, changed e-1]: rejected_event_ids");
    expectStored(s, first);
  }

  static void batchWithoutEventBatchIsInvalidArgument(Scope s) {
    s.invalid("IngestEventBatch without event_batch",
        () -> s.server().ingestEventBatch(IngestEventBatchRequest.getDefaultInstance()),
        "event_batch");
  }

  static void emptyBatchSucceedsWithZeroCounts(Scope s) {
    IngestEventBatchResponse reply = s.batch("empty", List.of());
    Expect.equal(
        IngestEventBatchResponse.newBuilder().setBatchId("empty").build(), reply,
        "IngestEventBatch of an empty batch");
  }

  static void batchAboveTheLimitIsInvalidArgumentAndStoresNothing(Scope s) {
    int limit = s.limits().maxBatchEvents();
    if (limit == 0) {
      throw new CheckSkipped("the server's batch limit was not given (maxBatchEvents 0)");
    }
    List<Event> events =
        IntStream.rangeClosed(0, limit)
            .mapToObj(i -> s.event("e-" + i, i % 1000).setSpanId("s").build())
            .toList();
    s.invalid(
        "IngestEventBatch of " + events.size() + " events, one above the limit of " + limit
            + " (if the server's limit is higher, say so with maxBatchEvents)",
        () -> s.batch("too-big", events),
        "event_batch.events");
    Expect.equal(0, s.page(s.query().build()).getEventsCount(),
        "events stored after the batch was refused");
  }

  static void requestAboveTheMaximumSizeIsResourceExhausted(Scope s) {
    int limit = s.limits().maxMessageBytes();
    if (limit == 0) {
      throw new CheckSkipped("the server's maximum request size was not given (maxMessageBytes 0)");
    }
    // Valid per docs/validation.md: tags of at most 1,000,000 characters each.
    Event.Builder big = s.event("big", 1);
    int tag = 1_000_000;
    String chunk = "x".repeat(tag);
    int whole = limit / tag;
    for (int i = 0; i < whole; i++) {
      big.addTags(chunk);
    }
    big.addTags("x".repeat(limit % tag + 1024));
    Event event = big.build();
    s.fails(Status.Code.RESOURCE_EXHAUSTED,
        "IngestEvent of " + event.getSerializedSize() + " bytes, above the limit of " + limit
            + " (if the server's limit is higher, say so with maxMessageBytes)",
        () -> s.ingest(event));
    Expect.ids(s.ids(s.query()), "events stored after the request was refused");
  }

  /** Fails unless the tenant holds exactly {@code expected}, in ascending order, unchanged. */
  private static void expectStored(Scope s, Event... expected) {
    Expect.sameEvents(List.of(expected), s.allPages(s.ascending().build()), "events stored");
  }

  /** A valid event of every type but POLICY_DECISION and DATA_ACCESS (see CAP-1), from EventFactory. */
  private static List<Event> everyType(Scope s) {
    AtomicInteger ids = new AtomicInteger();
    Instant time = Instant.ofEpochSecond(s.at(10).getSeconds());
    EventFactory events =
        EventFactory.builder()
            .clock(Clock.fixed(time, ZoneOffset.UTC))
            .ids(() -> "id-" + ids.incrementAndGet())
            .build();
    TraceContext session = events.newSession(s.tenant(), Scope.PROJECT);
    Event start = events.sessionStart(session).build();
    TraceContext inSession = session.child(start);
    Event agent = events.agentStart(inSession, "agent-1", "planner").build();
    TraceContext inAgent = inSession.child(agent);
    Event model =
        events.modelInvocationStart(inAgent, LLMInvocation.newBuilder().setModel("m").build()).build();
    Event tool = events.toolCallStart(inAgent, ToolCall.newBuilder().setName("search").build()).build();
    Event mcp = events.mcpCallStart(inAgent, MCPCall.newBuilder().setServerName("files").build()).build();
    Struct state =
        Struct.newBuilder().putFields("step", Value.newBuilder().setNumberValue(2).build()).build();
    List<Event> all = new ArrayList<>();
    all.add(start);
    all.add(agent);
    all.add(events.agentHandoff(inAgent,
        AgentHandoff.newBuilder().setFromAgentId("agent-1").setToAgentId("agent-2").build()).build());
    all.add(model);
    all.add(events.modelInvocationEnd(model, LLMInvocation.newBuilder().setModel("m").build()).build());
    all.add(tool);
    all.add(events.toolCallEnd(tool, ToolResponse.newBuilder().setToolCallId("c-1").build()).build());
    all.add(mcp);
    all.add(events.mcpCallEnd(mcp, MCPCall.newBuilder().setServerName("files").build()).build());
    all.add(events.inputReceived(inAgent, MessageContent.newBuilder().setText("hello").build()).build());
    all.add(events.outputEmitted(inAgent, MessageContent.newBuilder().setText("hi").build()).build());
    all.add(events.error(inAgent, ErrorInfo.newBuilder().setErrorMessage("boom").build()).build());
    all.add(events.retry(inAgent, RetryInfo.newBuilder().setAttempt(1).build()).build());
    all.add(events.stateUpdate(inAgent, state).build());
    all.add(events.system(inSession).build());
    all.add(events.agentEnd(agent).build());
    all.add(events.sessionEnd(start).build());
    return all;
  }
}
