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
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.Random;

/** Sample events, each built the same way on every call: tests and benchmarks compare exact bytes and hashes. */
public final class SampleEvents {

  /** The tenant of {@link #event} and {@link #sessionStart}. */
  public static final String TENANT = "tenant-a";

  /** Another tenant, for tests of what one tenant must not see of another. */
  public static final String OTHER_TENANT = "tenant-b";

  private SampleEvents() {}

  /** A valid AGENT_START event of {@link #TENANT}, project-x, session-1, at {@code seconds}. */
  public static Event.Builder event(String id, long seconds) {
    return Event.newBuilder()
        .setEventId(id)
        .setTenantId(TENANT)
        .setProjectId("project-x")
        .setSessionId("session-1")
        .setSpanId("span-" + id)
        .setType(EventType.EVENT_TYPE_AGENT_START)
        .setStatus(EventStatus.EVENT_STATUS_STARTED)
        .setSeverity(Severity.SEVERITY_INFO)
        .setTimestamp(ts(seconds, 0));
  }

  /** A valid SESSION_START event of {@link #TENANT}, session-1, with only the fields the rules require. */
  public static Event sessionStart(String id) {
    return Event.newBuilder()
        .setEventId(id)
        .setTenantId(TENANT)
        .setSessionId("session-1")
        .setType(EventType.EVENT_TYPE_SESSION_START)
        .setStatus(EventStatus.EVENT_STATUS_STARTED)
        .setTimestamp(ts(1_764_000_000L, 0))
        .build();
  }

  /**
   * The event every benchmark measures: a model call of about 1.5 KB, as SDKs send it, with Struct
   * request and response, tags, metadata and cost.
   */
  public static Event llmInvocation() {
    Struct request =
        Struct.newBuilder()
            .putFields("model", str("gpt-4o-mini"))
            .putFields("temperature", num(0.2))
            .putFields("max_tokens", num(512.0))
            .putFields(
                "messages",
                list(
                    message("system", "You are a travel assistant. Answer briefly and cite sources."),
                    message("user", "Find me a direct flight from Berlin to Lisbon next Friday morning."),
                    message("assistant", "Let me search the available flights for you.")))
            .putFields("stream", bool(false))
            .putFields(
                "tools",
                list(
                    obj(
                        Struct.newBuilder()
                            .putFields("type", str("function"))
                            .putFields("name", str("search_flights"))
                            .putFields(
                                "description",
                                str("Search direct and connecting flights between two airports on a given date."))
                            .putFields("strict", bool(true))
                            .build())))
            .build();
    Struct response =
        Struct.newBuilder()
            .putFields("id", str("chatcmpl-9f8e7d6c5b4a"))
            .putFields(
                "content",
                str("TAP 535 leaves BER at 07:05 and lands in LIS at 09:40; EUR 189. Easyjet 4411 leaves at 10:20, EUR 142."))
            .putFields("finish_reason", str("stop"))
            .putFields(
                "usage",
                obj(
                    Struct.newBuilder()
                        .putFields("prompt_tokens", num(182))
                        .putFields("completion_tokens", num(41))
                        .putFields("total_tokens", num(223))
                        .build()))
            .build();
    return Event.newBuilder()
        .setEventId("0194f2b0-7c1a-7b3e-9f00-3a1c5e7d9b01")
        .setTenantId("tenant-acme")
        .setProjectId("project-travel")
        .setSessionId("0194f2b0-7c1a-7b3e-9f00-3a1c5e7d9a00")
        .setSpanId("0194f2b0-7c1b-7c11-8a00-3a1c5e7d9b02")
        .setParentSpanId("0194f2b0-7c1a-7b3e-9f00-3a1c5e7d9a01")
        .setTraceId("0194f2b0-7c1a-7b3e-9f00-3a1c5e7d9a02")
        .setType(EventType.EVENT_TYPE_MODEL_INVOCATION_END)
        .setSeverity(Severity.SEVERITY_INFO)
        .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
        .setAuthor(Author.AUTHOR_LLM)
        .setTimestamp(ts(1_764_095_692L, 199_304_000))
        .setAgentId("agent-planner")
        .setAgentName("Planner")
        .setBranch("main")
        .addTags("prod")
        .addTags("eu-west")
        .addTags("travel")
        .setLlmInvocation(
            LLMInvocation.newBuilder()
                .setProvider("openai")
                .setModel("gpt-4o-mini")
                .setRequest(request)
                .setResponse(response)
                .setPromptTokens(182)
                .setCompletionTokens(41)
                .setTotalTokens(223)
                .setTemperature(0.2)
                .setMaxTokens(512)
                .setTopP(1.0)
                .setStartTime(ts(1_764_095_691L, 387_000_000))
                .setEndTime(ts(1_764_095_692L, 199_000_000))
                .setDurationMs(812.0)
                .setFinishReason("stop"))
        .setCost(
            CostDetails.newBuilder()
                .setProvider("openai")
                .setService("chat.completions")
                .setInputTokens(182)
                .setOutputTokens(41)
                .setTotalTokens(223)
                .setInputCost(0.0000273)
                .setOutputCost(0.0000246)
                .setTotalCost(0.0000519)
                .setCurrency("USD")
                .setInputRatePerToken(0.00000015)
                .setOutputRatePerToken(0.0000006))
        .setMetadata(
            Struct.newBuilder()
                .putFields("sdk", str("chaukas-sdk/0.1.0"))
                .putFields("framework", str("openai-agents"))
                .putFields("region", str("eu-west-1"))
                .putFields("request_id", str("req-5b0e1f7c-2d4a-4c8e-9a61-0f3e2b7d8c90"))
                .putFields("user", str("user-48213"))
                .putFields("retry", bool(false)))
        .build();
  }

