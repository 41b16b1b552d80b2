package ai.chaukas.spec.toolkit.integrity;

import static ai.chaukas.spec.testing.internal.Values.list;
import static ai.chaukas.spec.testing.internal.Values.num;
import static ai.chaukas.spec.testing.internal.Values.obj;
import static ai.chaukas.spec.testing.internal.Values.str;
import static ai.chaukas.spec.testing.internal.Values.ts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.common.v1.CostDetails;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.LLMInvocation;
import ai.chaukas.spec.common.v1.MessageContent;
import ai.chaukas.spec.common.v1.Severity;
import ai.chaukas.spec.common.v1.ToolCall;
import ai.chaukas.spec.testing.internal.SampleEvents;
import ai.chaukas.spec.testing.internal.Values;
import ai.chaukas.spec.toolkit.Reason;
import ai.chaukas.spec.toolkit.internal.ProtocNames;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.Value;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {

  private static final ChainKey KEY = new ChainKey("tenant-a", "project-x", "session-1");

  private static String canonical(Event e) {
    return CanonicalJson.toString(e);
  }

  /** The direct writer and "JsonFormat, then RFC 8785" give the same text for thousands of events. */
  @Test
  void sameAsJsonFormatThenJcs() {
    for (int i = 0; i < 1000; i++) {
      Event e = TestEvents.varied(i, KEY);
      assertThat(canonical(e)).as("event %d", i).isEqualTo(JcsReference.of(e));
    }
    Event llm = SampleEvents.llmInvocation();
    assertThat(canonical(llm)).isEqualTo(JcsReference.of(llm));
  }

  @Test
  void timestampsAsJsonFormatPrintsThem() {
    Random r = new Random(42);
    for (int i = 0; i < 4000; i++) {
      long seconds = -62_135_596_800L + (long) (r.nextDouble() * (253_402_300_799L + 62_135_596_800L));
      int nanos =
          new int[] {0, r.nextInt(1000) * 1_000_000, r.nextInt(1_000_000) * 1000, r.nextInt(1_000_000_000)}[i % 4];
      Event e = Event.newBuilder().setTimestamp(ts(seconds, nanos)).build();
      assertThat(canonical(e)).isEqualTo(JcsReference.of(e));
    }
  }

  @ParameterizedTest(name = "{0}s {1}ns -> {2}")
  @CsvSource({
    "1764095692, 0, 2025-11-25T18:34:52Z",
    "1764095692, 100000000, 2025-11-25T18:34:52.100Z",
    "1764095692, 199304000, 2025-11-25T18:34:52.199304Z",
    "1764095692, 199304001, 2025-11-25T18:34:52.199304001Z",
    "1764095692, 1000, 2025-11-25T18:34:52.000001Z",
    "1764095692, 1, 2025-11-25T18:34:52.000000001Z",
    "0, 0, 1970-01-01T00:00:00Z",
    "-1, 500000000, 1969-12-31T23:59:59.500Z",
    "1709164800, 0, 2024-02-29T00:00:00Z",
    "-62135596800, 0, 0001-01-01T00:00:00Z",
    "253402300799, 999999999, 9999-12-31T23:59:59.999999999Z"
  })
  void timestampForms(long seconds, int nanos, String text) {
    assertThat(canonical(Event.newBuilder().setTimestamp(ts(seconds, nanos)).build()))
        .isEqualTo("{\"timestamp\":\"" + text + "\"}");
  }

  @Test
  void defaultsAreLeftOutButSetEmptyMessagesAreNot() {
    Event defaults =
        Event.newBuilder()
            .setEventId("")
            .setSeverity(Severity.SEVERITY_UNSPECIFIED)
            .setIsPartial(false)
            .setCost(CostDetails.newBuilder().setTotalCost(0.0).setInputTokens(0))
            .build();
    assertThat(canonical(defaults)).isEqualTo("{\"cost\":{}}");
    assertThat(canonical(Event.getDefaultInstance())).isEqualTo("{}");
    assertThat(canonical(Event.newBuilder().setToolCall(ToolCall.getDefaultInstance()).build()))
        .isEqualTo("{\"tool_call\":{}}");
    assertThat(canonical(Event.newBuilder().setStateUpdate(Struct.getDefaultInstance()).build()))
        .isEqualTo("{\"state_update\":{}}");
    assertThat(canonical(Event.newBuilder().setMetadata(Struct.newBuilder().putFields("e", list())).build()))
        .isEqualTo("{\"metadata\":{\"e\":[]}}");
  }

  @Test
  void negativeZeroFieldIsPresentAndPrintsAsZero() {
    Event e = Event.newBuilder().setLlmInvocation(LLMInvocation.newBuilder().setTemperature(-0.0)).build();
    assertThat(canonical(e)).isEqualTo("{\"llm_invocation\":{\"temperature\":0}}");
    assertThat(canonical(e)).isEqualTo(JcsReference.of(e));
  }

  @Test
  void fieldsSortedByNameStructKeysByUtf16() {
    Struct s =
        Struct.newBuilder()
            .putFields("z", num(1))
            .putFields("a", num(2))
            .putFields("\uFB00", num(3)) // U+FB00: after U+1F600 by code point, before it in UTF-16
            .putFields("\uD83D\uDE00", num(4)) // U+1F600
            .putFields("\u00e9", num(5))
            .putFields("A", num(6))
            .putFields("", num(7))
            .build();
    Event e = Event.newBuilder().setTenantId("t").setEventId("e").setMetadata(s).setAgentId("a").build();
    assertThat(canonical(e))
        .isEqualTo("{\"agent_id\":\"a\",\"event_id\":\"e\",\"metadata\":{\"\":7,\"A\":6,\"a\":2,\"z\":1,"
            + "\"\u00e9\":5,\"\uD83D\uDE00\":4,\"\uFB00\":3},\"tenant_id\":\"t\"}");
  }

  @Test
  void stringEscapes() {
    String text = "q\" b\\ s/ \b\f\n\r\t \u0000\u0001\u001f \u007f \u2028 é 日 😀 <&>";
    Event e = Event.newBuilder().setMessage(MessageContent.newBuilder().setText(text)).build();
    assertThat(CanonicalJson.toBytes(e))
        .isEqualTo(
            ("{\"message\":{\"text\":\"q\\\" b\\\\ s/ \\b\\f\\n\\r\\t \\u0000\\u0001\\u001f \u007f \u2028 é 日 😀 <&>\"}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void structValuesOfEveryKind() {
    Struct s =
        Struct.newBuilder()
            .putFields("n", Values.nul())
            .putFields("b", Values.bool(true))
            .putFields("f", Values.bool(false))
            .putFields("s", str(""))
            .putFields("z", num(0))
            .putFields("l", list(num(1), str("x"), list(), obj(Struct.getDefaultInstance())))
            .putFields("o", obj(Struct.newBuilder().putFields("k", num(-1.5)).build()))
            .build();
    assertThat(CanonicalJson.toString(s))
        .isEqualTo("{\"b\":true,\"f\":false,\"l\":[1,\"x\",[],{}],\"n\":null,\"o\":{\"k\":-1.5},\"s\":\"\",\"z\":0}");
  }

  @Test
  void wellKnownTypesAtTheRootUseTheirJsonForm() {
    assertThat(CanonicalJson.toString(ts(0, 5_000_000))).isEqualTo("\"1970-01-01T00:00:00.005Z\"");
    assertThat(CanonicalJson.toString(num(1e21))).isEqualTo("1e+21");
    assertThatThrownBy(() -> CanonicalJson.toString(Duration.newBuilder().setSeconds(1).build()))
        .isInstanceOf(CanonicalFormException.class)
        .extracting(x -> ((CanonicalFormException) x).reason())
        .isEqualTo(Reason.UNSUPPORTED_TYPE);
  }

  @Test
  void anyIsRefusedOutsideTheHashInput() {
    Event e =
        Event.newBuilder()
            .setEventId("e")
            .addExtensions(Any.newBuilder().setTypeUrl("type.example.com/x").setValue(ByteString.copyFromUtf8("v")))
            .build();
    assertRefused(() -> CanonicalJson.toString(e), Reason.UNSUPPORTED_TYPE, "extensions[0]");
    assertThat(ContentHash.canonicalText(e)).isEqualTo("{\"event_id\":\"e\"}");
  }

  // --- refusals ---

  @Test
  void refusesNaNAndInfinityWithThePath() {
    Event nanInStruct =
        Event.newBuilder()
            .setLlmInvocation(
                LLMInvocation.newBuilder()
                    .setRequest(
                        Struct.newBuilder()
                            .putFields("messages", list(obj(Struct.getDefaultInstance()),
                                obj(Struct.newBuilder().putFields("score", num(Double.NaN)).build())))))
            .build();
    assertRefused(() -> canonical(nanInStruct), Reason.NOT_FINITE, "llm_invocation.request.messages[1].score");
    Event inf = Event.newBuilder().setCost(CostDetails.newBuilder().setTotalCost(Double.POSITIVE_INFINITY)).build();
    assertRefused(() -> canonical(inf), Reason.NOT_FINITE, "cost.total_cost");
    Event negInf =
        Event.newBuilder().setMetadata(Struct.newBuilder().putFields("odd key", num(Double.NEGATIVE_INFINITY))).build();
    assertRefused(() -> canonical(negInf), Reason.NOT_FINITE, "metadata[\"odd key\"]");
  }

  @Test
  void refusesUnknownFieldsAtAnyLevel() throws Exception {
    UnknownFieldSet extra =
        UnknownFieldSet.newBuilder()
            .addField(500, UnknownFieldSet.Field.newBuilder().addVarint(1).build())
            .build();
    Event top = Event.newBuilder().setEventId("e").setUnknownFields(extra).build();
    Event parsed = Event.parseFrom(top.toByteArray());
    assertRefused(() -> canonical(parsed), Reason.UNKNOWN_FIELD, "");
    Event nested =
        Event.newBuilder()
            .setLlmInvocation(LLMInvocation.newBuilder().setModel("m").setUnknownFields(extra))
            .build();
    Event nestedParsed = Event.parseFrom(nested.toByteArray());
    assertRefused(() -> canonical(nestedParsed), Reason.UNKNOWN_FIELD, "llm_invocation");
    Event inStruct =
        Event.newBuilder()
            .setMetadata(Struct.newBuilder().putFields("k", Vectors.withUnknownFields(Value.newBuilder().setNumberValue(1), extra)))
            .build();
    Event inStructParsed = Event.parseFrom(inStruct.toByteArray());
    assertRefused(() -> canonical(inStructParsed), Reason.UNKNOWN_FIELD, "metadata.k");
  }

  @Test
  void refusesUnknownEnumNumbers() {
    assertRefused(() -> canonical(Event.newBuilder().setTypeValue(999).build()), Reason.UNKNOWN_ENUM_VALUE, "type");
    assertRefused(
        () -> canonical(Event.newBuilder().setMetadata(Struct.newBuilder().putFields("k",
            Value.newBuilder().setNullValueValue(3).build())).build()),
        Reason.UNKNOWN_ENUM_VALUE, "metadata.k");
  }

  @Test
  void refusesLoneSurrogates() {
    assertRefused(
        () -> canonical(Event.newBuilder().addTags("ok").addTags("bad \uD800 x").build()),
        Reason.INVALID_STRING, "tags[1]");
    assertRefused(
        () -> canonical(Event.newBuilder().setMetadata(Struct.newBuilder().putFields("\uDC00", num(1))).build()),
        Reason.INVALID_STRING, "metadata[\"\\udc00\"]");
    assertRefused(
        () -> canonical(Event.newBuilder().setAgentName("end \uD83D").build()), Reason.INVALID_STRING, "agent_name");
  }

  @Test
  void refusesTimestampsOutOfRange() {
    assertRefused(
        () -> canonical(Event.newBuilder().setTimestamp(ts(253_402_300_800L, 0)).build()),
        Reason.INVALID_TIMESTAMP, "timestamp");
    assertRefused(
        () -> canonical(Event.newBuilder().setTimestamp(Timestamp.newBuilder().setSeconds(1).setNanos(-1)).build()),
        Reason.INVALID_TIMESTAMP, "timestamp");
    assertRefused(
        () -> canonical(Event.newBuilder().setLlmInvocation(LLMInvocation.newBuilder()
            .setEndTime(ts(-62_135_596_801L, 0))).build()),
        Reason.INVALID_TIMESTAMP, "llm_invocation.end_time");
  }

  @Test
  void refusesValueWithoutKind() {
    Event e = Event.newBuilder().setMetadata(Struct.newBuilder().putFields("k", Value.getDefaultInstance())).build();
    assertRefused(() -> canonical(e), Reason.VALUE_WITHOUT_KIND, "metadata.k");
  }

  private static void assertRefused(Runnable r, Reason reason, String path) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(
            CanonicalFormException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.path()).hasToString(path);
            });
  }

  // --- types Event does not use (yet): the rules hold for any proto3 message ---

  private static Descriptor allTypes() throws Exception {
    DescriptorProto.Builder m = DescriptorProto.newBuilder().setName("AllTypes");
    Object[][] scalars = {
      {"i32", Type.TYPE_INT32}, {"i64", Type.TYPE_INT64}, {"u32", Type.TYPE_UINT32}, {"u64", Type.TYPE_UINT64},
      {"s32", Type.TYPE_SINT32}, {"s64", Type.TYPE_SINT64}, {"f32", Type.TYPE_FIXED32}, {"f64", Type.TYPE_FIXED64},
      {"sf32", Type.TYPE_SFIXED32}, {"sf64", Type.TYPE_SFIXED64}, {"fl", Type.TYPE_FLOAT}, {"db", Type.TYPE_DOUBLE},
      {"bo", Type.TYPE_BOOL}, {"st", Type.TYPE_STRING}, {"by", Type.TYPE_BYTES}
    };
    int n = 1;
    for (Object[] s : scalars) {
      m.addField(FieldDescriptorProto.newBuilder().setName((String) s[0]).setNumber(n++).setType((Type) s[1]).setLabel(Label.LABEL_OPTIONAL));
    }
    m.addField(FieldDescriptorProto.newBuilder().setName("rep64").setNumber(n++).setType(Type.TYPE_INT64).setLabel(Label.LABEL_REPEATED));
    m.addField(FieldDescriptorProto.newBuilder().setName("en").setNumber(n++).setType(Type.TYPE_ENUM).setTypeName(".t.Color").setLabel(Label.LABEL_OPTIONAL));
    m.addNestedType(DescriptorProto.newBuilder().setName("M64Entry").setOptions(MessageOptions.newBuilder().setMapEntry(true))
        .addField(FieldDescriptorProto.newBuilder().setName("key").setNumber(1).setType(Type.TYPE_STRING).setLabel(Label.LABEL_OPTIONAL))
        .addField(FieldDescriptorProto.newBuilder().setName("value").setNumber(2).setType(Type.TYPE_INT64).setLabel(Label.LABEL_OPTIONAL)));
    m.addField(FieldDescriptorProto.newBuilder().setName("m64").setNumber(n++).setType(Type.TYPE_MESSAGE).setTypeName(".t.AllTypes.M64Entry").setLabel(Label.LABEL_REPEATED));
    m.addNestedType(DescriptorProto.newBuilder().setName("MiEntry").setOptions(MessageOptions.newBuilder().setMapEntry(true))
        .addField(FieldDescriptorProto.newBuilder().setName("key").setNumber(1).setType(Type.TYPE_INT32).setLabel(Label.LABEL_OPTIONAL))
        .addField(FieldDescriptorProto.newBuilder().setName("value").setNumber(2).setType(Type.TYPE_STRING).setLabel(Label.LABEL_OPTIONAL)));
    m.addField(FieldDescriptorProto.newBuilder().setName("mi").setNumber(n++).setType(Type.TYPE_MESSAGE).setTypeName(".t.AllTypes.MiEntry").setLabel(Label.LABEL_REPEATED));
    FileDescriptorProto file =
        FileDescriptorProto.newBuilder()
            .setName("t.proto").setPackage("t").setSyntax("proto3")
            .addEnumType(EnumDescriptorProto.newBuilder().setName("Color")
                .addValue(EnumValueDescriptorProto.newBuilder().setName("COLOR_UNSPECIFIED").setNumber(0))
                .addValue(EnumValueDescriptorProto.newBuilder().setName("COLOR_RED").setNumber(1)))
            .addMessageType(m)
            .build();
    return FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName("AllTypes");
  }

  @Test
  void everyScalarTypeMapsAndDynamicMessagesMatchJsonFormat() throws Exception {
    Descriptor d = allTypes();
    Random r = new Random(99);
    float[] floats = {0.1f, 1.5f, -2.25f, 3.4028235E38f, 1e-10f, 16777216f, 0.3f};
    for (int i = 0; i < 500; i++) {
      DynamicMessage.Builder b = DynamicMessage.newBuilder(d);
      b.setField(d.findFieldByName("i32"), r.nextInt());
      b.setField(d.findFieldByName("i64"), r.nextLong());
      b.setField(d.findFieldByName("u32"), r.nextInt());
      b.setField(d.findFieldByName("u64"), r.nextLong());
      b.setField(d.findFieldByName("s32"), r.nextInt());
      b.setField(d.findFieldByName("s64"), r.nextLong());
      b.setField(d.findFieldByName("f32"), r.nextInt());
      b.setField(d.findFieldByName("f64"), r.nextLong());
      b.setField(d.findFieldByName("sf32"), r.nextInt());
      b.setField(d.findFieldByName("sf64"), r.nextLong());
      b.setField(d.findFieldByName("fl"), floats[i % floats.length]);
      b.setField(d.findFieldByName("db"), r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
      b.setField(d.findFieldByName("bo"), r.nextBoolean());
      b.setField(d.findFieldByName("st"), "s" + r.nextInt());
      byte[] bytes = new byte[r.nextInt(8)];
      r.nextBytes(bytes);
      b.setField(d.findFieldByName("by"), ByteString.copyFrom(bytes));
      b.addRepeatedField(d.findFieldByName("rep64"), Long.MIN_VALUE);
      b.addRepeatedField(d.findFieldByName("rep64"), -1L);
      b.setField(d.findFieldByName("en"), d.getFile().findEnumTypeByName("Color").findValueByNumber(i % 2));
      Descriptor e64 = d.findNestedTypeByName("M64Entry");
      Descriptor ei = d.findNestedTypeByName("MiEntry");
      for (String k : new String[] {"b", "a", "\uD83D\uDE00", "\uFB00"}) {
        b.addRepeatedField(d.findFieldByName("m64"), DynamicMessage.newBuilder(e64)
            .setField(e64.findFieldByName("key"), k).setField(e64.findFieldByName("value"), r.nextLong()).build());
      }
      for (int k : new int[] {10, 9, -1, 100}) {
        b.addRepeatedField(d.findFieldByName("mi"), DynamicMessage.newBuilder(ei)
            .setField(ei.findFieldByName("key"), k).setField(ei.findFieldByName("value"), "v" + k).build());
      }
      DynamicMessage msg = b.build();
      assertThat(CanonicalJson.toString(msg)).as("message %d", i).isEqualTo(JcsReference.of(msg));
    }
  }

  @Test
  void floatsUseTheirShortestDigits() {
    assertThat(CanonicalJson.shortestFloat(0.1f)).isEqualTo(0.1);
    assertThat(CanonicalJson.shortestFloat(Float.MIN_VALUE)).isEqualTo(1e-45); // Float.toString says 1.4E-45
    assertThat(CanonicalJson.shortestFloat(16777216f)).isEqualTo(16777216.0);
  }

  /** Every field of every message in events.proto is read through its generated accessors. */
  @Test
  void generatedAccessorsAreBound() throws Exception {
    for (Descriptor d : Event.getDescriptor().getFile().getMessageTypes()) {
      Class<?> c = Class.forName("ai.chaukas.spec.common.v1." + d.getName());
      CanonicalJson.Table t = new CanonicalJson.Table(d, c, java.util.Set.of());
      for (CanonicalJson.Field f : t.fields) {
        String what = d.getName() + "." + f.fd.getName();
        if (f.shape == CanonicalJson.Shape.REPEATED) {
          assertThat(f.count).as(what).isNotNull();
          assertThat(f.at).as(what).isNotNull();
        } else {
          assertThat(f.get).as(what).isNotNull();
          if (f.shape == CanonicalJson.Shape.PRESENCE) {
            assertThat(f.has).as(what).isNotNull();
          }
        }
      }
    }
    assertThat(ProtocNames.javaName("llm_invocation")).isEqualTo("LlmInvocation");
    assertThat(ProtocNames.javaName("field_1a_b")).isEqualTo("Field1AB");
  }

  /** Generated accessors and protobuf reflection (a DynamicMessage of the same bytes) agree. */
  @Test
  void dynamicMessagesGiveTheSameText() throws Exception {
    for (int i = 0; i < 300; i++) {
      Event e = TestEvents.varied(i, KEY);
      DynamicMessage d = DynamicMessage.parseFrom(Event.getDescriptor(), e.toByteArray());
      assertThat(CanonicalJson.toString(d)).isEqualTo(canonical(e));
    }
    Event unknownEnum = Event.newBuilder().setTypeValue(77).build();
    DynamicMessage d = DynamicMessage.parseFrom(Event.getDescriptor(), unknownEnum.toByteArray());
    assertRefused(() -> CanonicalJson.toString(d), Reason.UNKNOWN_ENUM_VALUE, "type");
  }

  @Test
  void typeIsPrintedByName() {
    assertThat(canonical(Event.newBuilder().setType(EventType.EVENT_TYPE_SESSION_START).build()))
        .isEqualTo("{\"type\":\"EVENT_TYPE_SESSION_START\"}");
  }
}
