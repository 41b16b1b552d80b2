package ai.chaukas.spec.toolkit.validation;

import ai.chaukas.spec.common.v1.AgentHandoff;
import ai.chaukas.spec.common.v1.CostDetails;
import ai.chaukas.spec.common.v1.DataAccess;
import ai.chaukas.spec.common.v1.ErrorInfo;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.InfrastructureMetrics;
import ai.chaukas.spec.common.v1.LLMInvocation;
import ai.chaukas.spec.common.v1.MCPCall;
import ai.chaukas.spec.common.v1.MessageContent;
import ai.chaukas.spec.common.v1.PerformanceMetrics;
import ai.chaukas.spec.common.v1.PolicyDecision;
import ai.chaukas.spec.common.v1.RedactionInfo;
import ai.chaukas.spec.common.v1.RetryInfo;
import ai.chaukas.spec.common.v1.ToolCall;
import ai.chaukas.spec.common.v1.ToolResponse;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.ProtocolStringList;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.Value;
import com.google.protobuf.util.Timestamps;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks events and batches against the rules in {@link Rule} ({@code docs/validation.md}).
 *
 * <p>Stateless and thread-safe: one instance serves every thread. Identifiers are opaque: any
 * non-empty string of printable text is accepted as an id, UUID or not. Validation reads fields
 * through the generated accessors and builds a path string only when it reports a violation; a
 * valid event costs a small collector and a few records locating nested {@code Struct} values.
 */
public final class EventValidator {

  private static final EventValidator DEFAULT = new EventValidator(ValidationOptions.defaults());

  private final ValidationOptions options;

