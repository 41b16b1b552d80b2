package ai.chaukas.spec.toolkit.events;

import ai.chaukas.spec.common.v1.AgentHandoff;
import ai.chaukas.spec.common.v1.Author;
import ai.chaukas.spec.common.v1.DataAccess;
import ai.chaukas.spec.common.v1.ErrorInfo;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventOrBuilder;
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
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Creates events of all 19 types, each as an {@link Event.Builder} pre-filled with everything the
 * spec and the Python SDK expect, so the caller adds only what is specific to the event and calls
 * {@code build()}.
 *
 * <pre>{@code
 * EventFactory events = EventFactory.builder().clock(clock).build();
 * TraceContext session = events.newSession("tenant-a", "project-x");
 * Event start = events.sessionStart(session).build();
 * TraceContext inSession = session.child(start);
 * Event call = events.toolCallStart(inSession, ToolCall.newBuilder().setName("search").build()).build();
 * Event done = events.toolCallEnd(call, ToolResponse.newBuilder().setToolCallId("c-1").build()).build();
 * Event end = events.sessionEnd(start).build();
 * }</pre>
 *
 * <p>Every event gets a new {@code event_id}, {@code type}, a {@code timestamp} from the clock
 * truncated to microseconds, and these defaults (change any of them on the returned builder):
 *
 * <table>
 *   <caption>Defaults per event type</caption>
 *   <tr><th>type</th><th>content</th><th>status</th><th>severity</th><th>author</th></tr>
 *   <tr><td>SESSION_START / _END</td><td>none</td><td>STARTED / COMPLETED</td><td>INFO</td><td>SYSTEM</td></tr>
 *   <tr><td>AGENT_START / _END</td><td>none</td><td>STARTED / COMPLETED</td><td>INFO</td><td>AGENT</td></tr>
 *   <tr><td>AGENT_HANDOFF</td><td>agent_handoff</td><td>COMPLETED</td><td>INFO</td><td>AGENT</td></tr>
 *   <tr><td>MODEL_INVOCATION_START / _END</td><td>llm_invocation</td><td>STARTED / COMPLETED</td><td>INFO</td><td>LLM</td></tr>
 *   <tr><td>TOOL_CALL_START</td><td>tool_call</td><td>STARTED</td><td>INFO</td><td>TOOL</td></tr>
 *   <tr><td>TOOL_CALL_END</td><td>tool_response</td><td>COMPLETED</td><td>INFO</td><td>TOOL</td></tr>
 *   <tr><td>MCP_CALL_START / _END</td><td>mcp_call</td><td>STARTED / COMPLETED</td><td>INFO</td><td>TOOL</td></tr>
 *   <tr><td>INPUT_RECEIVED</td><td>message</td><td>COMPLETED</td><td>INFO</td><td>USER</td></tr>
 *   <tr><td>OUTPUT_EMITTED</td><td>message</td><td>COMPLETED</td><td>INFO</td><td>AGENT</td></tr>
 *   <tr><td>ERROR</td><td>error</td><td>FAILED</td><td>ERROR</td><td>SYSTEM</td></tr>
 *   <tr><td>RETRY</td><td>none (the {@code retry} field is set)</td><td>IN_PROGRESS</td><td>WARN</td><td>SYSTEM</td></tr>
 *   <tr><td>POLICY_DECISION</td><td>policy</td><td>COMPLETED</td><td>INFO</td><td>SYSTEM</td></tr>
 *   <tr><td>DATA_ACCESS</td><td>data_access</td><td>COMPLETED</td><td>INFO</td><td>SYSTEM</td></tr>
 *   <tr><td>STATE_UPDATE</td><td>state_update</td><td>COMPLETED</td><td>INFO</td><td>SYSTEM</td></tr>
 *   <tr><td>SYSTEM</td><td>none, or message</td><td>COMPLETED</td><td>INFO</td><td>SYSTEM</td></tr>
 * </table>
 *
 * <p><b>Correlation.</b> Methods that open a span or record a single event take a {@link
 * TraceContext}: the event is stamped with its tenant, project, session and trace ids and gets a new
 * {@code span_id} whose {@code parent_span_id} is the context's parent ({@code SESSION_START} never
 * has a parent). {@code *_END} methods take the matching {@code *_START} event instead and copy its
 * tenant, project, session, trace, span and parent span ids, {@code agent_id} and {@code
 * agent_name}, so a pair always shares one span; the END timestamp is never earlier than the START's,
 * even if the clock steps back. To record a failed operation, set it on the END builder: {@code
 * .setStatus(EventStatus.EVENT_STATUS_FAILED).setSeverity(Severity.SEVERITY_ERROR)}.
 *
 * <p>Instances are immutable and thread-safe provided the id source is (the default one is).
 *
 * @since 1.0.5
 */
