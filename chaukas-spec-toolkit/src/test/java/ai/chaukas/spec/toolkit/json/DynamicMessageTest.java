package ai.chaukas.spec.toolkit.json;

import static ai.chaukas.spec.toolkit.json.ProtoJsonTest.decodeError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.testing.internal.AwkwardEvents;
import ai.chaukas.spec.testing.internal.Values;
import ai.chaukas.spec.toolkit.Reason;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Int64Value;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The codecs work for any message by its descriptor, including types built at run time. */
class DynamicMessageTest {

  private static FieldDescriptor field(Descriptor type, String name) {
    return type.findFieldByName(name);
  }

  private static EnumValueDescriptor color(String name) {
    return field(DynamicTypes.STATS, "color").getEnumType().findValueByName(name);
  }

  private static Message mapEntry(String mapField, Object key, Object value) {
    Descriptor entry = field(DynamicTypes.STATS, mapField).getMessageType();
    return DynamicMessage.newBuilder(entry)
        .setField(entry.findFieldByName("key"), key)
        .setField(entry.findFieldByName("value"), value)
        .build();
  }

  /** A Stats message with every field set, unsigned values beyond the signed range included. */
  static DynamicMessage stats() {
    Descriptor type = DynamicTypes.STATS;
    DynamicMessage child = DynamicMessage.newBuilder(type).setField(field(type, "total_events"), 1L).build();
    return DynamicMessage.newBuilder(type)
        .setField(field(type, "total_events"), 12_345_678_901_234L)
        .addRepeatedField(field(type, "events_by_type"), mapEntry("events_by_type", "SESSION_START", 3L))
        .addRepeatedField(field(type, "events_by_type"), mapEntry("events_by_type", "ERROR", -9_007_199_254_740_993L))
        .setField(field(type, "avg_session_duration_ms"), 812.25)
        .setField(field(type, "big"), -1L)
        .setField(field(type, "medium"), -2)
        .setField(field(type, "ratio"), 0.1f)
        .setField(field(type, "blob"), ByteString.copyFrom(new byte[] {0, 1, 2, (byte) 0xff}))
        .setField(field(type, "delta"), -5)
        .setField(field(type, "f64"), Long.MIN_VALUE)
        .setField(field(type, "color"), color("COLOR_RED"))
        .addRepeatedField(field(type, "colors"), color("COLOR_RED"))
        .addRepeatedField(field(type, "colors"), color("COLOR_GREEN"))
        .setField(field(type, "elapsed"), Duration.newBuilder().setSeconds(90).setNanos(500_000_000).build())
        .setField(field(type, "mask"), FieldMask.newBuilder().addPaths("a.b").addPaths("c_d").build())
        .setField(field(type, "maybe"), Int64Value.of(42))
        .addRepeatedField(field(type, "flags"), mapEntry("flags", true, "yes"))
        .addRepeatedField(field(type, "children"), mapEntry("children", 7, child))
        .setField(field(type, "explicit"), 0)
        .addRepeatedField(field(type, "times"), Values.ts(-62_135_596_800L, 0))
        .addRepeatedField(field(type, "times"), Values.ts(253_402_300_799L, 999_999_999))
        .build();
  }

  @Test
  void proto3AgreesWithJsonFormat() throws Exception {
    DynamicMessage stats = stats();
    for (JsonFormat.Printer printer : new JsonFormat.Printer[] {
        JsonFormat.printer(), JsonFormat.printer().preservingProtoFieldNames()}) {
      String json = printer.print(stats);
      DynamicMessage ours = ProtoJson.defaults().merge(json, DynamicMessage.newBuilder(DynamicTypes.STATS)).build();
      DynamicMessage.Builder theirs = DynamicMessage.newBuilder(DynamicTypes.STATS);
      JsonFormat.parser().merge(json, theirs);
      assertThat(ours).isEqualTo(stats).isEqualTo(theirs.build());
    }
  }

  @Test
  void openApiWritesInt64AsNumbersAndEnumsWithoutPrefix() throws Exception {
    String json = OpenApiJson.defaults().print(stats());
    assertThat(json).isEqualTo("{\"total_events\":12345678901234,"
        + "\"events_by_type\":{\"SESSION_START\":3,\"ERROR\":-9007199254740993},"
        + "\"avg_session_duration_ms\":812.25,\"big\":18446744073709551615,\"medium\":4294967294,\"ratio\":0.1,"
        + "\"blob\":\"AAEC/w==\",\"delta\":-5,\"f64\":9223372036854775808,\"color\":\"RED\","
        + "\"colors\":[\"RED\",\"GREEN\"],\"elapsed\":\"90.500s\",\"mask\":\"a.b,cD\",\"maybe\":42,"
        + "\"flags\":{\"true\":\"yes\"},\"children\":{\"7\":{\"total_events\":1}},\"explicit\":0,"
        + "\"times\":[\"0001-01-01T00:00:00Z\",\"9999-12-31T23:59:59.999999999Z\"]}");
    assertThat(OpenApiJson.defaults().merge(json, DynamicMessage.newBuilder(DynamicTypes.STATS)).build())
        .isEqualTo(stats());
  }