  private EventValidator(ValidationOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** A validator with {@link ValidationOptions#defaults()}. */
  public static EventValidator defaults() {
    return DEFAULT;
  }

  /** A validator with these options. */
  public static EventValidator of(ValidationOptions options) {
    return new EventValidator(options);
  }

  /** The options in force. */
  public ValidationOptions options() {
    return options;
  }

  /** Every violation in {@code event}; empty when it is valid. Paths are relative to the event. */
  public List<Violation> validate(Event event) {
    Collector c = new Collector("");
    checkEvent(event, c);
    return c.result();
  }

  /** Whether {@code event} breaks no rule. */
  public boolean isValid(Event event) {
    return validate(event).isEmpty();
  }

  /**
   * A verdict per event of the batch, paths prefixed {@code events[i].}, plus violations of the
   * batch's own fields. A rejected event never affects the verdict of another.
   */
  public BatchVerdict validate(EventBatch batch) {
    return new BatchVerdict(
        verdicts(batch.getEventsList()), validateBatchFields(batch, batch.getEventsCount()));
  }

  /**
   * Violations of the batch's own fields, not of its events: {@code batch_id}, {@code timestamp},
   * {@code metadata}, the totals, and rule {@code batch-size} for {@code eventCount} events. For a
   * receiver that validates the events separately, such as with {@link #validateSerialized}.
   */
  public List<Violation> validateBatchFields(EventBatch batch, int eventCount) {
    Collector batchLevel = new Collector("");
    if (eventCount > options.maxBatchEvents()) {
      batchLevel.add(Rule.BATCH_SIZE, "events",
          "batch has " + eventCount + " events, at most " + options.maxBatchEvents()
              + " are allowed; split it");
    }
    checkId(batch.getBatchId(), "batch_id", batchLevel);
    if (batch.hasTimestamp()) {
      checkTimestamp(batch.getTimestamp(), "timestamp", batchLevel);
    }
    if (batch.hasMetadata()) {
      checkStruct(batch.getMetadata(), "metadata", batchLevel);
    }
    nonNegative(batch.getTotalCost(), "total_cost", batchLevel);
    nonNegative(batch.getTotalTokens(), "total_tokens", batchLevel);
    nonNegative(batch.getTotalDurationMs(), "total_duration_ms", batchLevel);
    return batchLevel.result();
  }

  /**
   * Validates the {@code Event} serialized in {@code bytes[offset, offset + length)} with the same
   * rules and result as {@link #validate(Event)}, without parsing it when it is valid: its bytes are
   * checked where they lie, several times faster than parsing them, and only an event that breaks a
   * rule (or is unusual on the wire, such as a field sent twice) is parsed to name its violations.
   * For receivers that keep events as the bytes they arrived in.
   *
   * @return the verdict, and the event's id, tenant and timestamp; it shares {@code bytes}, which
   *     must not change afterwards
   * @throws InvalidProtocolBufferException if the bytes are not a protobuf {@code Event}
   * @throws IndexOutOfBoundsException if the range lies outside {@code bytes}
   */
  public SerializedEvent validateSerialized(byte[] bytes, int offset, int length)
      throws InvalidProtocolBufferException {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    ByteString view = UnsafeByteOperations.unsafeWrap(bytes, offset, length);
    WireScanner scanner = new WireScanner(options, bytes);
    if (scanner.certainlyValid(offset, length)) {
      return new SerializedEvent(
          view,
          new String(bytes, scanner.eventIdStart, scanner.eventIdLength, StandardCharsets.UTF_8),
          scanner.tenantIdLength == 0
              ? ""
              : new String(bytes, scanner.tenantIdStart, scanner.tenantIdLength, StandardCharsets.UTF_8),
          scanner.seconds,
          scanner.nanos,
          List.of(),
          null);
    }
    Event event = Event.parseFrom(view);
    return new SerializedEvent(
        view,
        event.getEventId(),
        event.getTenantId(),
        event.getTimestamp().getSeconds(),
        event.getTimestamp().getNanos(),
        validate(event),
        event);
  }

  /** A verdict per event, paths prefixed {@code events[i].}. */
  public BatchVerdict validate(List<Event> events) {
    return new BatchVerdict(verdicts(events), List.of());
  }

  private List<EventVerdict> verdicts(List<Event> events) {
    List<EventVerdict> verdicts = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      Event event = events.get(i);
      Collector c = new Collector("events[" + i + "].");
      checkEvent(event, c);
      verdicts.add(new EventVerdict(i, event, c.result()));
    }
    return verdicts;
  }

  private void checkEvent(Event e, Collector c) {
    required(e.getEventId(), "event_id", c);
    required(e.getSessionId(), "session_id", c);
    if (!e.hasTimestamp()) {
      c.add(Rule.REQUIRED_FIELD, "timestamp", "timestamp is required");
    } else {
      checkTimestamp(e.getTimestamp(), "timestamp", c);
    }
    if (options.requireTenant() && e.getTenantId().isEmpty()) {
      c.add(Rule.TENANT_REQUIRED, "tenant_id", "tenant_id is required by this receiver");
    }
    if (options.requireProject() && e.getProjectId().isEmpty()) {
      c.add(Rule.PROJECT_REQUIRED, "project_id", "project_id is required by this receiver");
    }

    EventType type = e.getType();
    EventStatus status = e.getStatus();
    if (type == EventType.EVENT_TYPE_UNSPECIFIED) {
      c.add(Rule.REQUIRED_ENUM, "type", "type is required (EVENT_TYPE_UNSPECIFIED is not a type)");
    } else if (type == EventType.UNRECOGNIZED) {
      c.add(Rule.KNOWN_ENUM, "type", "type " + e.getTypeValue() + " is not an EventType of spec v1");
    }
    if (status == EventStatus.EVENT_STATUS_UNSPECIFIED) {
      c.add(Rule.REQUIRED_ENUM, "status", "status is required (EVENT_STATUS_UNSPECIFIED is not a status)");
    } else if (status == EventStatus.UNRECOGNIZED) {
      c.add(Rule.KNOWN_ENUM, "status", "status " + e.getStatusValue() + " is not an EventStatus of spec v1");
    }
    if (e.getSeverityValue() != 0 && e.getSeverity() == ai.chaukas.spec.common.v1.Severity.UNRECOGNIZED) {
      c.add(Rule.KNOWN_ENUM, "severity", "severity " + e.getSeverityValue() + " is not a Severity of spec v1");
    }
    if (e.getAuthorValue() != 0 && e.getAuthor() == ai.chaukas.spec.common.v1.Author.UNRECOGNIZED) {
      c.add(Rule.KNOWN_ENUM, "author", "author " + e.getAuthorValue() + " is not an Author of spec v1");
    }

    Event.ContentCase content = e.getContentCase();
    if (!ContentRules.isAllowed(type, status == EventStatus.EVENT_STATUS_FAILED, content)) {
      c.add(Rule.CONTENT_TYPE_MATCH, content == Event.ContentCase.CONTENT_NOT_SET ? "" : contentName(content),
          type.name() + " " + describe(content) + "; it carries "
              + ContentRules.allowed(type).stream().map(EventValidator::describeShort).sorted().toList()
              + (status == EventStatus.EVENT_STATUS_FAILED ? "" : " (or error when FAILED)"));
    }
    if (type == EventType.EVENT_TYPE_RETRY && !e.hasRetry()) {
      c.add(Rule.RETRY_INFO, "retry", "a RETRY event must carry retry (attempt, strategy, backoff_ms)");
    }
    if (type == EventType.EVENT_TYPE_SESSION_START && !e.getParentSpanId().isEmpty()) {
      c.add(Rule.SESSION_START_ROOT, "parent_span_id", "SESSION_START is a root span and has no parent_span_id");
    }

    checkHash(e.getContentHash(), "content_hash", c);
    checkHash(e.getHashPrev(), "hash_prev", c);

    checkId(e.getEventId(), "event_id", c);
    checkId(e.getTenantId(), "tenant_id", c);
    checkId(e.getProjectId(), "project_id", c);
    checkId(e.getSessionId(), "session_id", c);
    checkId(e.getSpanId(), "span_id", c);
    checkId(e.getParentSpanId(), "parent_span_id", c);
    checkId(e.getTraceId(), "trace_id", c);
    checkId(e.getAgentId(), "agent_id", c);
    checkId(e.getInvocationId(), "invocation_id", c);
    checkId(e.getResponseId(), "response_id", c);
    checkString(e.getAgentName(), "agent_name", c);
    checkString(e.getWormProofId(), "worm_proof_id", c);
    checkString(e.getBranch(), "branch", c);
    checkStrings(e.getTagsList(), "tags", c);
    checkStrings(e.getPiiCategoriesList(), "pii_categories", c);

    switch (content) {
      case MESSAGE -> checkMessage(e.getMessage(), c);
      case TOOL_CALL -> checkToolCall(e.getToolCall(), c);
      case TOOL_RESPONSE -> checkToolResponse(e.getToolResponse(), c);
      case LLM_INVOCATION -> checkLlm(e.getLlmInvocation(), c);
      case POLICY -> checkPolicy(e.getPolicy(), c);
      case DATA_ACCESS -> checkDataAccess(e.getDataAccess(), c);
      case STATE_UPDATE -> checkStruct(e.getStateUpdate(), "state_update", c);
      case ERROR -> checkError(e.getError(), c);
      case AGENT_HANDOFF -> checkHandoff(e.getAgentHandoff(), c);
      case MCP_CALL -> checkMcp(e.getMcpCall(), c);
      case CONTENT_NOT_SET -> { }
    }

    if (e.hasRetry()) {
      checkRetry(e.getRetry(), c);
    }
    if (e.hasRedaction()) {
      checkRedaction(e.getRedaction(), c);
    }
    if (e.hasPerformance()) {
      checkPerformance(e.getPerformance(), c);
    }
    if (e.hasInfrastructure()) {
      checkInfrastructure(e.getInfrastructure(), c);
    }
    if (e.hasCost()) {
      checkCost(e.getCost(), c);
    }
    if (e.hasMetadata()) {
      checkStruct(e.getMetadata(), "metadata", c);
    }
    List<Any> extensions = e.getExtensionsList();
    count(extensions.size(), "extensions", c);
    for (int i = 0; i < extensions.size(); i++) {
      checkString(extensions.get(i).getTypeUrl(), "extensions", i, "type_url", c);
    }
  }

  private void checkMessage(MessageContent m, Collector c) {
    checkString(m.getRole(), "message.role", c);
    checkString(m.getText(), "message.text", c);
    if (m.hasMetadata()) {
      checkStruct(m.getMetadata(), "message.metadata", c);
    }
  }

  private void checkToolCall(ToolCall t, Collector c) {
    checkId(t.getId(), "tool_call.id", c);
    checkString(t.getName(), "tool_call.name", c);
    checkString(t.getFunctionName(), "tool_call.function_name", c);
    if (t.hasArguments()) {
      checkStruct(t.getArguments(), "tool_call.arguments", c);
    }
  }

  private void checkToolResponse(ToolResponse t, Collector c) {
    checkId(t.getToolCallId(), "tool_response.tool_call_id", c);
    checkString(t.getErrorMessage(), "tool_response.error_message", c);
    nonNegative(t.getExecutionTimeMs(), "tool_response.execution_time_ms", c);
    nonNegative(t.getHttpStatus(), "tool_response.http_status", c);
    if (t.hasOutput()) {
      checkStruct(t.getOutput(), "tool_response.output", c);
    }
  }

  private void checkLlm(LLMInvocation l, Collector c) {
    checkString(l.getProvider(), "llm_invocation.provider", c);
    checkString(l.getModel(), "llm_invocation.model", c);
    checkString(l.getFinishReason(), "llm_invocation.finish_reason", c);
    if (l.hasRequest()) {
      checkStruct(l.getRequest(), "llm_invocation.request", c);
    }
    if (l.hasResponse()) {
      checkStruct(l.getResponse(), "llm_invocation.response", c);
    }
    nonNegative(l.getPromptTokens(), "llm_invocation.prompt_tokens", c);
    nonNegative(l.getCompletionTokens(), "llm_invocation.completion_tokens", c);
    nonNegative(l.getTotalTokens(), "llm_invocation.total_tokens", c);
    nonNegative(l.getMaxTokens(), "llm_invocation.max_tokens", c);
    nonNegative(l.getTemperature(), "llm_invocation.temperature", c);
    nonNegative(l.getTopP(), "llm_invocation.top_p", c);
    // Penalties may be negative (they range over about -2..2); they only need to be finite.
    finite(l.getFrequencyPenalty(), "llm_invocation.frequency_penalty", c);
    finite(l.getPresencePenalty(), "llm_invocation.presence_penalty", c);
    nonNegative(l.getDurationMs(), "llm_invocation.duration_ms", c);
    if (l.hasStartTime()) {
      checkTimestamp(l.getStartTime(), "llm_invocation.start_time", c);
    }
    if (l.hasEndTime()) {
      checkTimestamp(l.getEndTime(), "llm_invocation.end_time", c);
    }
  }

  private void checkPolicy(PolicyDecision p, Collector c) {
    checkString(p.getPolicyId(), "policy.policy_id", c);
    checkString(p.getOutcome(), "policy.outcome", c);
    checkStrings(p.getRuleIdsList(), "policy.rule_ids", c);
    checkString(p.getRationale(), "policy.rationale", c);
  }

  private void checkDataAccess(DataAccess d, Collector c) {
    checkString(d.getDatasource(), "data_access.datasource", c);
    checkStrings(d.getDocumentIdsList(), "data_access.document_ids", c);
    checkStrings(d.getChunkIdsList(), "data_access.chunk_ids", c);
    checkStrings(d.getPiiCategoriesList(), "data_access.pii_categories", c);
  }

  private void checkError(ErrorInfo e, Collector c) {
    checkString(e.getErrorMessage(), "error.error_message", c);
    checkString(e.getErrorCode(), "error.error_code", c);
    checkString(e.getStackTrace(), "error.stack_trace", c);
    checkString(e.getRecoveryAction(), "error.recovery_action", c);
  }

  private void checkHandoff(AgentHandoff h, Collector c) {
    checkId(h.getFromAgentId(), "agent_handoff.from_agent_id", c);
    checkString(h.getFromAgentName(), "agent_handoff.from_agent_name", c);
    checkId(h.getToAgentId(), "agent_handoff.to_agent_id", c);
    checkString(h.getToAgentName(), "agent_handoff.to_agent_name", c);
    checkString(h.getReason(), "agent_handoff.reason", c);
    checkString(h.getHandoffType(), "agent_handoff.handoff_type", c);
    if (h.hasHandoffData()) {
      checkStruct(h.getHandoffData(), "agent_handoff.handoff_data", c);
    }
  }

  private void checkMcp(MCPCall m, Collector c) {
    checkString(m.getServerName(), "mcp_call.server_name", c);
    checkString(m.getServerUrl(), "mcp_call.server_url", c);
    checkString(m.getOperation(), "mcp_call.operation", c);
    checkString(m.getMethod(), "mcp_call.method", c);
    checkString(m.getProtocolVersion(), "mcp_call.protocol_version", c);
    nonNegative(m.getExecutionTimeMs(), "mcp_call.execution_time_ms", c);
    if (m.hasRequest()) {
      checkStruct(m.getRequest(), "mcp_call.request", c);
    }
    if (m.hasResponse()) {
      checkStruct(m.getResponse(), "mcp_call.response", c);
    }
  }

  private void checkRetry(RetryInfo r, Collector c) {
    nonNegative(r.getAttempt(), "retry.attempt", c);
    checkString(r.getStrategy(), "retry.strategy", c);
    nonNegative(r.getBackoffMs(), "retry.backoff_ms", c);
  }

  private void checkRedaction(RedactionInfo r, Collector c) {
    checkStrings(r.getFieldsList(), "redaction.fields", c);
    String method = r.getMethod();
    checkString(method, "redaction.method", c);
    switch (method) {
      case "mask", "drop" -> { }
      case "hash" -> {
        if (r.getSaltId().isEmpty()) {
          c.add(Rule.REDACTION_METHOD, "redaction.salt_id", "method hash needs salt_id, the name of its key");
        }
      }
      default -> c.add(Rule.REDACTION_METHOD, "redaction.method",
          "method " + quote(abbreviate(method)) + " is not one of mask, hash, drop");
    }
    checkId(r.getSaltId(), "redaction.salt_id", c);
  }

  private void checkPerformance(PerformanceMetrics p, Collector c) {
    nonNegative(p.getCpuPercent(), "performance.cpu_percent", c);
    nonNegative(p.getMemoryMb(), "performance.memory_mb", c);
    nonNegative(p.getDurationMs(), "performance.duration_ms", c);
    nonNegative(p.getThroughput(), "performance.throughput", c);
    nonNegative(p.getLatencyMs(), "performance.latency_ms", c);
  }

  private void checkInfrastructure(InfrastructureMetrics i, Collector c) {
    checkString(i.getResourceType(), "infrastructure.resource_type", c);
    checkString(i.getHost(), "infrastructure.host", c);
    nonNegative(i.getProcessId(), "infrastructure.process_id", c);
    checkString(i.getThreadId(), "infrastructure.thread_id", c);
    if (i.hasMetrics()) {
      checkStruct(i.getMetrics(), "infrastructure.metrics", c);
    }
  }

  private void checkCost(CostDetails d, Collector c) {
    checkString(d.getProvider(), "cost.provider", c);
    checkString(d.getService(), "cost.service", c);
    nonNegative(d.getInputTokens(), "cost.input_tokens", c);
    nonNegative(d.getOutputTokens(), "cost.output_tokens", c);
    nonNegative(d.getTotalTokens(), "cost.total_tokens", c);
    nonNegative(d.getInputCost(), "cost.input_cost", c);
    nonNegative(d.getOutputCost(), "cost.output_cost", c);
    nonNegative(d.getTotalCost(), "cost.total_cost", c);
    checkString(d.getCurrency(), "cost.currency", c);
    nonNegative(d.getInputRatePerToken(), "cost.input_rate_per_token", c);
    nonNegative(d.getOutputRatePerToken(), "cost.output_rate_per_token", c);
  }

  // --- field checks --------------------------------------------------------------------------

  private static void required(String value, String path, Collector c) {
    if (value.isEmpty()) {
      c.add(Rule.REQUIRED_FIELD, path, path + " is required (any non-empty string; UUIDv7 recommended)");
    }
  }

  private void checkId(String value, String path, Collector c) {
    if (value.length() > options.maxIdLength()) {
      c.add(Rule.ID_LENGTH, path,
          "identifier of " + value.length() + " characters; at most " + options.maxIdLength() + " are allowed");
    }
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (isForbiddenInId(ch)) {
        // Named by code point, never echoed: the character itself could fake a line or a colour.
        c.add(Rule.ID_CHARACTERS, path,
            "holds " + forbiddenKind(ch) + String.format(" U+%04X", (int) ch) + " at position " + i
                + "; identifiers must be printable text");
        return;
      }
    }
  }

