package ai.chaukas.spec.toolkit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.common.v1.AgentHandoff;
import ai.chaukas.spec.common.v1.Author;
import ai.chaukas.spec.common.v1.DataAccess;
import ai.chaukas.spec.common.v1.ErrorInfo;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.Event.ContentCase;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.LLMInvocation;
import ai.chaukas.spec.common.v1.MCPCall;
import ai.chaukas.spec.common.v1.MessageContent;
import ai.chaukas.spec.common.v1.PolicyDecision;
import ai.chaukas.spec.common.v1.RetryInfo;
import ai.chaukas.spec.common.v1.Severity;
import ai.chaukas.spec.common.v1.ToolCall;
import ai.chaukas.spec.common.v1.ToolResponse;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventFactoryTest {

  private static final Instant NOW = Instant.parse("2025-11-25T12:34:56.123456789Z");

  private static final LLMInvocation LLM_REQUEST =
      LLMInvocation.newBuilder().setProvider("openai").setModel("gpt-4o").setMaxTokens(256).build();
  private static final LLMInvocation LLM_RESULT =
      LLM_REQUEST.toBuilder().setTotalTokens(42).setFinishReason("stop").build();
  private static final ToolCall TOOL_CALL =
      ToolCall.newBuilder().setId("call-1").setName("search").build();
  private static final ToolResponse TOOL_RESPONSE =
      ToolResponse.newBuilder().setToolCallId("call-1").setHttpStatus(200).build();
  private static final MCPCall MCP_REQUEST =
      MCPCall.newBuilder().setServerName("files").setOperation("tools/call").build();
  private static final MCPCall MCP_RESULT = MCP_REQUEST.toBuilder().setExecutionTimeMs(12.5).build();
  private static final MessageContent INPUT =
      MessageContent.newBuilder().setRole("user").setText("find flights").build();
  private static final MessageContent OUTPUT =
      MessageContent.newBuilder().setRole("assistant").setText("here are three").build();
  private static final AgentHandoff HANDOFF =
      AgentHandoff.newBuilder().setFromAgentId("planner").setToAgentId("booker").build();
  private static final PolicyDecision POLICY =
      PolicyDecision.newBuilder().setPolicyId("pii").setOutcome("allow").build();
  private static final DataAccess DATA_ACCESS =
      DataAccess.newBuilder().setDatasource("crm").addDocumentIds("doc-1").build();
  private static final ErrorInfo ERROR =
      ErrorInfo.newBuilder().setErrorMessage("timeout").setRecoverable(true).build();
  private static final RetryInfo RETRY =
      RetryInfo.newBuilder().setAttempt(2).setStrategy("exponential").setBackoffMs(400).build();
  private static final Struct STATE =
      Struct.newBuilder().putFields("step", Value.newBuilder().setNumberValue(3).build()).build();

  /** One row per event type: how to create it and what it must look like. */
  record Case(
      EventType type,
      BiFunction<EventFactory, TraceContext, Event> create,
      ContentCase content,
      Message payload,
      EventStatus status,
      Severity severity,
      Author author) {
    @Override
    public String toString() {
      return type.name();
    }
  }

  private static final EventStatus STARTED = EventStatus.EVENT_STATUS_STARTED;
  private static final EventStatus COMPLETED = EventStatus.EVENT_STATUS_COMPLETED;
  private static final Severity INFO = Severity.SEVERITY_INFO;
  private static final ContentCase NONE = ContentCase.CONTENT_NOT_SET;

  static Stream<Case> cases() {
    return Stream.of(
        new Case(EventType.EVENT_TYPE_SESSION_START,
            (f, c) -> f.sessionStart(c).build(),
            NONE, null, STARTED, INFO, Author.AUTHOR_SYSTEM),
        new Case(EventType.EVENT_TYPE_SESSION_END,
            (f, c) -> f.sessionEnd(f.sessionStart(c).build()).build(),
            NONE, null, COMPLETED, INFO, Author.AUTHOR_SYSTEM),
        new Case(EventType.EVENT_TYPE_AGENT_START,
            (f, c) -> f.agentStart(c, "planner", "Planner").build(),
            NONE, null, STARTED, INFO, Author.AUTHOR_AGENT),
        new Case(EventType.EVENT_TYPE_AGENT_END,
            (f, c) -> f.agentEnd(f.agentStart(c, "planner", "Planner").build()).build(),
            NONE, null, COMPLETED, INFO, Author.AUTHOR_AGENT),
        new Case(EventType.EVENT_TYPE_AGENT_HANDOFF,
            (f, c) -> f.agentHandoff(c, HANDOFF).build(),
            ContentCase.AGENT_HANDOFF, HANDOFF, COMPLETED, INFO, Author.AUTHOR_AGENT),
        new Case(EventType.EVENT_TYPE_MODEL_INVOCATION_START,
            (f, c) -> f.modelInvocationStart(c, LLM_REQUEST).build(),
            ContentCase.LLM_INVOCATION, LLM_REQUEST, STARTED, INFO, Author.AUTHOR_LLM),
        new Case(EventType.EVENT_TYPE_MODEL_INVOCATION_END,
            (f, c) -> f.modelInvocationEnd(f.modelInvocationStart(c, LLM_REQUEST).build(), LLM_RESULT)
                .build(),
            ContentCase.LLM_INVOCATION, LLM_RESULT, COMPLETED, INFO, Author.AUTHOR_LLM),
        new Case(EventType.EVENT_TYPE_TOOL_CALL_START,
            (f, c) -> f.toolCallStart(c, TOOL_CALL).build(),
            ContentCase.TOOL_CALL, TOOL_CALL, STARTED, INFO, Author.AUTHOR_TOOL),
        new Case(EventType.EVENT_TYPE_TOOL_CALL_END,
            (f, c) -> f.toolCallEnd(f.toolCallStart(c, TOOL_CALL).build(), TOOL_RESPONSE).build(),
            ContentCase.TOOL_RESPONSE, TOOL_RESPONSE, COMPLETED, INFO, Author.AUTHOR_TOOL),
        new Case(EventType.EVENT_TYPE_MCP_CALL_START,
            (f, c) -> f.mcpCallStart(c, MCP_REQUEST).build(),
            ContentCase.MCP_CALL, MCP_REQUEST, STARTED, INFO, Author.AUTHOR_TOOL),
        new Case(EventType.EVENT_TYPE_MCP_CALL_END,
            (f, c) -> f.mcpCallEnd(f.mcpCallStart(c, MCP_REQUEST).build(), MCP_RESULT).build(),
            ContentCase.MCP_CALL, MCP_RESULT, COMPLETED, INFO, Author.AUTHOR_TOOL),
        new Case(EventType.EVENT_TYPE_INPUT_RECEIVED,
            (f, c) -> f.inputReceived(c, INPUT).build(),
            ContentCase.MESSAGE, INPUT, COMPLETED, INFO, Author.AUTHOR_USER),
        new Case(EventType.EVENT_TYPE_OUTPUT_EMITTED,
            (f, c) -> f.outputEmitted(c, OUTPUT).build(),
            ContentCase.MESSAGE, OUTPUT, COMPLETED, INFO, Author.AUTHOR_AGENT),
        new Case(EventType.EVENT_TYPE_ERROR,
            (f, c) -> f.error(c, ERROR).build(),
            ContentCase.ERROR, ERROR, EventStatus.EVENT_STATUS_FAILED, Severity.SEVERITY_ERROR,
            Author.AUTHOR_SYSTEM),
        new Case(EventType.EVENT_TYPE_RETRY,
            (f, c) -> f.retry(c, RETRY).build(),
            NONE, null, EventStatus.EVENT_STATUS_IN_PROGRESS, Severity.SEVERITY_WARN,
            Author.AUTHOR_SYSTEM),
        new Case(EventType.EVENT_TYPE_POLICY_DECISION,
            (f, c) -> f.policyDecision(c, POLICY).build(),
            ContentCase.POLICY, POLICY, COMPLETED, INFO, Author.AUTHOR_SYSTEM),
        new Case(EventType.EVENT_TYPE_DATA_ACCESS,
            (f, c) -> f.dataAccess(c, DATA_ACCESS).build(),
            ContentCase.DATA_ACCESS, DATA_ACCESS, COMPLETED, INFO, Author.AUTHOR_SYSTEM),
        new Case(EventType.EVENT_TYPE_STATE_UPDATE,
            (f, c) -> f.stateUpdate(c, STATE).build(),
            ContentCase.STATE_UPDATE, STATE, COMPLETED, INFO, Author.AUTHOR_SYSTEM),
        new Case(EventType.EVENT_TYPE_SYSTEM,
            (f, c) -> f.system(c).build(),
            NONE, null, COMPLETED, INFO, Author.AUTHOR_SYSTEM));
  }

  private MutableClock clock;
  private EventFactory events;
  private TraceContext context;

  @BeforeEach
  void setUp() {
    clock = new MutableClock(NOW);
    events =
        EventFactory.builder().clock(clock).ids(new UuidV7(clock, new SplittableRandom(1))::next)
            .build();
    context = new TraceContext("tenant-a", "project-x", "session-1", "trace-1", "parent-span");
  }

  @Test
  void tableCoversEveryEventTypeExactlyOnce() {
    Set<EventType> expected = EnumSet.allOf(EventType.class);
    expected.remove(EventType.EVENT_TYPE_UNSPECIFIED);
    expected.remove(EventType.UNRECOGNIZED);

    List<EventType> covered = cases().map(Case::type).toList();

    assertThat(covered).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    assertThat(covered).hasSize(19);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void createsTheRightTypeContentAndDefaults(Case c) {
    Event event = c.create().apply(events, context);

    assertThat(event.getType()).isEqualTo(c.type());
    assertThat(event.getContentCase()).isEqualTo(c.content());
    if (c.payload() != null) {
      Object content =
          event.getField(Event.getDescriptor().findFieldByNumber(c.content().getNumber()));
      assertThat(content).isEqualTo(c.payload());
    }
    assertThat(event.getStatus()).isEqualTo(c.status());
    assertThat(event.getSeverity()).isEqualTo(c.severity());
    assertThat(event.getAuthor()).isEqualTo(c.author());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void stampsTheContextIdsAndClockOnEveryType(Case c) {
    Event event = c.create().apply(events, context);

    assertThat(event.getTenantId()).isEqualTo("tenant-a");
    assertThat(event.getProjectId()).isEqualTo("project-x");
    assertThat(event.getSessionId()).isEqualTo("session-1");
    assertThat(event.getTraceId()).isEqualTo("trace-1");
    assertThat(UuidV7.isValid(event.getEventId())).as("event_id %s", event.getEventId()).isTrue();
    assertThat(UuidV7.isValid(event.getSpanId())).as("span_id %s", event.getSpanId()).isTrue();
    assertThat(event.getSpanId()).isNotEqualTo(event.getEventId());
    assertThat(event.getTimestamp().getSeconds()).isEqualTo(NOW.getEpochSecond());
    assertThat(event.getTimestamp().getNanos()).isEqualTo(123_456_000);
    boolean sessionEvent =
        c.type() == EventType.EVENT_TYPE_SESSION_START || c.type() == EventType.EVENT_TYPE_SESSION_END;
    assertThat(event.getParentSpanId()).isEqualTo(sessionEvent ? "" : "parent-span");
  }

  @Test
  void sessionStartHasNoParentEvenFromAChildContext() {
    Event start = events.sessionStart(context.child("some-span")).build();

    assertThat(start.getParentSpanId()).isEmpty();
    assertThat(start.getSpanId()).isNotEmpty();
  }

  @Test
  void aWholeSessionGetsUniqueIdsAndTheRightTree() {
    TraceContext session = events.newSession("tenant-a", "project-x");
    List<Event> all = new ArrayList<>();

    Event sessionStart = add(all, events.sessionStart(session).build());
    TraceContext inSession = session.child(sessionStart);
    add(all, events.inputReceived(inSession, INPUT).build());
    Event agentStart = add(all, events.agentStart(inSession, "planner", "Planner").build());
    TraceContext inAgent = inSession.child(agentStart);
    Event llmStart = add(all, events.modelInvocationStart(inAgent, LLM_REQUEST).build());
    Event llmEnd = add(all, events.modelInvocationEnd(llmStart, LLM_RESULT).build());
    Event toolStart = add(all, events.toolCallStart(inAgent, TOOL_CALL).build());
    TraceContext inTool = inAgent.child(toolStart);
    Event policy = add(all, events.policyDecision(inTool, POLICY).build());
    Event toolEnd = add(all, events.toolCallEnd(toolStart, TOOL_RESPONSE).build());
    Event mcpStart = add(all, events.mcpCallStart(inAgent, MCP_REQUEST).build());
    Event mcpEnd = add(all, events.mcpCallEnd(mcpStart, MCP_RESULT).build());
    add(all, events.error(inAgent, ERROR).build());
    add(all, events.retry(inAgent, RETRY).build());
    add(all, events.dataAccess(inAgent, DATA_ACCESS).build());
    add(all, events.stateUpdate(inAgent, STATE).build());
    add(all, events.agentHandoff(inAgent, HANDOFF).build());
    Event agentEnd = add(all, events.agentEnd(agentStart).build());
    add(all, events.outputEmitted(inSession, OUTPUT).build());
    add(all, events.system(inSession).build());
    Event sessionEnd = add(all, events.sessionEnd(sessionStart).build());

    assertThat(all.stream().map(Event::getType).collect(Collectors.toSet())).hasSize(19);
    assertThat(all).allSatisfy(e -> assertThat(UuidV7.isValid(e.getEventId())).isTrue());
    assertThat(all.stream().map(Event::getEventId)).doesNotHaveDuplicates();
    assertThat(all)
        .allSatisfy(
            e -> {
              assertThat(e.getSessionId()).isEqualTo(session.sessionId());
              assertThat(e.getTraceId()).isEqualTo(session.traceId());
              assertThat(e.getSpanId()).isNotEqualTo(e.getParentSpanId());
            });
    assertThat(UuidV7.isValid(session.sessionId())).isTrue();
    assertThat(UuidV7.isValid(session.traceId())).isTrue();
    assertThat(session.sessionId()).isNotEqualTo(session.traceId());

    // Every event has its own span except the END events, which reuse their START's.
    List<Event> ends = List.of(llmEnd, toolEnd, mcpEnd, agentEnd, sessionEnd);
    assertThat(all.stream().filter(e -> !ends.contains(e)).map(Event::getSpanId))
        .doesNotHaveDuplicates();
    assertThat(llmEnd.getSpanId()).isEqualTo(llmStart.getSpanId());
    assertThat(toolEnd.getSpanId()).isEqualTo(toolStart.getSpanId());
    assertThat(mcpEnd.getSpanId()).isEqualTo(mcpStart.getSpanId());
    assertThat(agentEnd.getSpanId()).isEqualTo(agentStart.getSpanId());
    assertThat(sessionEnd.getSpanId()).isEqualTo(sessionStart.getSpanId());

    // The tree: session -> agent -> tool -> policy.
    assertThat(sessionStart.getParentSpanId()).isEmpty();
    assertThat(sessionEnd.getParentSpanId()).isEmpty();
    assertThat(all.get(1).getParentSpanId()).isEqualTo(sessionStart.getSpanId());
    assertThat(agentStart.getParentSpanId()).isEqualTo(sessionStart.getSpanId());
    assertThat(agentEnd.getParentSpanId()).isEqualTo(sessionStart.getSpanId());
    assertThat(llmStart.getParentSpanId()).isEqualTo(agentStart.getSpanId());
    assertThat(toolStart.getParentSpanId()).isEqualTo(agentStart.getSpanId());
    assertThat(policy.getParentSpanId()).isEqualTo(toolStart.getSpanId());
    assertThat(all.get(all.size() - 2).getParentSpanId()).isEqualTo(sessionStart.getSpanId());
  }

  private static Event add(List<Event> all, Event event) {
    all.add(event);
    return event;
  }

  /** Each START/END pair: creates the START, then (after the clock moved) its END. */
  record Pair(
      String name,
      BiFunction<EventFactory, TraceContext, Event> start,
      BiFunction<EventFactory, Event, Event> end) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Pair> pairs() {
    return Stream.of(
        new Pair("SESSION", (f, c) -> f.sessionStart(c).build(), (f, s) -> f.sessionEnd(s).build()),
        new Pair("AGENT",
            (f, c) -> f.agentStart(c, "planner", "Planner").build(),
            (f, s) -> f.agentEnd(s).build()),
        new Pair("MODEL_INVOCATION",
            (f, c) -> f.modelInvocationStart(c, LLM_REQUEST).build(),
            (f, s) -> f.modelInvocationEnd(s, LLM_RESULT).build()),
        new Pair("TOOL_CALL",
            (f, c) -> f.toolCallStart(c, TOOL_CALL).build(),
            (f, s) -> f.toolCallEnd(s, TOOL_RESPONSE).build()),
        new Pair("MCP_CALL",
            (f, c) -> f.mcpCallStart(c, MCP_REQUEST).build(),
            (f, s) -> f.mcpCallEnd(s, MCP_RESULT).build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void endReusesTheStartSpanAndComesLater(Pair pair) {
    Event start = pair.start().apply(events, context);
    clock.advance(Duration.ofNanos(1_500_000));
    Event end = pair.end().apply(events, start);

    assertThat(end.getSpanId()).isEqualTo(start.getSpanId());
    assertThat(end.getParentSpanId()).isEqualTo(start.getParentSpanId());
    assertThat(end.getEventId()).isNotEqualTo(start.getEventId());
    assertThat(end.getType().getNumber()).isEqualTo(start.getType().getNumber() + 1);
    assertThat(Timestamps.between(start.getTimestamp(), end.getTimestamp()))
        .isEqualTo(com.google.protobuf.Duration.newBuilder().setNanos(1_500_000).build());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void endIsNeverEarlierThanStartWhenTheClockStepsBack(Pair pair) {
    Event start = pair.start().apply(events, context);
    clock.advance(Duration.ofSeconds(-30));
    Event end = pair.end().apply(events, start);

    assertThat(end.getTimestamp()).isEqualTo(start.getTimestamp());
    assertThat(end.getSpanId()).isEqualTo(start.getSpanId());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void endRejectsAnEventThatIsNotItsStart(Pair pair) {
    Event wrong = events.system(context).build();

    assertThatThrownBy(() -> pair.end().apply(events, wrong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(pair.name() + "_START")
        .hasMessageContaining("EVENT_TYPE_SYSTEM");
  }

  @Test
  void endRejectsAnotherPairsStartAndItsOwnEnd() {
    Event mcpStart = events.mcpCallStart(context, MCP_REQUEST).build();
    Event toolStart = events.toolCallStart(context, TOOL_CALL).build();
    Event toolEnd = events.toolCallEnd(toolStart, TOOL_RESPONSE).build();

    assertThatThrownBy(() -> events.toolCallEnd(mcpStart, TOOL_RESPONSE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("EVENT_TYPE_MCP_CALL_START");
    assertThatThrownBy(() -> events.toolCallEnd(toolEnd, TOOL_RESPONSE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void endRejectsAStartWithoutSpan() {
    Event start = events.toolCallStart(context, TOOL_CALL).clearSpanId().build();

    assertThatThrownBy(() -> events.toolCallEnd(start, TOOL_RESPONSE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("span_id");
  }

  @Test
  void endCopiesTheStartsCorrelationNotTheCallersNewerContext() {
    Event start =
        events.toolCallStart(context, TOOL_CALL).setAgentId("planner").setAgentName("P").build();

    Event end = events.toolCallEnd(start, TOOL_RESPONSE).build();

    assertThat(end.getTenantId()).isEqualTo("tenant-a");
    assertThat(end.getSessionId()).isEqualTo("session-1");
    assertThat(end.getTraceId()).isEqualTo("trace-1");
    assertThat(end.getAgentId()).isEqualTo("planner");
    assertThat(end.getAgentName()).isEqualTo("P");
  }

  @Test
  void agentStartAndEndCarryTheAgent() {
    Event start = events.agentStart(context, "a-1", "Planner").build();
    Event end = events.agentEnd(start).build();

    assertThat(start.getAgentId()).isEqualTo("a-1");
    assertThat(start.getAgentName()).isEqualTo("Planner");
    assertThat(end.getAgentId()).isEqualTo("a-1");
    assertThat(end.getAgentName()).isEqualTo("Planner");
  }

  @Test
  void aFailedEndIsOneBuilderCallAway() {
    Event start = events.toolCallStart(context, TOOL_CALL).build();

    Event end =
        events
            .toolCallEnd(start, TOOL_RESPONSE.toBuilder().setErrorMessage("503").build())
            .setStatus(EventStatus.EVENT_STATUS_FAILED)
            .setSeverity(Severity.SEVERITY_ERROR)
            .build();

    assertThat(end.getStatus()).isEqualTo(EventStatus.EVENT_STATUS_FAILED);
    assertThat(end.getSpanId()).isEqualTo(start.getSpanId());
    assertThat(end.getToolResponse().getErrorMessage()).isEqualTo("503");
  }

  @Test
  void retrySetsTheRetryFieldAndMayCarryTheError() {
    Event plain = events.retry(context, RETRY).build();
    Event withCause = events.retry(context, RETRY).setError(ERROR).build();

    assertThat(plain.getRetry()).isEqualTo(RETRY);
    assertThat(plain.getContentCase()).isEqualTo(ContentCase.CONTENT_NOT_SET);
    assertThat(withCause.getRetry()).isEqualTo(RETRY);
    assertThat(withCause.getError()).isEqualTo(ERROR);
    assertThat(withCause.getStatus()).isEqualTo(EventStatus.EVENT_STATUS_IN_PROGRESS);
  }

  @Test
  void onlyRetrySetsTheRetryField() {
    assertThat(cases().filter(c -> c.create().apply(events, context).hasRetry()).map(Case::type))
        .containsExactly(EventType.EVENT_TYPE_RETRY);
  }

  @Test
  void systemMayCarryAMessage() {
    MessageContent note = MessageContent.newBuilder().setRole("system").setText("shutdown").build();

    Event event = events.system(context, note).build();

    assertThat(event.getType()).isEqualTo(EventType.EVENT_TYPE_SYSTEM);
    assertThat(event.getMessage()).isEqualTo(note);
    assertThat(event.getAuthor()).isEqualTo(Author.AUTHOR_SYSTEM);
  }

  @Test
  void takesEventIdThenSpanIdFromTheIdSource() {
    Iterator<String> ids = Arrays.asList("s-1", "t-1", "e-1", "span-1", "e-2", "span-2").iterator();
    EventFactory scripted = EventFactory.builder().clock(clock).ids(ids::next).build();

    TraceContext session = scripted.newSession("tenant-a", "project-x");
    Event start = scripted.sessionStart(session).build();
    Event call = scripted.toolCallStart(session.child(start), TOOL_CALL).build();

    assertThat(session).isEqualTo(new TraceContext("tenant-a", "project-x", "s-1", "t-1", ""));
    assertThat(start.getEventId()).isEqualTo("e-1");
    assertThat(start.getSpanId()).isEqualTo("span-1");
    assertThat(call.getEventId()).isEqualTo("e-2");
    assertThat(call.getSpanId()).isEqualTo("span-2");
    assertThat(call.getParentSpanId()).isEqualTo("span-1");
  }

  @Test
  void rejectsAnIdSourceThatReturnsAnEmptyId() {
    EventFactory broken = EventFactory.builder().clock(clock).ids(() -> "").build();

    assertThatThrownBy(() -> broken.system(context))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("non-empty");
  }

  @Test
  void defaultIdsAreUuidV7OnTheFactorysClock() {
    EventFactory withClockOnly = EventFactory.builder().clock(clock).build();

    Event event = withClockOnly.system(context).build();

    UUID id = UUID.fromString(event.getEventId());
    assertThat(id.version()).isEqualTo(7);
    assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(NOW.toEpochMilli());
  }

  @Test
  void defaultsAreTheSystemClockAndUuidV7() {
    long before = System.currentTimeMillis();
    Event event = EventFactory.builder().build().system(context).build();
    long after = System.currentTimeMillis();

    assertThat(UuidV7.isValid(event.getEventId())).isTrue();
    assertThat(Timestamps.toMillis(event.getTimestamp())).isBetween(before, after);
    assertThat(event.getTimestamp().getNanos() % 1_000).isZero();
  }

  @Test
  void eachCallReturnsAFreshBuilder() {
    Event.Builder first = events.system(context);
    Event.Builder second = events.system(context);
    first.setAgentId("changed");

    assertThat(second.getAgentId()).isEmpty();
    assertThat(first.getEventId()).isNotEqualTo(second.getEventId());
    assertThat(first.getSpanId()).isNotEqualTo(second.getSpanId());
  }

  @Test
  void rejectsNullArguments() {
    assertThatThrownBy(() -> events.toolCallStart(null, TOOL_CALL))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("context");
    assertThatThrownBy(() -> events.toolCallStart(context, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("call");
    assertThatThrownBy(() -> events.toolCallEnd(null, TOOL_RESPONSE))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("start");
  }

  @Test
  void isSafeToShareBetweenThreads() throws Exception {
    EventFactory shared = EventFactory.builder().build();
    Set<String> ids = ConcurrentHashMap.newKeySet();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < 5_000; i++) {
                  Event e = shared.system(context).build();
                  ids.add(e.getEventId());
                  ids.add(e.getSpanId());
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(ids).hasSize(4 * 5_000 * 2);
  }
}
