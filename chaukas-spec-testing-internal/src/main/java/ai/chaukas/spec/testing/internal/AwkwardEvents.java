package ai.chaukas.spec.testing.internal;

import static ai.chaukas.spec.testing.internal.Values.bool;
import static ai.chaukas.spec.testing.internal.Values.list;
import static ai.chaukas.spec.testing.internal.Values.nul;
import static ai.chaukas.spec.testing.internal.Values.num;
import static ai.chaukas.spec.testing.internal.Values.obj;
import static ai.chaukas.spec.testing.internal.Values.str;
import static ai.chaukas.spec.testing.internal.Values.ts;

import ai.chaukas.spec.common.v1.AgentHandoff;
import ai.chaukas.spec.common.v1.Author;
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
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import java.util.List;

/**
 * Events hard to get right in JSON: every field of the Event set, one event per content case,
 * strings that need every kind of escape, extreme numbers, and Any extensions of four types.
 */
public final class AwkwardEvents {

  /** Resolves every message of events.proto and its imports, for the Any extensions. */
  public static final JsonFormat.TypeRegistry REGISTRY =
      JsonFormat.TypeRegistry.newBuilder().add(Event.getDescriptor()).build();

  /** A string that needs every kind of JSON escape. */
  public static final String AWKWARD = "line\nbreak \"quoted\" back\\slash\ttab é 😀 \u2028 \u0001 </script>";

  private AwkwardEvents() {}

  /** A Struct with nested lists and structs, null, booleans, numbers and awkward strings. */
  public static Struct richStruct(String tag) {
    return Struct.newBuilder()
        .putFields("tag", str(tag))
        .putFields("count", num(16.0))
        .putFields("ratio", num(-0.125))
        .putFields("tiny", num(1.5e-7))
        .putFields("huge", num(1e300))
        .putFields("flag", bool(true))
        .putFields("off", bool(false))
        .putFields("nothing", nul())
        .putFields("text", str(AWKWARD))
        .putFields("a.b [c]", str("key with dots, brackets and a space"))
        .putFields("", str("empty key"))
        .putFields("list", list(num(1), str("two"), nul(), list(), list(bool(true), num(3.5)),
            obj(Struct.newBuilder().putFields("deep", list(obj(Struct.getDefaultInstance()))).build())))
        .putFields("nested", obj(Struct.newBuilder()
            .putFields("role", str("user"))
            .putFields("inner", obj(Struct.newBuilder().putFields("x", num(42)).build()))
            .build()))
        .build();
  }

  /** An Event with every field outside the content oneof set. */
  public static Event.Builder base(String id) {
    return Event.newBuilder()
        .setEventId("0194f2b0-7c1a-7b3e-9f00-" + id)
        .setTenantId("tenant-acme")
        .setProjectId("project-travel")
        .setSessionId("0194f2b0-7c1a-7b3e-9f00-0000000000aa")
        .setSpanId("span-" + id)
        .setParentSpanId("span-parent")
        .setType(EventType.EVENT_TYPE_TOOL_CALL_START)
        .setSeverity(Severity.SEVERITY_WARN)
        .setStatus(EventStatus.EVENT_STATUS_IN_PROGRESS)
        .setAuthor(Author.AUTHOR_AGENT)
        .setTimestamp(ts(1_764_095_692L, 199_304_000))
        .setAgentId("agent-planner")
        .setAgentName("Planner " + AWKWARD)
        .setInvocationId("inv-1")
        .setResponseId("resp-1")
        .setIsPartial(true)
        .setIsFinal(true)
        .setHashPrev("ab".repeat(32))
        .setContentHash("cd".repeat(32))
        .setWormProofId("proof-7")
        .setBranch("main")
        .addTags("prod")
        .addTags("eu-west")
        .addTags(AWKWARD)
        .setTraceId("trace-1")
        .setRetry(RetryInfo.newBuilder().setAttempt(2).setStrategy("exponential_backoff").setBackoffMs(250))
        .setRedaction(RedactionInfo.newBuilder()
            .addFields("messages[0].content").addFields("metadata.user").setMethod("hash").setSaltId("salt-2026"))
        .addPiiCategories("EMAIL")
        .addPiiCategories("PHONE")
        .setPerformance(PerformanceMetrics.newBuilder()
            .setCpuPercent(87.5).setMemoryMb(1024.25).setDurationMs(812).setThroughput(3.3333333333333335)
            .setLatencyMs(1e-3))
        .setInfrastructure(InfrastructureMetrics.newBuilder()
            .setResourceType("pod").setMetrics(richStruct("infra")).setHost("node-3").setProcessId(-17)
            .setThreadId("worker-2"))
        .setCost(CostDetails.newBuilder()
            .setProvider("openai").setService("chat.completions").setInputTokens(182).setOutputTokens(41)
            .setTotalTokens(Integer.MAX_VALUE).setInputCost(2.73e-5).setOutputCost(2.46e-5).setTotalCost(5.19e-5)
            .setCurrency("USD").setInputRatePerToken(1.5e-7).setOutputRatePerToken(6e-7))
        .setMetadata(richStruct("metadata"))
        .addExtensions(Any.pack(ToolCall.newBuilder().setId("ext").setName("extension").setAuthRequired(true).build()))
        .addExtensions(Any.pack(ts(0, 5)))
        .addExtensions(Any.pack(richStruct("in-any")))
        .addExtensions(Any.pack(num(2.5)));
  }