  /** A valid model call, close to what SDKs send: the baseline the validation tests change one field of. */
  public static Event validLlmEvent() {
    return Event.newBuilder()
        .setEventId("0194f2b0-7c1a-7b3e-9f00-000000000001")
        .setTenantId("tenant-a")
        .setProjectId("project-x")
        .setSessionId("0194f2b0-7c1a-7b3e-9f00-0000000000aa")
        .setSpanId("span-2")
        .setParentSpanId("span-1")
        .setTraceId("trace-1")
        .setType(EventType.EVENT_TYPE_MODEL_INVOCATION_END)
        .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
        .setSeverity(Severity.SEVERITY_INFO)
        .setAuthor(Author.AUTHOR_LLM)
        .setTimestamp(ts(1_764_095_692L, 199_304_000))
        .addTags("prod")
        .setLlmInvocation(
            LLMInvocation.newBuilder()
                .setProvider("openai")
                .setModel("gpt-4o")
                .setRequest(
                    Struct.newBuilder()
                        .putFields("temperature", num(0.2))
                        .putFields("messages", list(message("user", "hi"))))
                .setPromptTokens(12)
                .setCompletionTokens(3)
                .setTotalTokens(15)
                .setTemperature(0.2)
                .setFrequencyPenalty(-0.5)
                .setDurationMs(812.5))
        .setCost(CostDetails.newBuilder().setTotalCost(0.0004).setCurrency("USD"))
        .build();
  }

  private static Value message(String role, String content) {
    return obj(Struct.newBuilder().putFields("role", str(role)).putFields("content", str(content)).build());
  }

  private static final String[] WORDS = {
    "alpha", "Grüße", "naïve café", "日本語のテキスト", "emoji 😀 and 🚀", "quote \" and backslash \\",
    "tab\tnewline\nreturn\r", "control \u0001\u001f", "</script>", "x", "", "ﬀ ligature", "\u2028 line sep",
    "price: 12.50 EUR", "SELECT * FROM t WHERE id = 'a'", "\u007f del"
  };

  private static final double[] NUMBERS = {
    0, -0.0, 1, -1, 2.0, 0.5, 0.1, 0.2, 0.30000000000000004, 1e-7, 1e-6, 1e21, 1e20, 123456789.125,
    2.7299999999999997e-05, 812, 9007199254740993.0, 5e-324, 1.7976931348623157e308, 3.14159, 42,
    -273.15, 1e300, 6.02214076e23
  };

  private static String word(Random r) {
    return WORDS[r.nextInt(WORDS.length)];
  }

  private static Value randomValue(Random r, int depth) {
    int k = r.nextInt(depth > 2 ? 4 : 6);
    switch (k) {
      case 0:
        return str(word(r));
      case 1:
        return num(NUMBERS[r.nextInt(NUMBERS.length)]);
      case 2:
        return bool(r.nextBoolean());
      case 3:
        return r.nextInt(4) == 0 ? nul() : num(r.nextInt(100000) / 100.0);
      case 4:
        return obj(randomStruct(r, depth + 1));
      default: {
        int n = r.nextInt(4);
        Value[] vs = new Value[n];
        for (int i = 0; i < n; i++) {
          vs[i] = randomValue(r, depth + 1);
        }
        return list(vs);
      }
    }
  }