  /**
   * Whether rule {@code id-characters} forbids the character {@code c} in an identifier: C0
   * controls, DEL, C1 controls, the bidirectional formatting characters U+200E, U+200F,
   * U+202A..U+202E and U+2066..U+2069, and the separators U+2028 and U+2029. All of them lie below
   * U+00A0 or in U+2000..U+2FFF, which the wire scanner relies on.
   */
  static boolean isForbiddenInId(int c) {
    if (c < 0x7F) {
      return c < 0x20;
    }
    return c <= 0x9F
        || c == 0x200E
        || c == 0x200F
        || (c >= 0x2028 && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069);
  }

  private static String forbiddenKind(int c) {
    if (c <= 0x9F) {
      return "control character";
    }
    if (c == 0x2028) {
      return "line separator";
    }
    if (c == 0x2029) {
      return "paragraph separator";
    }
    return "bidirectional formatting character";
  }

  private void checkString(String value, String path, Collector c) {
    if (value.length() > options.maxStringLength()) {
      tooLong(value.length(), path, c);
    }
  }

  private void checkString(String value, String list, int index, String field, Collector c) {
    if (value.length() > options.maxStringLength()) {
      tooLong(value.length(), list + "[" + index + "]" + (field.isEmpty() ? "" : "." + field), c);
    }
  }

