package ai.chaukas.spec.benchmarks;

import ai.chaukas.spec.common.v1.Author;
import ai.chaukas.spec.common.v1.CostDetails;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.LLMInvocation;
import ai.chaukas.spec.common.v1.Severity;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;

/** The event every benchmark measures: a model call of about 1.5 KB, as SDKs send it. */
public final class BenchmarkEvents {

  private BenchmarkEvents() {}

  private static Value str(String s) {
    return Value.newBuilder().setStringValue(s).build();
  }

  private static Value num(double d) {
    return Value.newBuilder().setNumberValue(d).build();
  }

  private static Value message(String role, String content) {
    return Value.newBuilder()
        .setStructValue(Struct.newBuilder().putFields("role", str(role)).putFields("content", str(content)))
        .build();
  }

  /** The ~1.5 KB LLMInvocation event: Struct request and response, tags, metadata, cost. */
  public static Event llmInvocation() {
    Struct request =
        Struct.newBuilder()
            .putFields("model", str("gpt-4o-mini"))
            .putFields("temperature", num(0.2))
            .putFields("max_tokens", num(512.0))
            .putFields(
                "messages",
                Value.newBuilder()
                    .setListValue(
                        ListValue.newBuilder()
                            .addValues(message("system", "You are a travel assistant. Answer briefly and cite sources."))
                            .addValues(message("user", "Find me a direct flight from Berlin to Lisbon next Friday morning."))
                            .addValues(message("assistant", "Let me search the available flights for you.")))
                    .build())
            .putFields("stream", Value.newBuilder().setBoolValue(false).build())
            .putFields(
                "tools",
                Value.newBuilder()
                    .setListValue(
                        ListValue.newBuilder()
                            .addValues(
                                Value.newBuilder()
                                    .setStructValue(
                                        Struct.newBuilder()
                                            .putFields("type", str("function"))
                                            .putFields("name", str("search_flights"))
                                            .putFields(
                                                "description",
                                                str("Search direct and connecting flights between two airports on a given date."))
                                            .putFields("strict", Value.newBuilder().setBoolValue(true).build()))))
                    .build())
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
                Value.newBuilder()
                    .setStructValue(
                        Struct.newBuilder()
                            .putFields("prompt_tokens", num(182))
                            .putFields("completion_tokens", num(41))
                            .putFields("total_tokens", num(223)))
                    .build())
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
        .setTimestamp(Timestamp.newBuilder().setSeconds(1_764_095_692L).setNanos(199_304_000))
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
                .setStartTime(Timestamp.newBuilder().setSeconds(1_764_095_691L).setNanos(387_000_000))
                .setEndTime(Timestamp.newBuilder().setSeconds(1_764_095_692L).setNanos(199_000_000))
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
                .putFields("retry", Value.newBuilder().setBoolValue(false).build()))
        .build();
  }
}