public final class EventFactory {

  private final Clock clock;
  private final Supplier<String> ids;

  private EventFactory(Builder builder) {
    this.clock = builder.clock;
    this.ids = builder.ids != null ? builder.ids : new UuidV7(clock, new SecureRandom())::next;
  }

  /**
   * Returns a builder whose defaults are {@link Clock#systemUTC()} and a {@link UuidV7} generator
   * on the same clock.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a new session: the returned root context carries new session and trace ids from this
   * factory's id source and no parent span.
   *
   * @param tenantId the tenant, may be empty
   * @param projectId the project, may be empty
   * @return the context to pass to {@link #sessionStart}
   */
  public TraceContext newSession(String tenantId, String projectId) {
    return TraceContext.newSession(tenantId, projectId, ids);
  }

  /**
   * Creates a {@code SESSION_START} event. It opens the session's root span: it never has a parent
   * span, whatever {@code context.parentSpanId()} says.
   *
   * @param context the session's context
   * @return a pre-filled builder
   */
  public Event.Builder sessionStart(TraceContext context) {
    return open(context, Span.SESSION);
  }

  /**
   * Creates the {@code SESSION_END} event that closes {@code sessionStart}'s span.
   *
   * @param sessionStart the {@code SESSION_START} event of the session
   * @return a pre-filled builder
   * @throws IllegalArgumentException if {@code sessionStart} is not a {@code SESSION_START} event or
   *     has no span id
   */
  public Event.Builder sessionEnd(EventOrBuilder sessionStart) {
    return close(sessionStart, Span.SESSION);
  }

  /**
   * Creates an {@code AGENT_START} event with {@code agent_id} and {@code agent_name} set.
   *
   * @param context the context, usually the session's child
   * @param agentId the agent's id, may be empty
   * @param agentName the agent's name, may be empty
   * @return a pre-filled builder
   */
  public Event.Builder agentStart(TraceContext context, String agentId, String agentName) {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(agentName, "agentName");
    return open(context, Span.AGENT).setAgentId(agentId).setAgentName(agentName);
  }

  /**
   * Creates the {@code AGENT_END} event that closes {@code agentStart}'s span.
   *
   * @param agentStart the {@code AGENT_START} event
   * @return a pre-filled builder
   * @throws IllegalArgumentException if {@code agentStart} is not an {@code AGENT_START} event or has
   *     no span id
   */
  public Event.Builder agentEnd(EventOrBuilder agentStart) {
    return close(agentStart, Span.AGENT);
  }

  /**
   * Creates an {@code AGENT_HANDOFF} event with {@code agent_handoff} content.
   *
   * @param context the context
   * @param handoff who hands over to whom, and why
   * @return a pre-filled builder
   */
  public Event.Builder agentHandoff(TraceContext context, AgentHandoff handoff) {
    Objects.requireNonNull(handoff, "handoff");
    return single(context, EventType.EVENT_TYPE_AGENT_HANDOFF, Author.AUTHOR_AGENT)
        .setAgentHandoff(handoff);
  }

  /**
   * Creates a {@code MODEL_INVOCATION_START} event with {@code llm_invocation} content.
   *
   * @param context the context
   * @param invocation the request side of the model call (provider, model, request, parameters)
   * @return a pre-filled builder
   */
  public Event.Builder modelInvocationStart(TraceContext context, LLMInvocation invocation) {
    Objects.requireNonNull(invocation, "invocation");
    return open(context, Span.MODEL_INVOCATION).setLlmInvocation(invocation);
  }