  private void tooLong(int length, String path, Collector c) {
    c.add(Rule.STRING_LENGTH, path,
        "string of " + length + " characters; at most " + options.maxStringLength() + " are allowed");
  }

  private void checkStrings(ProtocolStringList values, String path, Collector c) {
    count(values.size(), path, c);
    for (int i = 0; i < values.size(); i++) {
      checkString(values.get(i), path, i, "", c);
    }
  }

  private void count(int size, String path, Collector c) {
    if (size > options.maxRepeatedCount()) {
      c.add(Rule.REPEATED_COUNT, path,
          size + " elements; at most " + options.maxRepeatedCount() + " are allowed");
    }
  }

  private static void checkHash(String value, String path, Collector c) {
    if (value.isEmpty()) {
      return;
    }
    boolean ok = value.length() == 64;
    for (int i = 0; ok && i < 64; i++) {
      char ch = value.charAt(i);
      ok = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
    }
    if (!ok) {
      c.add(Rule.HASH_FORMAT, path,
          "must be 64 lowercase hex characters (a SHA-256 digest), was " + quote(abbreviate(value)));
    }
  }

  private static void checkTimestamp(Timestamp t, String path, Collector c) {
    if (!Timestamps.isValid(t.getSeconds(), t.getNanos())) {
      c.add(Rule.TIMESTAMP_RANGE, path, "seconds " + t.getSeconds() + ", nanos " + t.getNanos()
          + " is not a valid timestamp (years 0001 to 9999, nanos 0 to 999999999)");
    }
  }