  private static Struct randomStruct(Random r, int depth) {
    Struct.Builder b = Struct.newBuilder();
    int n = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      b.putFields(i % 2 == 0 ? word(r) : "k" + r.nextInt(50), randomValue(r, depth));
    }
    return b.build();
  }

  /**
   * Event {@code i} of a deterministic variety, in the session {@code (tenantId, projectId,
   * sessionId)}: one of 16 kinds, fields filled from a seeded Random (0x5eed0000 + i), so that the
   * same {@code i} always gives the same event. Hash vectors depend on every byte of it.
   */
  public static Event varied(int i, String tenantId, String projectId, String sessionId) {
    Random r = new Random(0x5eed_0000L + i);
    Event.Builder b =
        Event.newBuilder()
            .setEventId(String.format("0194f2b0-7c1a-7b3e-9f00-%012d", i))
            .setTenantId(tenantId)
            .setProjectId(projectId)
            .setSessionId(sessionId)
            .setSpanId("span-" + i)
            .setParentSpanId(i % 3 == 0 ? "" : "span-" + (i - 1))
            .setTraceId("trace-1")
            .setSeverity(Severity.forNumber(r.nextInt(5)))
            .setAuthor(Author.forNumber(r.nextInt(6)))
            .setTimestamp(ts(1_764_095_692L + i, new int[] {0, 123_000_000, 123_456_000, 123_456_789}[i % 4]))
            .setAgentId("agent-" + (i % 5))
            .setAgentName(word(r))
            .setBranch(i % 2 == 0 ? "main" : "")
            .setIsPartial(r.nextBoolean())
            .setIsFinal(r.nextBoolean());
    for (int t = r.nextInt(3); t > 0; t--) {
      b.addTags(word(r));
    }
    switch (i % 16) {
      case 0:
        b.setType(EventType.EVENT_TYPE_SESSION_START).setStatus(EventStatus.EVENT_STATUS_STARTED);
        break;
      case 1:
        b.setType(EventType.EVENT_TYPE_MODEL_INVOCATION_END)
            .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
            .setLlmInvocation(
                LLMInvocation.newBuilder()
                    .setProvider("openai")
                    .setModel("gpt-4o-mini")
                    .setRequest(randomStruct(r, 0))
                    .setResponse(randomStruct(r, 0))
                    .setPromptTokens(r.nextInt(2000))
                    .setCompletionTokens(r.nextInt(500))
                    .setTemperature(NUMBERS[r.nextInt(NUMBERS.length)])
                    .setTopP(r.nextDouble())
                    .setFrequencyPenalty(-0.5)
                    .setStartTime(ts(1_764_095_691L, 387_000_000))
                    .setEndTime(ts(1_764_095_692L, r.nextInt(1_000_000_000)))
                    .setDurationMs(r.nextInt(100000) / 10.0)
                    .setFinishReason("stop"));
        break;
      case 2:
        b.setType(EventType.EVENT_TYPE_TOOL_CALL_START)
            .setStatus(EventStatus.EVENT_STATUS_STARTED)
            .setToolCall(
                ToolCall.newBuilder()
                    .setId("call-" + i)
                    .setName("search_flights")
                    .setArguments(randomStruct(r, 0))
                    .setAuthRequired(r.nextBoolean())
                    .setFunctionName(word(r)));
        break;
      case 3:
        b.setType(EventType.EVENT_TYPE_TOOL_CALL_END)
            .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
            .setToolResponse(
                ToolResponse.newBuilder()
                    .setToolCallId("call-" + (i - 1))
                    .setOutput(randomStruct(r, 0))
                    .setExecutionTimeMs(r.nextDouble() * 1000)
                    .setHttpStatus(r.nextBoolean() ? 200 : -1));
        break;
      case 4:
        b.setType(EventType.EVENT_TYPE_INPUT_RECEIVED)
            .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
            .setMessage(MessageContent.newBuilder().setRole("user").setText(word(r) + " " + word(r)));
        break;
      case 5:
        b.setType(EventType.EVENT_TYPE_OUTPUT_EMITTED)
            .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
            .setMessage(
                MessageContent.newBuilder()
                    .setRole("assistant")
                    .setText("[REDACTED]")
                    .setMetadata(randomStruct(r, 0)))
            .setRedaction(RedactionInfo.newBuilder().addFields("$['message']['text']").setMethod("mask"));
        break;
      case 6:
        b.setType(EventType.EVENT_TYPE_POLICY_DECISION)
            .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
            .setPolicy(
                PolicyDecision.newBuilder()
                    .setPolicyId("pol-" + r.nextInt(9))
                    .setOutcome(r.nextBoolean() ? "allow" : "deny")
                    .addRuleIds("r1")
                    .addRuleIds(word(r))
                    .setRationale(word(r)));
        break;
      case 7:
        b.setType(EventType.EVENT_TYPE_DATA_ACCESS)
            .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
            .setDataAccess(
                DataAccess.newBuilder()
                    .setDatasource("kb")
                    .addDocumentIds("doc-" + i)
                    .addChunkIds("c1")
                    .addChunkIds("c2")
                    .addPiiCategories("email"))
            .addPiiCategories("email");
        break;
      case 8:
        b.setType(EventType.EVENT_TYPE_ERROR)
            .setStatus(EventStatus.EVENT_STATUS_FAILED)
            .setError(
                ErrorInfo.newBuilder()
                    .setErrorMessage(word(r))
                    .setErrorCode("E" + r.nextInt(1000))
                    .setStackTrace("at x\n\tat y")
                    .setRecoverable(r.nextBoolean()));
        break;
      case 9:
        b.setType(EventType.EVENT_TYPE_RETRY)
            .setStatus(EventStatus.EVENT_STATUS_IN_PROGRESS)
            .setRetry(RetryInfo.newBuilder().setAttempt(1 + r.nextInt(3)).setStrategy("exponential").setBackoffMs(250));
        break;
      case 10:
        b.setType(EventType.EVENT_TYPE_AGENT_HANDOFF)
            .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
            .setAgentHandoff(
                AgentHandoff.newBuilder()
                    .setFromAgentId("a1")
                    .setToAgentId("a2")
                    .setToAgentName(word(r))
                    .setHandoffData(randomStruct(r, 0))
                    .setReason(word(r)));
        break;
      case 11:
        b.setType(EventType.EVENT_TYPE_MCP_CALL_END)
            .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
            .setMcpCall(
                MCPCall.newBuilder()
                    .setServerName("files")
                    .setServerUrl("stdio://files")
                    .setOperation("call_tool")
                    .setMethod("tools/call")
                    .setRequest(randomStruct(r, 0))
                    .setResponse(randomStruct(r, 0))
                    .setProtocolVersion("2025-06-18")
                    .setExecutionTimeMs(r.nextInt(5000) / 7.0));
        break;
      case 12:
        b.setType(EventType.EVENT_TYPE_STATE_UPDATE)
            .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
            .setStateUpdate(randomStruct(r, 0));
        break;
      case 13:
        b.setType(EventType.EVENT_TYPE_SYSTEM)
            .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
            .setPerformance(
                PerformanceMetrics.newBuilder()
                    .setCpuPercent(r.nextInt(10000) / 100.0)
                    .setMemoryMb(r.nextDouble() * 4096)
                    .setLatencyMs(r.nextInt(100)))
            .setInfrastructure(
                InfrastructureMetrics.newBuilder()
                    .setResourceType("pod")
                    .setMetrics(randomStruct(r, 0))
                    .setHost("host-" + r.nextInt(10))
                    .setProcessId(r.nextInt(65536)));
        break;
      case 14:
        b.setType(EventType.EVENT_TYPE_MODEL_INVOCATION_START)
            .setStatus(EventStatus.EVENT_STATUS_STARTED)
            .setLlmInvocation(LLMInvocation.getDefaultInstance())
            .setCost(
                CostDetails.newBuilder()
                    .setProvider("openai")
                    .setInputTokens(r.nextInt(1000))
                    .setInputCost(r.nextInt(1000) * 1.5e-7)
                    .setTotalCost(r.nextInt(1000) * 2.5e-7)
                    .setCurrency("USD")
                    .setInputRatePerToken(1.5e-7));
        break;
      default:
        b.setType(EventType.EVENT_TYPE_SESSION_END)
            .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
            .setMetadata(randomStruct(r, 0));
    }
    return b.build();
  }
}
