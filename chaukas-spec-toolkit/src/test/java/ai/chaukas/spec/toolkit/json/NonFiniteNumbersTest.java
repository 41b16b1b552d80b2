package ai.chaukas.spec.toolkit.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.LLMInvocation;
import ai.chaukas.spec.common.v1.ToolCall;
import ai.chaukas.spec.testing.internal.AwkwardEvents;
import ai.chaukas.spec.testing.internal.Values;
import com.google.protobuf.Any;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A google.protobuf.Value number must be finite: JSON cannot hold anything else there, so the
 * decoders refuse one and the printers name its path.
 */
class NonFiniteNumbersTest {

  private static final String FINITE = "google.protobuf.Value numbers must be finite";

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`{\"metadata\":{\"x\":1e400}}`                   | metadata.x        | 1e400",
      "`{\"metadata\":{\"x\":[0,-1E+400]}}`             | metadata.x[1]     | -1E+400",
      "`{\"toolCall\":{\"arguments\":{\"a\":{\"b\":2e308}}}}` | tool_call.arguments.a.b | 2e308",
  })
  void valueNumbersBeyondTheRangeOfADoubleAreRefused(String json, String path, String number) {
    JsonDecodeException e = ProtoJsonTest.decodeError(json, Event.newBuilder(), ProtoJson.defaults());
    assertThat(e.path()).hasToString(path);
    assertThat(e.detail()).isEqualTo("number " + number + " is out of range of a double; " + FINITE);
  }

  @Test
  void theOpenApiFormAndJsonLinesRefuseThemToo() throws Exception {
    JsonDecodeException e = catchThrowableOfType(JsonDecodeException.class, () -> OpenApiJson.defaults()
        .merge("{\"content\":{\"kind\":\"state_update\",\"state\":{\"x\":1e999}}}", Event.newBuilder()));
    assertThat(e.getMessage()).isEqualTo("content.state.x: number 1e999 is out of range of a double; " + FINITE);
    try (JsonLinesReader reader = JsonLinesReader.builder()
        .build(new StringReader("{\"metadata\":{\"x\":1e400}}\n{\"metadata\":{\"x\":1e-400}}\n"))) {
      assertThat(reader.next()).get().extracting(entry -> entry.error().getMessage())
          .isEqualTo("line 1: metadata.x: number 1e400 is out of range of a double; " + FINITE);
      // Underflow is no problem: the number is 0.
      assertThat(reader.next().orElseThrow().event().getMetadata().getFieldsOrThrow("x").getNumberValue()).isZero();
    }
  }

  private static Event withMetadata(double number) {
    Struct inner = Struct.newBuilder().putFields("ratio", Values.list(Values.num(1), Values.num(number)))
        .build();
    return Event.newBuilder().setEventId("e").setToolCall(ToolCall.newBuilder().setArguments(inner)).build();
  }

  @Test
  void everyPrinterNamesThePathOfANonFiniteValueNumber() throws Exception {
    Event event = withMetadata(Double.POSITIVE_INFINITY);
    String message = "tool_call.arguments.ratio[1]: number Infinity cannot be written as JSON: " + FINITE;

    JsonPrintException proto3 = catchThrowableOfType(JsonPrintException.class, () -> ProtoJson.defaults().print(event));
    assertThat(proto3.getMessage()).isEqualTo(message);
    assertThat(proto3.path()).hasToString("tool_call.arguments.ratio[1]");
    assertThat(proto3.detail()).isEqualTo("number Infinity cannot be written as JSON: " + FINITE);

    StringWriter out = new StringWriter();
    try (JsonLinesWriter writer = new JsonLinesWriter(out)) {
      assertThat(catchThrowableOfType(JsonPrintException.class, () -> writer.write(event))).hasMessage(message);
      writer.write(Event.newBuilder().setEventId("next"));
    }
    assertThat(out).hasToString("{\"event_id\":\"next\"}\n");

    JsonPrintException openApi = catchThrowableOfType(JsonPrintException.class, () -> OpenApiJson.defaults().print(event));
    assertThat(openApi.getMessage()).isEqualTo("content.arguments.ratio[1]: number Infinity cannot be written as JSON: "
        + FINITE);

    EventBatch batch = EventBatch.newBuilder().addEvents(Event.getDefaultInstance()).addEvents(withMetadata(Double.NaN))
        .build();
    assertThat(catchThrowableOfType(JsonPrintException.class, () -> ProtoJson.defaults().print(batch)))
        .hasMessage("events[1].tool_call.arguments.ratio[1]: number NaN cannot be written as JSON: " + FINITE);
  }

  @Test
  void valuesInsideAnyAndDynamicMessagesAreFoundToo() throws Exception {
    Event packed = Event.newBuilder()
        .addExtensions(Any.pack(ToolCall.newBuilder().setName("t").build()))
        .addExtensions(Any.pack(withMetadata(Double.NEGATIVE_INFINITY).getToolCall()))
        .build();
    ProtoJson proto3 = ProtoJson.builder().typeRegistry(AwkwardEvents.REGISTRY).build();
    assertThat(catchThrowableOfType(JsonPrintException.class, () -> proto3.print(packed)).path())
        .hasToString("extensions[1].arguments.ratio[1]");
    OpenApiJson openApi = OpenApiJson.builder().typeRegistry(AwkwardEvents.REGISTRY).build();
    assertThat(catchThrowableOfType(JsonPrintException.class, () -> openApi.print(packed)).path())
        .hasToString("extensions[1].arguments.ratio[1]");

    Event wellKnown = Event.newBuilder().addExtensions(Any.pack(Value.newBuilder().setNumberValue(Double.NaN).build()))
        .build();
    assertThat(catchThrowableOfType(JsonPrintException.class, () -> proto3.print(wellKnown)).path())
        .hasToString("extensions[0].value");

    DynamicMessage dynamic = DynamicMessage.parseFrom(Event.getDescriptor(), withMetadata(Double.NaN).toByteString());
    assertThat(catchThrowableOfType(JsonPrintException.class, () -> ProtoJson.defaults().print(dynamic)).path())
        .hasToString("tool_call.arguments.ratio[1]");
  }

  @Test
  void doubleFieldsKeepTheirProto3Strings() throws Exception {
    Event event = Event.newBuilder()
        .setLlmInvocation(LLMInvocation.newBuilder().setTemperature(Double.POSITIVE_INFINITY).setTopP(Double.NaN))
        .build();
    String json = ProtoJson.defaults().print(event);
    assertThat(json).isEqualTo("{\"llmInvocation\":{\"temperature\":\"Infinity\",\"topP\":\"NaN\"}}");
    assertThat(ProtoJson.defaults().merge(json, Event.newBuilder()).build()).isEqualTo(event);
    assertThat(catchThrowableOfType(JsonPrintException.class, () -> OpenApiJson.defaults().print(event)).path())
        .hasToString("content.temperature");
  }
}