  private static void finite(double value, String path, Collector c) {
    if (!Double.isFinite(value)) {
      c.add(Rule.FINITE_NUMBER, path, value + " is not a finite number");
    }
  }

  private static void nonNegative(double value, String path, Collector c) {
    if (!Double.isFinite(value)) {
      finite(value, path, c);
    } else if (value < 0) {
      c.add(Rule.NON_NEGATIVE, path, value + " is negative");
    }
  }

  private static void nonNegative(long value, String path, Collector c) {
    if (value < 0) {
      c.add(Rule.NON_NEGATIVE, path, value + " is negative");
    }
  }

  // --- Struct --------------------------------------------------------------------------------

  private void checkStruct(Struct struct, String path, Collector c) {
    int left = walkStruct(struct, new Where(null, path, null, -1), 1, options.maxStructValues(), c);
    if (left < 0) {
      c.add(Rule.STRUCT_SIZE, path,
          "more than " + options.maxStructValues() + " values in this object; at most "
              + options.maxStructValues() + " are allowed");
    }
  }

  /**
   * Where a value sits inside a Struct: its container and its key or index. The path string is
   * built only when a violation is reported, so walking a valid Struct builds no strings.
   */
  private record Where(Where parent, String base, String key, int index) {
    @Override
    public String toString() {
      if (parent == null) {
        return base;
      }
      String at = parent.toString();
      if (key == null) {
        return at + "[" + index + "]";
      }
      return isPlainKey(key) ? at + "." + key : at + "[" + quote(key) + "]";
    }
  }

