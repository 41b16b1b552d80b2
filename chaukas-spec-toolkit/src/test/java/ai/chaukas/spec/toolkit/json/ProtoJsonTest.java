package ai.chaukas.spec.toolkit.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.common.v1.ToolCall;
import ai.chaukas.spec.testing.internal.AwkwardEvents;
import ai.chaukas.spec.testing.internal.Values;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtoJsonTest {

  private static final ProtoJson CODEC = ProtoJson.builder().typeRegistry(AwkwardEvents.REGISTRY).build();

  static JsonDecodeException decodeError(String json, Message.Builder builder, ProtoJson codec) {
    return catchThrowableOfType(JsonDecodeException.class, () -> codec.merge(json, builder));
  }

  /** Decodes json with the default codec, checks that it fails at path, and returns the error. */
  private static JsonDecodeException errorAt(String json, Message.Builder builder, String path) {
    JsonDecodeException e = decodeError(json, builder, ProtoJson.defaults());
    assertThat(e.path()).hasToString(path);
    return e;
  }

  /** A request body written by the Python SDK, from the repository's vectors/python-sdk. */
  static byte[] vector(String name) throws IOException {
    try (InputStream in = ProtoJsonTest.class.getResourceAsStream("/vectors/python-sdk/" + name)) {
      assertThat(in).as("vector %s", name).isNotNull();
      return in.readAllBytes();
    }
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = ProtoJsonTest.class.getResourceAsStream("/json/" + name)) {
      assertThat(in).as("test resource %s", name).isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void testEventsCoverEveryContentCase() {
    Set<Event.ContentCase> covered =
        AwkwardEvents.everyContentCase().stream().map(Event::getContentCase).collect(Collectors.toSet());
    Set<Event.ContentCase> all = EnumSet.allOf(Event.ContentCase.class);
    all.remove(Event.ContentCase.CONTENT_NOT_SET);
    assertThat(covered).isEqualTo(all);
  }

  @Test
  void agreesWithJsonFormatOnEveryContentCaseInBothNameStyles() throws Exception {
    JsonFormat.Printer camel = JsonFormat.printer().usingTypeRegistry(AwkwardEvents.REGISTRY);
    JsonFormat.Printer snake = camel.preservingProtoFieldNames();
    JsonFormat.Parser reference = JsonFormat.parser().usingTypeRegistry(AwkwardEvents.REGISTRY);
    for (Event event : AwkwardEvents.everyContentCase()) {
      for (String json : new String[] {camel.print(event), snake.print(event)}) {
        Event ours = CODEC.merge(json, Event.newBuilder()).build();
        Event.Builder theirs = Event.newBuilder();
        reference.merge(json, theirs);
        assertThat(ours).as(event.getContentCase().name()).isEqualTo(event).isEqualTo(theirs.build());
      }
    }
  }

  @Test
  void printsCompactLowerCamelCaseByDefaultAndProtoNamesOnRequest() throws Exception {
    Event event = AwkwardEvents.everyContentCase().get(1);
    String json = CODEC.print(event);
    assertThat(json)
        .doesNotContain("\n")
        .contains("\"eventId\":\"0194f2b0-7c1a-7b3e-9f00-02\"", "\"type\":\"EVENT_TYPE_TOOL_CALL_START\"")
        .isEqualTo(JsonFormat.printer().usingTypeRegistry(AwkwardEvents.REGISTRY).omittingInsignificantWhitespace()
            .print(event));
    String snake = ProtoJson.builder().typeRegistry(AwkwardEvents.REGISTRY).preservingProtoFieldNames(true).build()
        .print(event);
    assertThat(snake).contains("\"event_id\":", "\"tool_call\":{");
    assertThat(CODEC.merge(snake, Event.newBuilder()).build()).isEqualTo(event);
  }

  @Test
  void printingAnAnyWithoutItsTypeFailsWithAHint() {
    Event event = Event.newBuilder().addExtensions(Any.pack(ToolCall.getDefaultInstance())).build();
    assertThatThrownBy(() -> ProtoJson.defaults().print(event))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("type.googleapis.com/chaukas.spec.common.v1.ToolCall")
        .hasMessageContaining("typeRegistry");
  }

  @Test
  void parsesThePythonSdkVectorsLikeJsonFormatAndTheBinaryBodies() throws Exception {
    JsonObject single = JsonParser.parseString(new String(vector("01-events.decoded.json"),
        StandardCharsets.UTF_8)).getAsJsonObject();
    String eventJson = single.get("event").toString();
    Event event = ProtoJson.defaults().merge(eventJson, Event.newBuilder()).build();
    Event.Builder reference = Event.newBuilder();
    JsonFormat.parser().merge(eventJson, reference);
    assertThat(event).isEqualTo(reference.build()).isEqualTo(Event.parseFrom(field1(vector("01-events.bin"))));
    assertThat(event.getType()).isEqualTo(EventType.EVENT_TYPE_SESSION_START);
    assertThat(event.getMetadata().getFieldsOrThrow("probe").getBoolValue()).isTrue();

    JsonObject batchRequest = JsonParser.parseString(new String(vector("02-events_batch.decoded.json"),
        StandardCharsets.UTF_8)).getAsJsonObject();
    String batchJson = batchRequest.get("event_batch").toString();
    EventBatch batch = ProtoJson.defaults().merge(new StringReader(batchJson), EventBatch.newBuilder()).build();
    EventBatch.Builder batchReference = EventBatch.newBuilder();
    JsonFormat.parser().merge(batchJson, batchReference);
    assertThat(batch).isEqualTo(batchReference.build())
        .isEqualTo(EventBatch.parseFrom(field1(vector("02-events_batch.bin"))));
    assertThat(batch.getEventsList()).hasSize(4);
    assertThat(batch.getEvents(0).getLlmInvocation().getRequest().getFieldsOrThrow("max_tokens").getNumberValue())
        .isEqualTo(16.0);
  }

  /** The request wrappers hold the event (batch) in field 1; the toolkit cannot see their classes. */
  private static byte[] field1(byte[] body) throws IOException {
    return UnknownFieldSet.parseFrom(body).getField(1).getLengthDelimitedList().get(0).toByteArray();
  }

  @Test
  void acceptsEveryNotationTheMappingAllows() throws Exception {
    String json = """
        {"event_id": "a", "type": 22, "severity": "SEVERITY_INFO", "status": "3",
         "cost": {"inputTokens": "182", "outputTokens": 41.0, "totalTokens": 2.23e2,
                  "inputCost": "2.5e-5", "outputCost": "NaN", "totalCost": "Infinity",
                  "inputRatePerToken": "-Infinity", "outputRatePerToken": 1E-7},
         "timestamp": "2026-11-25T19:34:52.5+01:00", "isPartial": false, "tags": null,
         "toolCall": {"name": null, "arguments": {"k": null}}, "retry": null}
        """;
    Event event = ProtoJson.defaults().merge(json, Event.newBuilder()).build();
    Event.Builder reference = Event.newBuilder();
    JsonFormat.parser().merge(json, reference);
    assertThat(event).isEqualTo(reference.build());
    assertThat(event.getType()).isEqualTo(EventType.EVENT_TYPE_TOOL_CALL_START);
    assertThat(event.getCost().getTotalTokens()).isEqualTo(223);
    assertThat(event.getCost().getOutputCost()).isNaN();
    assertThat(event.getTimestamp()).isEqualTo(Values.ts(1_795_631_692L, 500_000_000));
    assertThat(event.getToolCall().getArguments().getFieldsOrThrow("k").hasNullValue()).isTrue();
    assertThat(event.hasRetry()).isFalse();
  }

  @Test
  void keepsUnknownNumbersOfOpenEnumsAsProtobufDoes() throws Exception {
    Event event = ProtoJson.defaults().merge("{\"type\": 999}", Event.newBuilder()).build();
    assertThat(event.getTypeValue()).isEqualTo(999);
    assertThat(ProtoJson.defaults().print(event)).contains("\"type\":999");
  }

  @Test
  void keepsTheSignOfNegativeZero() throws Exception {
    Event event = ProtoJson.defaults().merge("{\"cost\": {\"totalCost\": -0.0, \"inputCost\": \"-0.0\"}}",
        Event.newBuilder()).build();
    assertThat(Double.doubleToRawLongBits(event.getCost().getTotalCost())).isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(Double.doubleToRawLongBits(event.getCost().getInputCost())).isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  @Test
  void readsAnAnyWhoseTypeIsNotTheFirstMember() throws Exception {
    String json = """
        {"extensions": [
          {"name": "late", "authRequired": true, "@type": "type.googleapis.com/chaukas.spec.common.v1.ToolCall"},
          {"value": "1970-01-01T00:00:01Z", "@type": "type.googleapis.com/google.protobuf.Timestamp"},
          {}]}
        """;
    Event event = CODEC.merge(json, Event.newBuilder()).build();
    assertThat(event.getExtensions(0).unpack(ToolCall.class))
        .isEqualTo(ToolCall.newBuilder().setName("late").setAuthRequired(true).build());
    assertThat(event.getExtensions(1).unpack(Timestamp.class)).isEqualTo(Values.ts(1, 0));
    assertThat(event.getExtensions(2)).isEqualTo(Any.getDefaultInstance());
  }

  @Test
  void anAnyNeedsAResolvableType() {
    String json = "{\"extensions\": [{}, {\"@type\": \"type.googleapis.com/acme.Missing\", \"x\": 1}]}";
    JsonDecodeException e = decodeError(json, Event.newBuilder(), CODEC);
    assertThat(e.path()).hasToString("extensions[1].@type");
    assertThat(e.getMessage()).contains("cannot resolve type URL \"type.googleapis.com/acme.Missing\"",
        "acme.Missing is not in the type registry");

    JsonDecodeException noType = decodeError("{\"extensions\": [{\"name\": \"x\"}]}", Event.newBuilder(), CODEC);
    assertThat(noType.path()).hasToString("extensions[0]");
    assertThat(noType.getMessage()).contains("missing \"@type\"");

    JsonDecodeException emptyRegistry = decodeError(
        "{\"extensions\": [{\"@type\": \"type.googleapis.com/chaukas.spec.common.v1.ToolCall\"}]}",
        Event.newBuilder(), ProtoJson.defaults());
    assertThat(emptyRegistry.path()).hasToString("extensions[0].@type");
    assertThat(emptyRegistry.detail()).contains("not in the type registry");
  }

  @Test
  void timestampsWithoutAZoneNeedTheLenientOption() throws Exception {
    String json = "{\"timestamp\": \"2026-11-25T18:34:52.199304\"}";
    assertThat(errorAt(json, Event.newBuilder(), "timestamp").getMessage())
        .contains("invalid timestamp \"2026-11-25T18:34:52.199304\": no time zone designator");

    Event event = ProtoJson.builder().lenientTimestamps(true).build().merge(json, Event.newBuilder()).build();
    assertThat(event.getTimestamp()).isEqualTo(Values.ts(1_795_631_692L, 199_304_000));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "2026-02-30T00:00:00Z", "2026-11-25T24:00:00Z", "2026-11-25 18:34:52Z", "2026-11-25T18:34:52.Z",
      "2026-11-25T18:34:52.1234567890Z", "0000-12-31T23:59:59Z", "2026-11-25T18:34:52+1:00", "2026-11-25t18:34:52z"})
  void rejectsInvalidTimestamps(String text) {
    JsonDecodeException e = decodeError("{\"timestamp\": \"" + text + "\"}", Event.newBuilder(),
        ProtoJson.builder().lenientTimestamps(true).build());
    assertThat(e.path()).hasToString("timestamp");
    assertThat(e.detail()).startsWith("invalid timestamp \"" + text + "\": ");
  }

  @Test
  void unknownFieldsAreErrorsUnlessIgnored() throws Exception {
    String json = "{\"eventId\": \"a\", \"surprise\": {\"deep\": [1, {\"x\": \"y\"}]}, \"type\": \"EVENT_TYPE_NEW_ONE\"}";
    assertThat(errorAt(json, Event.newBuilder(), "surprise").getMessage())
        .isEqualTo("surprise: unknown field \"surprise\" in chaukas.spec.common.v1.Event");

    Event event = ProtoJson.builder().ignoringUnknownFields(true).build().merge(json, Event.newBuilder()).build();
    assertThat(event).isEqualTo(Event.newBuilder().setEventId("a").build());
  }

  @Test
  void theOpenApiContentObjectIsNotProto3Json() {
    assertThat(errorAt("{\"content\": {\"kind\": \"message\"}}", Event.newBuilder(), "content").detail())
        .contains("a \"content\" object with a \"kind\" is the OpenAPI form");
  }

  @Test
  void unknownEnumNamesListTheValidOnesAndHintAtThePrefix() {
    String events = "{\"events\": [{}, {}, {}, {\"type\": \"FOO\"}]}";
    assertThat(errorAt(events, EventBatch.newBuilder(), "events[3].type").getMessage())
        .startsWith("events[3].type: unknown enum value \"FOO\" for "
            + "chaukas.spec.common.v1.EventType (expected one of EVENT_TYPE_UNSPECIFIED, EVENT_TYPE_SESSION_START, ");

    assertThat(errorAt("{\"orderByTime\": \"ASC\"}", QueryRequest.newBuilder(), "order_by_time").detail())
        .endsWith("proto3 JSON writes the full name, e.g. SORT_ORDER_ASC");
  }

  @Test
  void twoMembersOfTheContentOneofAreAnError() {
    assertThat(errorAt("{\"message\": {}, \"toolCall\": {\"name\": \"x\"}}", Event.newBuilder(), "tool_call").detail())
        .isEqualTo("\"message\" is set already; both belong to oneof content, of which at most one may be set");
  }

  @Test
  void aNullOneofMemberDoesNotCountAsSet() throws Exception {
    Event event = ProtoJson.defaults().merge("{\"message\": null, \"toolCall\": {\"name\": \"x\"}}", Event.newBuilder())
        .build();
    assertThat(event.getToolCall().getName()).isEqualTo("x");
  }

  @Test
  void aFieldGivenTwiceIsAnErrorAlsoUnderBothNames() {
    assertThat(errorAt("{\"eventId\": \"a\", \"event_id\": \"b\"}", Event.newBuilder(), "event_id").detail())
        .startsWith("field is given more than once");
  }

  @Test
  void mergeReplacesSingularFieldsAndAppendsRepeatedOnes() throws Exception {
    Event.Builder builder = Event.newBuilder().setEventId("old").setAgentId("kept").addTags("first")
        .setMetadata(Struct.newBuilder().putFields("old", Values.bool(true)));
    ProtoJson.defaults().merge("{\"eventId\": \"new\", \"tags\": [\"second\"], \"metadata\": {\"new\": 1}}", builder);
    assertThat(builder.getEventId()).isEqualTo("new");
    assertThat(builder.getAgentId()).isEqualTo("kept");
    assertThat(builder.getTagsList()).containsExactly("first", "second");
    assertThat(builder.getMetadata().getFieldsMap()).containsOnlyKeys("new");
  }

  @Test
  void readsWellKnownTypesAtTheRoot() throws Exception {
    Timestamp.Builder timestamp = ProtoJson.defaults().merge("\"1970-01-01T00:00:01.5Z\"", Timestamp.newBuilder());
    assertThat(timestamp.build()).isEqualTo(Values.ts(1, 500_000_000));
    Struct.Builder struct = ProtoJson.defaults().merge("{\"a\": [true, null]}", Struct.newBuilder());
    assertThat(struct.build()).isEqualTo(Struct.newBuilder()
        .putFields("a", Values.list(Values.bool(true), Values.nul())).build());
  }
}