  /**
   * Creates the {@code MODEL_INVOCATION_END} event, with {@code llm_invocation} content, that closes
   * {@code start}'s span.
   *
   * @param start the {@code MODEL_INVOCATION_START} event
   * @param invocation the completed model call (response, tokens, timings, finish reason)
   * @return a pre-filled builder
   * @throws IllegalArgumentException if {@code start} is not a {@code MODEL_INVOCATION_START} event
   *     or has no span id
   */
  public Event.Builder modelInvocationEnd(EventOrBuilder start, LLMInvocation invocation) {
    Objects.requireNonNull(invocation, "invocation");
    return close(start, Span.MODEL_INVOCATION).setLlmInvocation(invocation);
  }

  /**
   * Creates a {@code TOOL_CALL_START} event with {@code tool_call} content.
   *
   * @param context the context
   * @param call the tool and its arguments
   * @return a pre-filled builder
   */
  public Event.Builder toolCallStart(TraceContext context, ToolCall call) {
    Objects.requireNonNull(call, "call");
    return open(context, Span.TOOL_CALL).setToolCall(call);
  }

  /**
   * Creates the {@code TOOL_CALL_END} event, with {@code tool_response} content, that closes {@code
   * start}'s span.
   *
   * @param start the {@code TOOL_CALL_START} event
   * @param response the tool's output or error
   * @return a pre-filled builder
   * @throws IllegalArgumentException if {@code start} is not a {@code TOOL_CALL_START} event or has
   *     no span id
   */
  public Event.Builder toolCallEnd(EventOrBuilder start, ToolResponse response) {
    Objects.requireNonNull(response, "response");
    return close(start, Span.TOOL_CALL).setToolResponse(response);
  }

  /**
   * Creates an {@code MCP_CALL_START} event with {@code mcp_call} content.
   *
   * @param context the context
   * @param call the MCP server, operation and request
   * @return a pre-filled builder
   */
  public Event.Builder mcpCallStart(TraceContext context, MCPCall call) {
    Objects.requireNonNull(call, "call");
    return open(context, Span.MCP_CALL).setMcpCall(call);
  }

  /**
   * Creates the {@code MCP_CALL_END} event, with {@code mcp_call} content, that closes {@code
   * start}'s span.
   *
   * @param start the {@code MCP_CALL_START} event
   * @param call the completed MCP call, usually with its response and execution time
   * @return a pre-filled builder
   * @throws IllegalArgumentException if {@code start} is not an {@code MCP_CALL_START} event or has
   *     no span id
   */
  public Event.Builder mcpCallEnd(EventOrBuilder start, MCPCall call) {
    Objects.requireNonNull(call, "call");
    return close(start, Span.MCP_CALL).setMcpCall(call);
  }

  /**
   * Creates an {@code INPUT_RECEIVED} event (authored by the user) with {@code message} content.
   *
   * @param context the context
   * @param message the input
   * @return a pre-filled builder
   */
  public Event.Builder inputReceived(TraceContext context, MessageContent message) {
    Objects.requireNonNull(message, "message");
    return single(context, EventType.EVENT_TYPE_INPUT_RECEIVED, Author.AUTHOR_USER)
        .setMessage(message);
  }

  /**
   * Creates an {@code OUTPUT_EMITTED} event (authored by the agent) with {@code message} content.
   *
   * @param context the context
   * @param message the output
   * @return a pre-filled builder
   */
  public Event.Builder outputEmitted(TraceContext context, MessageContent message) {
    Objects.requireNonNull(message, "message");
    return single(context, EventType.EVENT_TYPE_OUTPUT_EMITTED, Author.AUTHOR_AGENT)
        .setMessage(message);
  }