  @Test
  void openApiCannotWriteUnspecifiedOrUnknownValuesInARepeatedEnum() {
    FieldDescriptor colors = field(DynamicTypes.STATS, "colors");
    DynamicMessage unspecified = stats().toBuilder().addRepeatedField(colors, color("COLOR_UNSPECIFIED")).build();
    assertThatThrownBy(() -> OpenApiJson.defaults().print(unspecified))
        .isInstanceOfSatisfying(JsonPrintException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_VALUE))
        .hasMessage("colors[2]: COLOR_UNSPECIFIED cannot be written in the OpenAPI form, which has no UNSPECIFIED value");
    DynamicMessage unknown = stats().toBuilder()
        .addRepeatedField(colors, colors.getEnumType().findValueByNumberCreatingIfUnknown(7)).build();
    assertThatThrownBy(() -> OpenApiJson.defaults().print(unknown))
        .isInstanceOfSatisfying(JsonPrintException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_ENUM_VALUE))
        .hasMessage("colors[2]: 7 is not a value of acme.v1.Color; the OpenAPI form has names only");
  }

  @Test
  void openApiRejectsInt64InStringsWithAHint() {
    JsonDecodeException e = catchThrowableOfType(JsonDecodeException.class, () -> OpenApiJson.defaults()
        .merge("{\"children\": {\"7\": {\"total_events\": \"5\"}}}", DynamicMessage.newBuilder(DynamicTypes.STATS)));
    assertThat(e.path()).hasToString("children[\"7\"].total_events");
    assertThat(e.detail()).isEqualTo(
        "expected an integer (int64) but found a string (the OpenAPI form writes numbers, int64 included, as JSON numbers)");
  }

  @Test
  void outOfRangeAndFractionalIntegersAreErrors() {
    ProtoJson codec = ProtoJson.defaults();
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(DynamicTypes.STATS);
    String[][] jsonAndError = {
        {"{\"big\": \"18446744073709551616\"}", "big: 18446744073709551616 is out of range for uint64"},
        {"{\"medium\": -1}", "medium: -1 is out of range for uint32"},
        {"{\"totalEvents\": 1.5}", "total_events: expected an integer (int64) but found \"1.5\""},
        {"{\"totalEvents\": 1e999999999}", "total_events: 1e999999999 is out of range for int64"},
        {"{\"children\": {\"seven\": {}}}", "children.seven: expected an integer (int32) but found \"seven\""},
        {"{\"eventsByType\": {\"A\": null}}", "events_by_type.A: null is not allowed as a map value"},
    };
    for (String[] c : jsonAndError) {
      assertThat(decodeError(c[0], builder, codec).getMessage()).as(c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void wrapperMessagesByDescriptorCarryTheEventInBothForms() throws Exception {
    Descriptor request = DynamicTypes.INGEST_EVENT_REQUEST;
    FieldDescriptor eventField = request.findFieldByName("event");
    OpenApiJson openApi = OpenApiJson.builder().typeRegistry(AwkwardEvents.REGISTRY).build();
    ProtoJson proto3 = ProtoJson.builder().typeRegistry(AwkwardEvents.REGISTRY).build();
    for (Event event : AwkwardEvents.everyContentCase()) {
      DynamicMessage wrapper = DynamicMessage.newBuilder(request).setField(eventField, event).build();
      String openApiJson = openApi.print(wrapper);
      assertThat(openApiJson).startsWith("{\"event\":{\"event_id\":");
      DynamicMessage fromOpenApi = openApi.merge(openApiJson, DynamicMessage.newBuilder(request)).build();
      assertThat(Event.parseFrom(((Message) fromOpenApi.getField(eventField)).toByteString())).isEqualTo(event);
      DynamicMessage fromProto3 = proto3.merge(proto3.print(wrapper), DynamicMessage.newBuilder(request)).build();
      assertThat(Event.parseFrom(((Message) fromProto3.getField(eventField)).toByteString())).isEqualTo(event);
    }
  }

  @Test
  void readsThePythonRequestWrapperWhole() throws Exception {
    Descriptor request = DynamicTypes.INGEST_EVENT_REQUEST;
    String json = new String(ProtoJsonTest.vector("01-events.decoded.json"), StandardCharsets.UTF_8);
    DynamicMessage parsed = ProtoJson.defaults().merge(json, DynamicMessage.newBuilder(request)).build();
    DynamicMessage binary = DynamicMessage.parseFrom(request, ProtoJsonTest.vector("01-events.bin"));
    FieldDescriptor eventField = request.findFieldByName("event");
    assertThat(Event.parseFrom(((Message) parsed.getField(eventField)).toByteString()))
        .isEqualTo(Event.parseFrom(((Message) binary.getField(eventField)).toByteString()));
  }
}
