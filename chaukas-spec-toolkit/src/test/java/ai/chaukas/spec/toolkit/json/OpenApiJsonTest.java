package ai.chaukas.spec.toolkit.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.chaukas.spec.common.v1.Author;
import ai.chaukas.spec.common.v1.Capabilities;
import ai.chaukas.spec.common.v1.ErrorInfo;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.PerformanceMetrics;
import ai.chaukas.spec.common.v1.PolicyDecision;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.common.v1.QueryResponse;
import ai.chaukas.spec.common.v1.RetryInfo;
import ai.chaukas.spec.common.v1.Severity;
import ai.chaukas.spec.common.v1.SortOrder;
import ai.chaukas.spec.common.v1.TimeRange;
import ai.chaukas.spec.common.v1.ToolCall;
import ai.chaukas.spec.testing.internal.AwkwardEvents;
import ai.chaukas.spec.testing.internal.Values;
import ai.chaukas.spec.toolkit.Reason;
import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenApiJsonTest {

  private static final OpenApiJson CODEC = OpenApiJson.builder().typeRegistry(AwkwardEvents.REGISTRY).build();

  private static JsonDecodeException decodeError(String json, Message.Builder builder) {
    return catchThrowableOfType(JsonDecodeException.class, () -> CODEC.merge(json, builder));
  }

  private static Event parse(String json) throws JsonDecodeException {
    return CODEC.merge(json, Event.newBuilder()).build();
  }

  @Test
  void everyContentCaseRoundTrips() throws Exception {
    for (Event event : AwkwardEvents.everyContentCase()) {
      String json = CODEC.print(event);
      assertThat(parse(json)).as(event.getContentCase().name()).isEqualTo(event);
    }
    Event noContent = AwkwardEvents.base("00").build();
    assertThat(parse(CODEC.print(noContent))).isEqualTo(noContent);
    assertThat(CODEC.print(Event.getDefaultInstance())).isEqualTo("{}");
  }

  @Test
  void theOtherSpecMessagesRoundTrip() throws Exception {
    List<Event> events = AwkwardEvents.everyContentCase();
    QueryFilter filter = QueryFilter.newBuilder()
        .setTenantId("t").setProjectId("p").setSessionId("s").setAgentId("a").setSpanId("sp").setTraceId("tr")
        .addTypes(EventType.EVENT_TYPE_SESSION_START).addTypes(EventType.EVENT_TYPE_ERROR)
        .addStatuses(EventStatus.EVENT_STATUS_FAILED).addSeverities(Severity.SEVERITY_DEBUG)
        .addTags("prod").setTextQuery("flight \"Lisbon\"")
        .setTime(TimeRange.newBuilder().setStart(Values.ts(1_795_631_692L, 1_000))
            .setEnd(Values.ts(1_795_631_693L, 0)))
        .build();
    List<Message> messages = List.of(
        EventBatch.newBuilder().setBatchId("b1").setTimestamp(Values.ts(1_795_631_692L, 5))
            .addAllEvents(events).setMetadata(AwkwardEvents.richStruct("batch")).setTotalCost(0.5).setTotalTokens(9)
            .setTotalDurationMs(1.25).build(),
        filter,
        QueryRequest.newBuilder().setFilter(filter).setPageSize(1000).setPageToken("next")
            .setOrderByTime(SortOrder.SORT_ORDER_ASC).build(),
        QueryResponse.newBuilder().addAllEvents(events).setNextPageToken("tok").build(),
        TimeRange.newBuilder().setEnd(Values.ts(0, 0)).build(),
        Capabilities.newBuilder().setWormRetention(true).setAuditProofs(true).setDistributedQuery(true).setRbac(true)
            .setSso(true).setPolicyDecisions(true).setDataAccessEvents(true).build());
    for (Message message : messages) {
      String json = CODEC.print(message);
      assertThat(CODEC.merge(json, message.newBuilderForType()).build())
          .as(message.getDescriptorForType().getName()).isEqualTo(message);
    }
    assertThat(CODEC.print(messages.get(2))).isEqualTo("{\"filter\":{\"tenant_id\":\"t\",\"project_id\":\"p\","
        + "\"session_id\":\"s\",\"agent_id\":\"a\",\"span_id\":\"sp\",\"trace_id\":\"tr\","
        + "\"types\":[\"SESSION_START\",\"ERROR\"],\"statuses\":[\"FAILED\"],\"severities\":[\"DEBUG\"],"
        + "\"tags\":[\"prod\"],\"text_query\":\"flight \\\"Lisbon\\\"\",\"time\":{\"start\":\"2026-11-25T18:34:52.000001Z\","
        + "\"end\":\"2026-11-25T18:34:53Z\"}},\"page_size\":1000,\"page_token\":\"next\",\"order_by_time\":\"ASC\"}");
    assertThat(CODEC.print(messages.get(4))).isEqualTo("{\"end\":\"1970-01-01T00:00:00Z\"}");
  }

  @Test
  void writesUnprefixedEnumsAndOneTaggedContentObjectInFieldOrder() {
    Event event = Event.newBuilder()
        .setEventId("e1")
        .setType(EventType.EVENT_TYPE_POLICY_DECISION)
        .setSeverity(Severity.SEVERITY_UNSPECIFIED)
        .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
        .setAuthor(Author.AUTHOR_SYSTEM)
        .setTimestamp(Values.ts(1_795_631_692L, 199_304_000))
        .setTraceId("t1")
        .setPolicy(PolicyDecision.newBuilder().setPolicyId("pii").setOutcome("deny").addRuleIds("r1"))
        .setRetry(RetryInfo.newBuilder().setAttempt(2))
        .build();
    assertThat(CODEC.print(event)).isEqualTo("{\"event_id\":\"e1\",\"type\":\"POLICY_DECISION\","
        + "\"status\":\"COMPLETED\",\"author\":\"SYSTEM\",\"timestamp\":\"2026-11-25T18:34:52.199304Z\","
        + "\"trace_id\":\"t1\",\"content\":{\"kind\":\"policy_decision\",\"policy_id\":\"pii\",\"outcome\":\"deny\","
        + "\"rule_ids\":[\"r1\"]},\"retry\":{\"attempt\":2}}");
  }

  @Test
  void writesTheKindsOfRenamedAndWrappedMembers() {
    Event error = Event.newBuilder().setError(ErrorInfo.newBuilder().setErrorMessage("boom").setRecoverable(true))
        .build();
    assertThat(CODEC.print(error))
        .isEqualTo("{\"content\":{\"kind\":\"error_info\",\"error_message\":\"boom\",\"recoverable\":true}}");
    Event state = Event.newBuilder().setStateUpdate(Struct.newBuilder()
        .putFields("kind", Values.str("not the discriminator"))
        .putFields("step", Values.num(3))).build();
    assertThat(CODEC.print(state))
        .isEqualTo("{\"content\":{\"kind\":\"state_update\",\"state\":{\"kind\":\"not the discriminator\",\"step\":3.0}}}");
    Event emptyMember = Event.newBuilder().setToolCall(ToolCall.getDefaultInstance()).build();
    assertThat(CODEC.print(emptyMember)).isEqualTo("{\"content\":{\"kind\":\"tool_call\"}}");
    Event emptyState = Event.newBuilder().setStateUpdate(Struct.getDefaultInstance()).build();
    assertThat(CODEC.print(emptyState)).isEqualTo("{\"content\":{\"kind\":\"state_update\",\"state\":{}}}");
    assertThat(CODEC.print(emptyMember)).isNotEqualTo(CODEC.print(Event.getDefaultInstance()));
  }

  @Test
  void writesExtensionsAsProto3JsonWithTheirType() throws Exception {
    Event event = Event.newBuilder().addExtensions(Any.pack(ToolCall.newBuilder().setFunctionName("f").build()))
        .addExtensions(Any.pack(Value.newBuilder().setNumberValue(2).build())).build();
    String json = CODEC.print(event);
    assertThat(json).isEqualTo("{\"extensions\":[{\"@type\":\"type.googleapis.com/chaukas.spec.common.v1.ToolCall\","
        + "\"function_name\":\"f\"},{\"@type\":\"type.googleapis.com/google.protobuf.Value\",\"value\":2.0}]}");
    assertThat(parse(json)).isEqualTo(event);
    assertThat(parse("{\"extensions\":[{\"functionName\":\"f\","
        + "\"@type\":\"type.googleapis.com/chaukas.spec.common.v1.ToolCall\"},"
        + "{\"@type\":\"type.googleapis.com/google.protobuf.Value\",\"value\":2}]}")).isEqualTo(event);
  }

  @Test
  void parsesAHandWrittenExampleIntoTheExpectedEvent() throws Exception {
    String json = new String(ProtoJsonTest.resource("openapi/tool-call-event.json"), StandardCharsets.UTF_8);
    Event expected = Event.newBuilder()
        .setEventId("0194f2b0-7c1a-7b3e-9f00-3a1c5e7d9b07")
        .setTenantId("tenant-acme")
        .setProjectId("project-travel")
        .setSessionId("0194f2b0-7c1a-7b3e-9f00-3a1c5e7d9a00")
        .setSpanId("0194f2b0-7c1b-7c11-8a00-3a1c5e7d9b08")
        .setParentSpanId("0194f2b0-7c1b-7c11-8a00-3a1c5e7d9b02")
        .setTraceId("0194f2b0-7c1a-7b3e-9f00-3a1c5e7d9a02")
        .setType(EventType.EVENT_TYPE_TOOL_CALL_START)
        .setSeverity(Severity.SEVERITY_INFO)
        .setStatus(EventStatus.EVENT_STATUS_STARTED)
        .setAuthor(Author.AUTHOR_AGENT)
        .setTimestamp(Values.ts(1_795_631_693L, 4_000_000))
        .setAgentId("agent-planner")
        .setAgentName("Planner")
        .addTags("prod")
        .addTags("travel")
        .setToolCall(ToolCall.newBuilder()
            .setId("call_8f2a")
            .setName("search_flights")
            .setFunctionName("search")
            .setArguments(Struct.newBuilder()
                .putFields("from", Values.str("BER"))
                .putFields("to", Values.str("LIS"))
                .putFields("date", Values.str("2026-11-27"))
                .putFields("direct_only", Values.bool(true))
                .putFields("max_results", Values.num(5))
                .putFields("cabins", Values.list(Values.str("economy"), Values.str("premium")))
                .putFields("budget", Values.nul())))
        .setRetry(RetryInfo.newBuilder().setAttempt(1).setStrategy("none"))
        .setPerformance(PerformanceMetrics.newBuilder().setLatencyMs(12.5))
        .setMetadata(Struct.newBuilder()
            .putFields("sdk", Values.str("chaukas-sdk/0.1.0"))
            .putFields("region", Values.str("eu-west-1")))
        .build();
    assertThat(parse(json)).isEqualTo(expected);
    assertThat(parse(CODEC.print(expected))).isEqualTo(expected);
  }

  @Test
  void acceptsKindAnywhereInTheContentObject() throws Exception {
    Event toolCall = parse("{\"content\": {\"name\": \"x\", \"arguments\": {\"a\": [1, {\"b\": null}]},"
        + " \"kind\": \"tool_call\", \"auth_required\": true}}");
    assertThat(toolCall.getToolCall()).isEqualTo(ToolCall.newBuilder().setName("x").setAuthRequired(true)
        .setArguments(Struct.newBuilder().putFields("a", Values.list(Values.num(1),
            Values.obj(Struct.newBuilder().putFields("b", Values.nul()).build())))).build());
    Event state = parse("{\"content\": {\"state\": {\"k\": \"v\"}, \"kind\": \"state_update\"}}");
    assertThat(state.getStateUpdate()).isEqualTo(Struct.newBuilder().putFields("k", Values.str("v")).build());
    assertThat(parse("{\"content\": {\"kind\": \"state_update\"}}").hasStateUpdate()).isTrue();
    assertThat(parse("{\"content\": null}").getContentCase()).isEqualTo(Event.ContentCase.CONTENT_NOT_SET);
  }

  @Test
  void unknownOrMissingKindsAreErrorsThatListTheValidKinds() {
    String kinds = "(expected one of message, tool_call, tool_response, llm_invocation, policy_decision, "
        + "data_access, state_update, error_info, agent_handoff, mcp_call)";
    JsonDecodeException unknown = decodeError("{\"content\": {\"kind\": \"shell\"}}", Event.newBuilder());
    assertThat(unknown.path()).hasToString("content.kind");
    assertThat(unknown.detail()).isEqualTo("unknown content kind \"shell\" " + kinds);

    JsonDecodeException memberName = decodeError("{\"content\": {\"rationale\": \"r\", \"kind\": \"policy\"}}",
        Event.newBuilder());
    assertThat(memberName.path()).hasToString("content.kind");
    assertThat(memberName.detail()).endsWith("; the kind of the proto member policy is policy_decision");

    JsonDecodeException missing = decodeError("{\"content\": {\"name\": \"x\"}}", Event.newBuilder());
    assertThat(missing.getMessage()).isEqualTo("content: the content object has no \"kind\" " + kinds);
    assertThat(decodeError("{\"content\": {}}", Event.newBuilder()).path()).hasToString("content");

    JsonDecodeException notString = decodeError("{\"content\": {\"kind\": 5}}", Event.newBuilder());
    assertThat(notString.path()).hasToString("content.kind");
    assertThat(notString.detail()).startsWith("expected a string (one of message, ").endsWith("but found a number");

    JsonDecodeException twice = decodeError("{\"content\": {\"kind\": \"message\", \"kind\": \"message\"}}",
        Event.newBuilder());
    assertThat(twice.getMessage()).isEqualTo("content.kind: \"kind\" is given more than once");
    JsonDecodeException twiceBuffered = decodeError(
        "{\"content\": {\"text\": \"t\", \"kind\": \"message\", \"kind\": \"message\"}}", Event.newBuilder());
    assertThat(twiceBuffered.getMessage()).isEqualTo("content.kind: \"kind\" is given more than once");

    JsonDecodeException notObject = decodeError("{\"content\": \"message\"}", Event.newBuilder());
    assertThat(notObject.path()).hasToString("content");
    assertThat(notObject.detail()).startsWith("expected an object with a \"kind\"");
  }

  @Test
  void contentPropertiesAreCheckedAgainstTheMember() {
    JsonDecodeException e = decodeError("{\"content\": {\"kind\": \"tool_call\", \"nme\": \"x\"}}", Event.newBuilder());
    assertThat(e.getMessage()).isEqualTo("content.nme: unknown field \"nme\" in chaukas.spec.common.v1.ToolCall");
    JsonDecodeException state = decodeError("{\"content\": {\"kind\": \"state_update\", \"k\": 1}}", Event.newBuilder());
    assertThat(state.getMessage()).isEqualTo(
        "content.k: unknown property \"k\" in a state_update content object (it has \"kind\" and \"state\")");
    JsonDecodeException wrongType = decodeError("{\"content\": {\"kind\": \"tool_response\", \"http_status\": \"200\"}}",
        Event.newBuilder());
    assertThat(wrongType.path()).hasToString("content.http_status");
  }

  @Test
  void enumsMustBeUnprefixedAndSpecified() {
    JsonDecodeException prefixed = decodeError("{\"type\": \"EVENT_TYPE_SESSION_START\"}", Event.newBuilder());
    assertThat(prefixed.getMessage()).isEqualTo("type: unknown enum value \"EVENT_TYPE_SESSION_START\" for "
        + "chaukas.spec.common.v1.EventType (expected one of SESSION_START, SESSION_END, AGENT_START, AGENT_END, "
        + "AGENT_HANDOFF, MODEL_INVOCATION_START, MODEL_INVOCATION_END, TOOL_CALL_START, TOOL_CALL_END, "
        + "MCP_CALL_START, MCP_CALL_END, INPUT_RECEIVED, OUTPUT_EMITTED, ERROR, RETRY, POLICY_DECISION, "
        + "DATA_ACCESS, STATE_UPDATE, SYSTEM); the OpenAPI form leaves out the prefix EVENT_TYPE_");
    JsonDecodeException unspecified = decodeError("{\"order_by_time\": \"UNSPECIFIED\"}", QueryRequest.newBuilder());
    assertThat(unspecified.getMessage()).isEqualTo("order_by_time: \"UNSPECIFIED\" is not allowed for "
        + "chaukas.spec.common.v1.SortOrder in the OpenAPI form; leave the field out instead (expected one of ASC, DESC)");
    JsonDecodeException inList = decodeError("{\"filter\": {\"severities\": [\"INFO\", \"LOUD\"]}}",
        QueryRequest.newBuilder());
    assertThat(inList.path()).hasToString("filter.severities[1]");
    assertThat(inList.detail()).startsWith("unknown enum value \"LOUD\" for chaukas.spec.common.v1.Severity");
    JsonDecodeException number = decodeError("{\"status\": 1}", Event.newBuilder());
    assertThat(number.detail()).isEqualTo("expected one of STARTED, IN_PROGRESS, COMPLETED, FAILED, CANCELLED "
        + "(chaukas.spec.common.v1.EventStatus) but found a number");
  }

  @Test
  void namesMustBeProtoNamesAndTheContentMustBeTagged() throws Exception {
    JsonDecodeException camel = decodeError("{\"eventId\": \"e1\"}", Event.newBuilder());
    assertThat(camel.getMessage()).isEqualTo("eventId: unknown field \"eventId\" in chaukas.spec.common.v1.Event "
        + "(the OpenAPI form uses proto field names: \"event_id\")");
    JsonDecodeException member = decodeError("{\"events\": [{\"policy\": {}}]}", EventBatch.newBuilder());
    assertThat(member.getMessage()).isEqualTo("events[0].policy: unknown field \"policy\" in "
        + "chaukas.spec.common.v1.Event (the OpenAPI form writes the content oneof as \"content\": "
        + "{\"kind\": \"policy_decision\", ...})");
    OpenApiJson lenient = OpenApiJson.builder().ignoringUnknownFields(true).build();
    assertThat(lenient.merge("{\"eventId\": \"e1\", \"event_id\": \"e2\", \"type\": \"LATER\"}", Event.newBuilder())
        .build()).isEqualTo(Event.newBuilder().setEventId("e2").build());
  }

  @Test
  void printingFailsWithThePathForWhatTheFormCannotExpress() throws Exception {
    Event nan = AwkwardEvents.everyContentCase().get(3).toBuilder()
        .setLlmInvocation(AwkwardEvents.everyContentCase().get(3).getLlmInvocation().toBuilder().setTopP(Double.NaN))
        .build();
    assertThatThrownBy(() -> CODEC.print(nan))
        .isInstanceOfSatisfying(JsonPrintException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FINITE))
        .hasMessage("content.top_p: NaN cannot be written in the OpenAPI form, whose numbers are plain JSON numbers"
            + " (proto3 JSON writes it as a string)");
    Event infinity = Event.newBuilder().setMetadata(Struct.newBuilder().putFields("a b",
        Values.list(Values.num(1), Values.num(Double.NEGATIVE_INFINITY)))).build();
    JsonPrintException value = catchThrowableOfType(JsonPrintException.class, () -> CODEC.print(infinity));
    assertThat(value.path()).hasToString("metadata[\"a b\"][1]");
    assertThat(value.reason()).isEqualTo(Reason.NOT_FINITE);
    assertThat(value.getMessage()).isEqualTo("metadata[\"a b\"][1]: number -Infinity cannot be written as JSON:"
        + " google.protobuf.Value numbers must be finite");

    Event extension = Event.newBuilder().addExtensions(Any.pack(ToolCall.getDefaultInstance())).build();
    assertThatThrownBy(() -> OpenApiJson.defaults().print(extension))
        .isInstanceOfSatisfying(JsonPrintException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_VALUE))
        .hasMessage("extensions[0]: cannot write google.protobuf.Any holding chaukas.spec.common.v1.ToolCall: the type"
            + " is not in the type registry (register it with OpenApiJson.builder().typeRegistry(...))");

    StringBuilder out = new StringBuilder("kept");
    assertThatThrownBy(() -> CODEC.print(nan, out)).isInstanceOf(JsonPrintException.class);
    assertThat(out).hasToString("kept");
    StringWriter writer = new StringWriter();
    assertThatThrownBy(() -> CODEC.print(nan, writer)).isInstanceOf(JsonPrintException.class);
    assertThat(writer.toString()).isEmpty();
    CODEC.print(Event.newBuilder().setEventId("e"), writer);
    assertThat(writer.toString()).isEqualTo("{\"event_id\":\"e\"}");
  }

  @Test
  void printingRespectsTheDepthLimit() throws Exception {
    Struct deep = Struct.getDefaultInstance();
    for (int i = 0; i < 100; i++) {
      deep = Struct.newBuilder().putFields("a", Values.obj(deep)).build();
    }
    Event event = Event.newBuilder().setMetadata(deep).build();
    assertThatThrownBy(() -> CODEC.print(event))
        .isInstanceOfSatisfying(JsonPrintException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LIMIT_EXCEEDED))
        .hasMessageEndingWith(": nesting deeper than 64 levels (JsonLimits.maxDepth)")
        .hasMessageStartingWith("metadata" + ".a".repeat(63) + ": ");
    OpenApiJson deeper = OpenApiJson.builder().limits(JsonLimits.builder().maxDepth(200).build()).build();
    String json = deeper.print(event);
    assertThat(deeper.merge(json, Event.newBuilder()).build()).isEqualTo(event);
    JsonDecodeException e = decodeError(json, Event.newBuilder());
    assertThat(e.path()).hasToString("metadata" + ".a".repeat(63));
    assertThat(e.detail()).isEqualTo("nesting deeper than 64 levels (JsonLimits.maxDepth)");
  }
}