  /** Every content case, each member with all of its fields set. */
  public static List<Event> everyContentCase() {
    return List.of(
        base("01").setMessage(MessageContent.newBuilder()
            .setRole("assistant").setText(AWKWARD).setMetadata(richStruct("message"))).build(),
        base("02").setToolCall(ToolCall.newBuilder()
            .setId("call-1").setName("search_flights").setArguments(richStruct("args")).setAuthRequired(true)
            .setFunctionName("search")).build(),
        base("03").setToolResponse(ToolResponse.newBuilder()
            .setToolCallId("call-1").setOutput(richStruct("output")).setErrorMessage("partial")
            .setExecutionTimeMs(12.75).setHttpStatus(206)).build(),
        base("04").setLlmInvocation(LLMInvocation.newBuilder()
            .setProvider("openai").setModel("gpt-4o-mini").setRequest(richStruct("request"))
            .setResponse(richStruct("response")).setPromptTokens(182).setCompletionTokens(41).setTotalTokens(223)
            .setTemperature(0.2).setMaxTokens(512).setTopP(0.95).setFrequencyPenalty(-0.5).setPresencePenalty(1.5)
            .setStartTime(ts(1_764_095_691L, 0)).setEndTime(ts(1_764_095_692L, 123_456_789))
            .setDurationMs(812.0).setFinishReason("stop")).build(),
        base("05").setPolicy(PolicyDecision.newBuilder()
            .setPolicyId("pii-guard").setOutcome("deny").addRuleIds("r1").addRuleIds("r2")
            .setRationale("contains an email address")).build(),
        base("06").setDataAccess(DataAccess.newBuilder()
            .setDatasource("vector://products").addDocumentIds("doc-1").addDocumentIds("doc-2")
            .addChunkIds("chunk-9").addPiiCategories("EMAIL")).build(),
        base("07").setStateUpdate(richStruct("state")).build(),
        base("08").setError(ErrorInfo.newBuilder()
            .setErrorMessage("boom").setErrorCode("E42").setStackTrace("at x\n\tat y").setRecoverable(true)
            .setRecoveryAction("retry")).build(),
        base("09").setAgentHandoff(AgentHandoff.newBuilder()
            .setFromAgentId("a1").setFromAgentName("Planner").setToAgentId("a2").setToAgentName("Booker")
            .setHandoffData(richStruct("handoff")).setReason("booking").setHandoffType("sequential")).build(),
        base("10").setMcpCall(MCPCall.newBuilder()
            .setServerName("files").setServerUrl("http://localhost:9000/mcp").setOperation("tools/call")
            .setMethod("POST").setRequest(richStruct("mcp-request")).setResponse(richStruct("mcp-response"))
            .setProtocolVersion("2025-06-18").setExecutionTimeMs(3.5)).build());
  }
}