  /**
   * Walks a Struct with {@code budget} values still allowed; returns what is left, negative once the
   * budget is spent (the walk then stops).
   */
  private int walkStruct(Struct struct, Where where, int depth, int budget, Collector c) {
    if (depth > options.maxStructDepth()) {
      c.add(Rule.STRUCT_DEPTH, where.toString(), "nested deeper than " + options.maxStructDepth() + " levels");
      return budget;
    }
    for (Map.Entry<String, Value> entry : struct.getFieldsMap().entrySet()) {
      String key = entry.getKey();
      if (key.length() > options.maxStringLength()) {
        tooLong(key.length(), where + "{key}", c);
      }
      if (--budget < 0) {
        return budget;
      }
      budget = walkValue(entry.getValue(), where, key, -1, depth, budget, c);
    }
    return budget;
  }

  private int walkList(ListValue list, Where where, int depth, int budget, Collector c) {
    if (depth > options.maxStructDepth()) {
      c.add(Rule.STRUCT_DEPTH, where.toString(), "nested deeper than " + options.maxStructDepth() + " levels");
      return budget;
    }
    List<Value> values = list.getValuesList();
    if (values.size() > options.maxRepeatedCount()) {
      count(values.size(), where.toString(), c);
    }
    for (int i = 0; i < values.size(); i++) {
      if (--budget < 0) {
        return budget;
      }
      budget = walkValue(values.get(i), where, null, i, depth, budget, c);
    }
    return budget;
  }