  /**
   * Creates an {@code ERROR} event with {@code error} content, status FAILED and severity ERROR.
   *
   * @param context the context
   * @param error what went wrong
   * @return a pre-filled builder
   */
  public Event.Builder error(TraceContext context, ErrorInfo error) {
    Objects.requireNonNull(error, "error");
    return open(
            context,
            EventType.EVENT_TYPE_ERROR,
            EventStatus.EVENT_STATUS_FAILED,
            Author.AUTHOR_SYSTEM)
        .setSeverity(Severity.SEVERITY_ERROR)
        .setError(error);
  }

  /**
   * Creates a {@code RETRY} event with the {@code retry} field set (it is not part of the content
   * oneof), status IN_PROGRESS and severity WARN. Add the failure being retried with {@code
   * setError(ErrorInfo)}.
   *
   * @param context the context
   * @param retry the attempt number, strategy and backoff
   * @return a pre-filled builder
   */
  public Event.Builder retry(TraceContext context, RetryInfo retry) {
    Objects.requireNonNull(retry, "retry");
    return open(
            context,
            EventType.EVENT_TYPE_RETRY,
            EventStatus.EVENT_STATUS_IN_PROGRESS,
            Author.AUTHOR_SYSTEM)
        .setSeverity(Severity.SEVERITY_WARN)
        .setRetry(retry);
  }

  /**
   * Creates a {@code POLICY_DECISION} event with {@code policy} content.
   *
   * @param context the context
   * @param decision the policy, outcome, rules and rationale
   * @return a pre-filled builder
   */
  public Event.Builder policyDecision(TraceContext context, PolicyDecision decision) {
    Objects.requireNonNull(decision, "decision");
    return single(context, EventType.EVENT_TYPE_POLICY_DECISION, Author.AUTHOR_SYSTEM)
        .setPolicy(decision);
  }

  /**
   * Creates a {@code DATA_ACCESS} event with {@code data_access} content.
   *
   * @param context the context
   * @param access the data source, documents, chunks and PII categories touched
   * @return a pre-filled builder
   */
  public Event.Builder dataAccess(TraceContext context, DataAccess access) {
    Objects.requireNonNull(access, "access");
    return single(context, EventType.EVENT_TYPE_DATA_ACCESS, Author.AUTHOR_SYSTEM)
        .setDataAccess(access);
  }

  /**
   * Creates a {@code STATE_UPDATE} event with {@code state_update} content.
   *
   * @param context the context
   * @param state the new (or changed) state
   * @return a pre-filled builder
   */
  public Event.Builder stateUpdate(TraceContext context, Struct state) {
    Objects.requireNonNull(state, "state");
    return single(context, EventType.EVENT_TYPE_STATE_UPDATE, Author.AUTHOR_SYSTEM)
        .setStateUpdate(state);
  }

  /**
   * Creates a {@code SYSTEM} event without content.
   *
   * @param context the context
   * @return a pre-filled builder
   */
  public Event.Builder system(TraceContext context) {
    return single(context, EventType.EVENT_TYPE_SYSTEM, Author.AUTHOR_SYSTEM);
  }

  /**
   * Creates a {@code SYSTEM} event with {@code message} content.
   *
   * @param context the context
   * @param message the system message
   * @return a pre-filled builder
   */
  public Event.Builder system(TraceContext context, MessageContent message) {
    Objects.requireNonNull(message, "message");
    return system(context).setMessage(message);
  }

  /** The START of one of a pair's spans: status STARTED. */
  private Event.Builder open(TraceContext context, Span span) {
    return open(context, span.start, EventStatus.EVENT_STATUS_STARTED, span.author);
  }

  /** An event that is not half of a START/END pair: status COMPLETED. */
  private Event.Builder single(TraceContext context, EventType type, Author author) {
    return open(context, type, EventStatus.EVENT_STATUS_COMPLETED, author);
  }

