package ai.chaukas.spec.testing.internal;

import static ai.chaukas.spec.testing.internal.Values.num;
import static ai.chaukas.spec.testing.internal.Values.str;
import static ai.chaukas.spec.testing.internal.Values.ts;

import ai.chaukas.spec.common.v1.AgentHandoff;
import ai.chaukas.spec.common.v1.Author;
import ai.chaukas.spec.common.v1.Capabilities;
import ai.chaukas.spec.common.v1.CostDetails;
import ai.chaukas.spec.common.v1.DataAccess;
import ai.chaukas.spec.common.v1.ErrorInfo;
import ai.chaukas.spec.common.v1.Event;
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
import ai.chaukas.spec.common.v1.Severity;
import ai.chaukas.spec.common.v1.ToolCall;
import ai.chaukas.spec.common.v1.ToolResponse;
import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Events with every field set to a plain non-default value, one per content case, for round-trip and
 * wire tests; {@link #unsetFields} proves they are fully populated. {@link AwkwardEvents} has events
 * as full, with values chosen to be hard for JSON.
 */
public final class FullEvents {

  private FullEvents() {}

  /** A Struct that uses every kind of Value, nested. */
  public static Struct struct(String label) {
    Struct inner =
        Struct.newBuilder()
            .putFields("depth", num(2.0))
            .putFields("note", str("inner \"quoted\" \u00e9 \uD83D\uDE80"))
            .build();
    ListValue list =
        ListValue.newBuilder()
            .addValues(num(1.5))
            .addValues(str("two"))
            .addValues(Value.newBuilder().setBoolValue(false))
            .addValues(Value.newBuilder().setNullValue(NullValue.NULL_VALUE))
            .addValues(Value.newBuilder().setStructValue(inner))
            .build();
    return Struct.newBuilder()
        .putFields("label", str(label))
        .putFields("count", num(16.0))
        .putFields("ratio", num(0.125))
        .putFields("enabled", Value.newBuilder().setBoolValue(true).build())
        .putFields("missing", Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build())
        .putFields("items", Value.newBuilder().setListValue(list).build())
        .putFields("nested", Value.newBuilder().setStructValue(inner).build())
        .build();
  }

  /** Every oneof case of {@code Event.content}, each fully populated, with a fitting type. */
  public static Map<Event.ContentCase, Event> allContentCases() {
    Map<Event.ContentCase, Event> out = new EnumMap<>(Event.ContentCase.class);
    Event base = withoutContent();
    out.put(
        Event.ContentCase.MESSAGE,
        base.toBuilder()
            .setType(EventType.EVENT_TYPE_INPUT_RECEIVED)
            .setMessage(
                MessageContent.newBuilder()
                    .setRole("user")
                    .setText("Find flights to Lisbon")
                    .setMetadata(struct("message")))
            .build());
    out.put(
        Event.ContentCase.TOOL_CALL,
        base.toBuilder()
            .setType(EventType.EVENT_TYPE_TOOL_CALL_START)
            .setToolCall(
                ToolCall.newBuilder()
                    .setId("call-1")
                    .setName("search_flights")
                    .setArguments(struct("arguments"))
                    .setAuthRequired(true)
                    .setFunctionName("flights.search"))
            .build());
    out.put(
        Event.ContentCase.TOOL_RESPONSE,
        base.toBuilder()
            .setType(EventType.EVENT_TYPE_TOOL_CALL_END)
            .setToolResponse(
                ToolResponse.newBuilder()
                    .setToolCallId("call-1")
                    .setOutput(struct("output"))
                    .setErrorMessage("partial results")
                    .setExecutionTimeMs(12.5)
                    .setHttpStatus(206))
            .build());
    out.put(
        Event.ContentCase.LLM_INVOCATION,
        base.toBuilder()
            .setType(EventType.EVENT_TYPE_MODEL_INVOCATION_END)
            .setLlmInvocation(
                LLMInvocation.newBuilder()
                    .setProvider("openai")
                    .setModel("gpt-4o")
                    .setRequest(struct("request"))
                    .setResponse(struct("response"))
                    .setPromptTokens(120)
                    .setCompletionTokens(48)
                    .setTotalTokens(168)
                    .setTemperature(0.7)
                    .setMaxTokens(512)
                    .setTopP(0.9)
                    .setFrequencyPenalty(0.1)
                    .setPresencePenalty(0.2)
                    .setStartTime(ts(1_764_000_000L, 1_000))
                    .setEndTime(ts(1_764_000_001L, 250_000_000))
                    .setDurationMs(1250.0)
                    .setFinishReason("stop"))
            .build());
    out.put(
        Event.ContentCase.POLICY,
        base.toBuilder()
            .setType(EventType.EVENT_TYPE_POLICY_DECISION)
            .setPolicy(
                PolicyDecision.newBuilder()
                    .setPolicyId("pii-guard")
                    .setOutcome("deny")
                    .addRuleIds("r1")
                    .addRuleIds("r2")
                    .setRationale("e-mail address in output"))
            .build());
    out.put(
        Event.ContentCase.DATA_ACCESS,
        base.toBuilder()
            .setType(EventType.EVENT_TYPE_DATA_ACCESS)
            .setDataAccess(
                DataAccess.newBuilder()
                    .setDatasource("crm")
                    .addDocumentIds("doc-1")
                    .addChunkIds("chunk-7")
                    .addPiiCategories("email"))
            .build());
    out.put(
        Event.ContentCase.STATE_UPDATE,
        base.toBuilder()
            .setType(EventType.EVENT_TYPE_STATE_UPDATE)
            .setStateUpdate(struct("state"))
            .build());
    out.put(
        Event.ContentCase.ERROR,
        base.toBuilder()
            .setType(EventType.EVENT_TYPE_ERROR)
            .setError(
                ErrorInfo.newBuilder()
                    .setErrorMessage("timeout")
                    .setErrorCode("E_TIMEOUT")
                    .setStackTrace("at a.b(C.java:1)\n\tat d.e(F.java:2)")
                    .setRecoverable(true)
                    .setRecoveryAction("retry"))
            .build());
    out.put(
        Event.ContentCase.AGENT_HANDOFF,
        base.toBuilder()
            .setType(EventType.EVENT_TYPE_AGENT_HANDOFF)
            .setAgentHandoff(
                AgentHandoff.newBuilder()
                    .setFromAgentId("a-1")
                    .setFromAgentName("planner")
                    .setToAgentId("a-2")
                    .setToAgentName("booker")
                    .setHandoffData(struct("handoff"))
                    .setReason("booking phase")
                    .setHandoffType("sequential"))
            .build());
    out.put(
        Event.ContentCase.MCP_CALL,
        base.toBuilder()
            .setType(EventType.EVENT_TYPE_MCP_CALL_END)
            .setMcpCall(
                MCPCall.newBuilder()
                    .setServerName("files")
                    .setServerUrl("http://127.0.0.1:9000/mcp")
                    .setOperation("tools/call")
                    .setMethod("read_file")
                    .setRequest(struct("mcp-request"))
                    .setResponse(struct("mcp-response"))
                    .setProtocolVersion("2025-06-18")
                    .setExecutionTimeMs(3.25))
            .build());
    return out;
  }

  /** Every field of Event outside the content oneof, set to a non-default value. */
  public static Event withoutContent() {
    return Event.newBuilder()
        .setEventId("0194f2b0-7c1a-7b3e-9f00-000000000001")
        .setTenantId("tenant-a")
        .setProjectId("project-x")
        .setSessionId("0194f2b0-7c1a-7b3e-9f00-0000000000aa")
        .setSpanId("span-2")
        .setParentSpanId("span-1")
        .setType(EventType.EVENT_TYPE_SYSTEM)
        .setSeverity(Severity.SEVERITY_WARN)
        .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
        .setAuthor(Author.AUTHOR_AGENT)
        .setTimestamp(ts(1_764_095_692L, 199_304_000))
        .setAgentId("a-1")
        .setAgentName("planner")
        .setInvocationId("inv-9")
        .setResponseId("resp-3")
        .setIsPartial(true)
        .setIsFinal(true)
        .setHashPrev("0".repeat(63) + "1")
        .setContentHash("ab".repeat(32))
        .setWormProofId("log.example/42")
        .setBranch("main")
        .addTags("prod")
        .addTags("eu")
        .setTraceId("trace-1")
        .setRetry(RetryInfo.newBuilder().setAttempt(2).setStrategy("exponential").setBackoffMs(400))
        .setRedaction(
            RedactionInfo.newBuilder()
                .addFields("message.text")
                .setMethod("hash")
                .setSaltId("key-2026"))
        .addPiiCategories("email")
        .setPerformance(
            PerformanceMetrics.newBuilder()
                .setCpuPercent(12.5)
                .setMemoryMb(256.0)
                .setDurationMs(31.0)
                .setThroughput(100.0)
                .setLatencyMs(4.5))
        .setInfrastructure(
            InfrastructureMetrics.newBuilder()
                .setResourceType("pod")
                .setMetrics(struct("infra"))
                .setHost("node-3")
                .setProcessId(4242)
                .setThreadId("worker-7"))
        .setCost(
            CostDetails.newBuilder()
                .setProvider("openai")
                .setService("chat")
                .setInputTokens(120)
                .setOutputTokens(48)
                .setTotalTokens(168)
                .setInputCost(0.0003)
                .setOutputCost(0.00048)
                .setTotalCost(0.00078)
                .setCurrency("USD")
                .setInputRatePerToken(0.0000025)
                .setOutputRatePerToken(0.00001))
        .setMetadata(struct("metadata"))
        .addExtensions(
            Any.pack(Capabilities.newBuilder().setAuditProofs(true).setRbac(true).build()))
        .build();
  }

  /**
   * Paths of fields left at their default value anywhere in the message tree, ignoring the oneof
   * members that are not the set case. Empty means fully populated.
   */
  public static List<String> unsetFields(Message message) {
    List<String> out = new ArrayList<>();
    collectUnset(message, message.getDescriptorForType().getName(), out);
    return out;
  }

  private static void collectUnset(Message message, String path, List<String> out) {
    if (message instanceof Struct || message instanceof Any) {
      return;
    }
    for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
      String at = path + "." + field.getName();
      if (field.getContainingOneof() != null
          && message.getOneofFieldDescriptor(field.getContainingOneof()) != field) {
        continue;
      }
      if (field.isRepeated()) {
        if (message.getRepeatedFieldCount(field) == 0) {
          out.add(at);
        }
        continue;
      }
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        if (!message.hasField(field)) {
          out.add(at);
        } else {
          collectUnset((Message) message.getField(field), at, out);
        }
      } else if (message.getField(field).equals(field.getDefaultValue())) {
        out.add(at);
      }
    }
  }
}