  /** One value inside a Struct (key set) or a list (index set); returns the budget left. */
  private int walkValue(Value v, Where container, String key, int index, int depth, int budget, Collector c) {
    switch (v.getKindCase()) {
      case NUMBER_VALUE -> {
        if (!Double.isFinite(v.getNumberValue())) {
          c.add(Rule.FINITE_NUMBER, new Where(container, null, key, index).toString(),
              v.getNumberValue() + " is not a finite number");
        }
      }
      case STRING_VALUE -> {
        int length = v.getStringValue().length();
        if (length > options.maxStringLength()) {
          tooLong(length, new Where(container, null, key, index).toString(), c);
        }
      }
      case STRUCT_VALUE -> {
        return walkStruct(v.getStructValue(), new Where(container, null, key, index), depth + 1, budget, c);
      }
      case LIST_VALUE -> {
        return walkList(v.getListValue(), new Where(container, null, key, index), depth + 1, budget, c);
      }
      default -> { }
    }
    return budget;
  }

  private static boolean isPlainKey(String key) {
    if (key.isEmpty() || !(Character.isLetter(key.charAt(0)) || key.charAt(0) == '_')) {
      return false;
    }
    for (int i = 1; i < key.length(); i++) {
      char ch = key.charAt(i);
      if (!(Character.isLetterOrDigit(ch) || ch == '_')) {
        return false;
      }
    }
    return true;
  }

  // --- reporting -----------------------------------------------------------------------------

  /** The oneof field's name, as in the schema; empty for no content. */
  private static String contentName(Event.ContentCase content) {
    return content == Event.ContentCase.CONTENT_NOT_SET
        ? ""
        : Event.getDescriptor().findFieldByNumber(content.getNumber()).getName();
  }

  private static String describe(Event.ContentCase content) {
    return content == Event.ContentCase.CONTENT_NOT_SET
        ? "has no content"
        : "cannot carry " + contentName(content);
  }

  private static String describeShort(Event.ContentCase content) {
    return content == Event.ContentCase.CONTENT_NOT_SET ? "no content" : contentName(content);
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** Violations of one event or batch; the list exists only once something is wrong. */
  private static final class Collector {
    private final String prefix;
    private List<Violation> violations;

    Collector(String prefix) {
      this.prefix = prefix;
    }

    void add(Rule rule, String path, String message) {
      if (violations == null) {
        violations = new ArrayList<>(4);
      }
      String full = path.isEmpty() ? (prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1)) : prefix + path;
      violations.add(new Violation(rule, full, message));
    }

    List<Violation> result() {
      return violations == null ? List.of() : List.copyOf(violations);
    }
  }
}