  /** A new event with its own span under the context's parent; a session's root span has none. */
  private Event.Builder open(
      TraceContext context, EventType type, EventStatus status, Author author) {
    Objects.requireNonNull(context, "context");
    String parentSpanId =
        type == EventType.EVENT_TYPE_SESSION_START ? "" : context.parentSpanId();
    return Event.newBuilder()
        .setEventId(Ids.next(ids))
        .setTenantId(context.tenantId())
        .setProjectId(context.projectId())
        .setSessionId(context.sessionId())
        .setTraceId(context.traceId())
        .setSpanId(Ids.next(ids))
        .setParentSpanId(parentSpanId)
        .setType(type)
        .setTimestamp(MicrosecondTimestamps.now(clock))
        .setStatus(status)
        .setSeverity(Severity.SEVERITY_INFO)
        .setAuthor(author);
  }

  /** The END event of {@code start}'s span, status COMPLETED. */
  private Event.Builder close(EventOrBuilder start, Span span) {
    Objects.requireNonNull(start, "start");
    if (start.getType() != span.start) {
      throw new IllegalArgumentException(
          span.end
              + " must close a "
              + span.start
              + " event, got "
              + start.getType()
              + "; pass the event that the matching *Start method created");
    }
    if (start.getSpanId().isEmpty()) {
      throw new IllegalArgumentException(
          "the " + span.start + " event has no span_id, so there is no span to close");
    }
    Timestamp now = MicrosecondTimestamps.now(clock);
    Timestamp timestamp =
        start.hasTimestamp() && Timestamps.compare(start.getTimestamp(), now) > 0
            ? start.getTimestamp()
            : now;
    return Event.newBuilder()
        .setEventId(Ids.next(ids))
        .setTenantId(start.getTenantId())
        .setProjectId(start.getProjectId())
        .setSessionId(start.getSessionId())
        .setTraceId(start.getTraceId())
        .setSpanId(start.getSpanId())
        .setParentSpanId(start.getParentSpanId())
        .setAgentId(start.getAgentId())
        .setAgentName(start.getAgentName())
        .setType(span.end)
        .setTimestamp(timestamp)
        .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
        .setSeverity(Severity.SEVERITY_INFO)
        .setAuthor(span.author);
  }

  /** The kinds of START/END pair: the two event types and who authors both. */
  private enum Span {
    SESSION(
        EventType.EVENT_TYPE_SESSION_START, EventType.EVENT_TYPE_SESSION_END, Author.AUTHOR_SYSTEM),
    AGENT(EventType.EVENT_TYPE_AGENT_START, EventType.EVENT_TYPE_AGENT_END, Author.AUTHOR_AGENT),
    MODEL_INVOCATION(
        EventType.EVENT_TYPE_MODEL_INVOCATION_START,
        EventType.EVENT_TYPE_MODEL_INVOCATION_END,
        Author.AUTHOR_LLM),
    TOOL_CALL(
        EventType.EVENT_TYPE_TOOL_CALL_START,
        EventType.EVENT_TYPE_TOOL_CALL_END,
        Author.AUTHOR_TOOL),
    MCP_CALL(
        EventType.EVENT_TYPE_MCP_CALL_START, EventType.EVENT_TYPE_MCP_CALL_END, Author.AUTHOR_TOOL);

    final EventType start;
    final EventType end;
    final Author author;

    Span(EventType start, EventType end, Author author) {
      this.start = start;
      this.end = end;
      this.author = author;
    }
  }

  /** Configures an {@link EventFactory}; not thread-safe, use it on one thread. */
  public static final class Builder {

    private Clock clock = Clock.systemUTC();
    private Supplier<String> ids;

    private Builder() {}

    /**
     * Sets the clock that event timestamps (and the default id generator) read.
     *
     * @param clock the clock; default {@link Clock#systemUTC()}
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the source of event, span, session and trace ids. It must be thread-safe if the factory
     * is shared and must return non-empty ids; the spec accepts any, UUIDv7 is recommended.
     *
     * @param ids the id source, e.g. {@code new UuidV7(clock, random)::next}; default a {@link
     *     UuidV7} on the factory's clock
     * @return this builder
     */
    public Builder ids(Supplier<String> ids) {
      this.ids = Objects.requireNonNull(ids, "ids");
      return this;
    }

    /**
     * Creates the factory.
     *
     * @return a new factory
     */
    public EventFactory build() {
      return new EventFactory(this);
    }
  }
}
