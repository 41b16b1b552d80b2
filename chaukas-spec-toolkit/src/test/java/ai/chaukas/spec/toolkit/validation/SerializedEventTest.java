package ai.chaukas.spec.toolkit.validation;

import static ai.chaukas.spec.testing.internal.Values.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.RedactionInfo;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link EventValidator#validateSerialized} gives the verdict {@link EventValidator#validate(Event)}
 * gives, and takes its fast path (no parsing) for valid events: checked on every event type, on
 * random events near every limit, on bytes mangled at random, and on the Python edition's vectors.
 */
class SerializedEventTest {

  /** Limits small enough that random values cross each of them. */
  private static final ValidationOptions SMALL =
      ValidationOptions.builder()
          .maxIdLength(40)
          .maxStringLength(10)
          .maxRepeatedCount(3)
          .maxStructDepth(3)
          .maxStructValues(7)
          .build();

  private static final List<EventValidator> VALIDATORS =
      List.of(
          EventValidator.defaults(),
          EventValidator.of(SMALL),
          EventValidator.of(SMALL.toBuilder().requireTenant(true).requireProject(true).build()));

  @Test
  void everyEventTypeTakesTheFastPathWithItsIndexFields() throws Exception {
    for (Event event : FactoryEventsAreValidTest.oneOfEachType()) {
      byte[] bytes = event.toByteArray();
      assertThat(new WireScanner(ValidationOptions.defaults(), bytes).certainlyValid(0, bytes.length))
          .as("%s", event.getType())
          .isTrue();
      SerializedEvent serialized = EventValidator.defaults().validateSerialized(bytes, 0, bytes.length);
      assertThat(serialized.isValid()).isTrue();
      assertThat(serialized.eventId()).isEqualTo(event.getEventId());
      assertThat(serialized.tenantId()).isEqualTo(event.getTenantId());
      assertThat(serialized.timestampSeconds()).isEqualTo(event.getTimestamp().getSeconds());
      assertThat(serialized.timestampNanos()).isEqualTo(event.getTimestamp().getNanos());
      assertThat(serialized.event()).isEqualTo(event);
      assertThat(serialized.bytes().toByteArray()).isEqualTo(bytes);
    }
  }

  /**
   * The fast path is on unless {@code chaukas.validation.fastPath} is {@code false}, as in one of
   * the build's runs of these tests: a valid event is then parsed, and its parsed message kept.
   */
  @Test
  void aValidEventIsParsedOnlyWhenTheFastPathIsOff() throws Exception {
    byte[] bytes = FactoryEventsAreValidTest.oneOfEachType().get(0).toByteArray();
    SerializedEvent serialized = EventValidator.defaults().validateSerialized(bytes, 0, bytes.length);
    assertThat(serialized.isValid()).isTrue();
    boolean parsed = serialized.event() == serialized.event();
    assertThat(parsed).isEqualTo("false".equals(System.getProperty("chaukas.validation.fastPath")));
  }

  @Test
  void anEventInsideALargerArrayIsReadInPlace() throws Exception {
    Event event = FactoryEventsAreValidTest.oneOfEachType().get(4);
    byte[] bytes = event.toByteArray();
    byte[] padded = new byte[bytes.length + 20];
    Arrays.fill(padded, (byte) 0xFF);
    System.arraycopy(bytes, 0, padded, 7, bytes.length);
    SerializedEvent serialized = EventValidator.defaults().validateSerialized(padded, 7, bytes.length);
    assertThat(serialized.isValid()).isTrue();
    assertThat(serialized.event()).isEqualTo(event);
    assertThatThrownBy(() -> EventValidator.defaults().validateSerialized(padded, 7, padded.length))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void anInvalidEventIsParsedAndItsViolationsNamed() throws Exception {
    Event event =
        FactoryEventsAreValidTest.oneOfEachType().get(0).toBuilder()
            .setEventId("")
            .setContentHash("ABC")
            .build();
    byte[] bytes = event.toByteArray();
    SerializedEvent serialized = EventValidator.defaults().validateSerialized(bytes, 0, bytes.length);
    assertThat(serialized.isValid()).isFalse();
    assertThat(serialized.violations()).isEqualTo(EventValidator.defaults().validate(event));
    assertThat(serialized.violations()).extracting(v -> v.path().toString()).containsExactly("event_id", "content_hash");
    assertThat(serialized.event()).isEqualTo(event);
  }

  @Test
  void bytesThatAreNoEventFailAsProtobufWould() {
    byte[] truncated = Arrays.copyOf(FactoryEventsAreValidTest.oneOfEachType().get(4).toByteArray(), 40);
    assertThatThrownBy(() -> EventValidator.defaults().validateSerialized(truncated, 0, truncated.length))
        .isInstanceOf(InvalidProtocolBufferException.class);
    byte[] badUtf8 = {0x0A, 0x02, (byte) 0xC3, 0x28}; // event_id = C3 28
    assertThatThrownBy(() -> EventValidator.defaults().validateSerialized(badUtf8, 0, badUtf8.length))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }

  /**
   * A Struct entry whose value is sent twice, or a value whose list is sent twice, a list of 2 each
   * time: protobuf merges them into one list of 4, over SMALL's limit of 3, though each part alone
   * is within it.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aValueSentTwiceGetsProtobufsMergedVerdict(boolean twiceInTheEntry) throws Exception {
    ByteString firstList = ListValue.newBuilder().addValues(num(1)).addValues(num(2)).build().toByteString();
    ByteString secondList = ListValue.newBuilder().addValues(num(3)).addValues(num(4)).build().toByteString();
    ByteArrayOutputStream entry = new ByteArrayOutputStream();
    CodedOutputStream entryOut = CodedOutputStream.newInstance(entry);
    entryOut.writeString(1, "k");
    if (twiceInTheEntry) {
      entryOut.writeBytes(2, Value.newBuilder().setListValue(ListValue.parseFrom(firstList)).build().toByteString());
      entryOut.writeBytes(2, Value.newBuilder().setListValue(ListValue.parseFrom(secondList)).build().toByteString());
    } else {
      ByteArrayOutputStream value = new ByteArrayOutputStream();
      CodedOutputStream valueOut = CodedOutputStream.newInstance(value);
      valueOut.writeBytes(Value.LIST_VALUE_FIELD_NUMBER, firstList);
      valueOut.writeBytes(Value.LIST_VALUE_FIELD_NUMBER, secondList);
      valueOut.flush();
      entryOut.writeByteArray(2, value.toByteArray());
    }
    entryOut.flush();
    ByteArrayOutputStream struct = new ByteArrayOutputStream();
    CodedOutputStream structOut = CodedOutputStream.newInstance(struct);
    structOut.writeByteArray(1, entry.toByteArray());
    structOut.flush();
    ByteArrayOutputStream event = new ByteArrayOutputStream();
    FactoryEventsAreValidTest.oneOfEachType().get(4).toBuilder().clearMetadata().build().writeTo(event);
    CodedOutputStream eventOut = CodedOutputStream.newInstance(event);
    eventOut.writeByteArray(Event.METADATA_FIELD_NUMBER, struct.toByteArray());
    eventOut.flush();
    byte[] wire = event.toByteArray();

    EventValidator small = EventValidator.of(SMALL.toBuilder().maxIdLength(256).maxStringLength(256).build());
    Event parsed = Event.parseFrom(wire);
    assertThat(parsed.getMetadata().getFieldsOrThrow("k").getListValue().getValuesCount()).isEqualTo(4);
    assertThat(new WireScanner(small.options(), wire).certainlyValid(0, wire.length)).isFalse();
    SerializedEvent serialized = small.validateSerialized(wire, 0, wire.length);
    assertThat(serialized.violations())
        .isEqualTo(small.validate(parsed))
        .extracting(Violation::rule)
        .containsExactly(Rule.REPEATED_COUNT);
  }

  @Test
  void theValueBudgetCountsEntriesAndListElements() {
    Event base = FactoryEventsAreValidTest.oneOfEachType().get(4);
    EventValidator small = EventValidator.of(SMALL);
    for (int entries = 1; entries <= 4; entries++) {
      for (int elements = 0; elements <= 3; elements++) {
        ListValue.Builder list = ListValue.newBuilder();
        for (int i = 0; i < elements; i++) {
          list.addValues(num(i));
        }
        Struct.Builder struct = Struct.newBuilder().putFields("l", Value.newBuilder().setListValue(list).build());
        for (int i = 1; i < entries; i++) {
          struct.putFields("k" + i, num(i));
        }
        Event event = base.toBuilder().setMetadata(struct).build();
        byte[] bytes = event.toByteArray();
        boolean valid = small.isValid(event);
        assertThat(valid).isEqualTo(entries + elements <= SMALL.maxStructValues());
        assertThat(new WireScanner(SMALL, bytes).certainlyValid(0, bytes.length))
            .as("%d entries, %d elements", entries, elements)
            .isEqualTo(valid);
      }
    }
  }

  @Test
  void aKnownFieldWithAnotherWireTypeIsUnknownToProtobufAndSoNotTrusted() throws Exception {
    Event valid = FactoryEventsAreValidTest.oneOfEachType().get(0);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    for (Map.Entry<FieldDescriptor, Object> field : valid.getAllFields().entrySet()) {
      if (field.getKey().getNumber() != Event.EVENT_ID_FIELD_NUMBER) {
        Event.newBuilder().setField(field.getKey(), field.getValue()).build().writeTo(out);
      }
    }
    out.writeUInt64(Event.EVENT_ID_FIELD_NUMBER, 7); // event_id as a varint: an unknown field
    out.flush();
    byte[] wire = bytes.toByteArray();
    SerializedEvent serialized = EventValidator.defaults().validateSerialized(wire, 0, wire.length);
    assertThat(serialized.violations()).extracting(v -> v.path().toString()).containsExactly("event_id");
  }

  @Test
  void unknownFieldsAreSkippedOnTheFastPath() throws Exception {
    Event valid = FactoryEventsAreValidTest.oneOfEachType().get(4);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    valid.writeTo(bytes);
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeString(500, "from a newer spec");
    out.writeFixed32(501, 1);
    out.writeFixed64(502, 2);
    out.writeUInt64(503, 3);
    out.writeString(500, "repeated unknown fields are fine");
    out.flush();
    byte[] wire = bytes.toByteArray();
    assertThat(new WireScanner(ValidationOptions.defaults(), wire).certainlyValid(0, wire.length)).isTrue();
    assertThat(EventValidator.defaults().validateSerialized(wire, 0, wire.length).event().getUnknownFields().asMap())
        .containsOnlyKeys(500, 501, 502, 503);
  }

  @Test
  void pythonEditionEventsTakeTheFastPath() throws IOException {
    byte[] body;
    try (InputStream in = getClass().getResourceAsStream("/vectors/python-sdk/02-events_batch.bin")) {
      body = in.readAllBytes();
    }
    // IngestEventBatchRequest.event_batch (1), then EventBatch.events (3): each event's bytes as sent.
    CodedInputStream request = CodedInputStream.newInstance(body);
    assertThat(request.readTag()).isEqualTo(1 << 3 | 2);
    CodedInputStream batch = CodedInputStream.newInstance(request.readByteArray());
    int events = 0;
    for (int tag = batch.readTag(); tag != 0; tag = batch.readTag()) {
      if (tag != (3 << 3 | 2)) {
        batch.skipField(tag);
        continue;
      }
      byte[] bytes = batch.readByteArray();
      Event event = Event.parseFrom(bytes);
      assertThat(EventValidator.defaults().validate(event)).isEmpty();
      assertThat(new WireScanner(ValidationOptions.defaults(), bytes).certainlyValid(0, bytes.length)).isTrue();
      SerializedEvent serialized = EventValidator.defaults().validateSerialized(bytes, 0, bytes.length);
      assertThat(serialized.isValid()).isTrue();
      assertThat(serialized.eventId()).isEqualTo(event.getEventId());
      events++;
    }
    assertThat(events).isEqualTo(4);
  }

  /** Random events near every limit: the same verdict both ways, and the fast path iff valid. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void randomEventsGetTheSameVerdict(long seed) throws Exception {
    Random random = new Random(seed);
    List<Event> templates = FactoryEventsAreValidTest.oneOfEachType();
    int[] fastValid = new int[VALIDATORS.size()];
    int[] invalid = new int[VALIDATORS.size()];
    for (int i = 0; i < 2_500; i++) {
      Event.Builder event = templates.get(random.nextInt(templates.size())).toBuilder();
      int changes = random.nextInt(4);
      for (int c = 0; c < changes; c++) {
        perturb(event, random, 0);
      }
      byte[] bytes = event.build().toByteArray();
      for (int v = 0; v < VALIDATORS.size(); v++) {
        EventValidator validator = VALIDATORS.get(v);
        List<Violation> expected = validator.validate(event.build());
        boolean fast = new WireScanner(validator.options(), bytes).certainlyValid(0, bytes.length);
        assertThat(fast).as("fast path of %s", event).isEqualTo(expected.isEmpty());
        SerializedEvent serialized = validator.validateSerialized(bytes, 0, bytes.length);
        assertThat(serialized.violations()).isEqualTo(expected);
        assertThat(serialized.eventId()).isEqualTo(event.getEventId());
        assertThat(serialized.tenantId()).isEqualTo(event.getTenantId());
        assertThat(serialized.timestampSeconds()).isEqualTo(event.getTimestamp().getSeconds());
        assertThat(serialized.timestampNanos()).isEqualTo(event.getTimestamp().getNanos());
        if (fast) {
          fastValid[v]++;
        } else {
          invalid[v]++;
        }
      }
    }
    // Both outcomes are exercised in quantity with every validator.
    for (int v = 0; v < VALIDATORS.size(); v++) {
      assertThat(fastValid[v]).as("valid events, validator %d", v).isGreaterThan(500);
      assertThat(invalid[v]).as("invalid events, validator %d", v).isGreaterThan(500);
    }
  }

  /** Mangled bytes: whenever the fast path says valid, protobuf parses them and the rules agree. */
  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14})
  void mangledBytesAreNeverWronglyTrusted(long seed) throws Exception {
    Random random = new Random(seed);
    List<Event> templates = FactoryEventsAreValidTest.oneOfEachType();
    int trusted = 0;
    for (int i = 0; i < 20_000; i++) {
      Event.Builder event = templates.get(random.nextInt(templates.size())).toBuilder();
      if (random.nextBoolean()) {
        perturb(event, random, 0);
      }
      byte[] bytes = mangle(event.build().toByteArray(), templates, random);
      for (EventValidator validator : VALIDATORS) {
        if (new WireScanner(validator.options(), bytes).certainlyValid(0, bytes.length)) {
          trusted++;
          Event parsed = Event.parseFrom(bytes);
          assertThat(validator.validate(parsed)).as("trusted bytes %s", Arrays.toString(bytes)).isEmpty();
        }
      }
    }
    assertThat(trusted).isGreaterThan(1_000);
  }

  @Test
  void utf16LengthMatchesTheJdkAndProtobufOnRandomBytes() {
    Random random = new Random(99);
    byte[] interesting = {0x00, 0x41, 0x7F, (byte) 0x80, (byte) 0xBF, (byte) 0xC0, (byte) 0xC2,
        (byte) 0xDF, (byte) 0xE0, (byte) 0xED, (byte) 0xEF, (byte) 0xF0, (byte) 0xF4, (byte) 0xF5,
        (byte) 0x9F, (byte) 0xA0, (byte) 0x90, (byte) 0x8F, (byte) 0xFF};
    for (int i = 0; i < 200_000; i++) {
      byte[] b = new byte[random.nextInt(7)];
      for (int j = 0; j < b.length; j++) {
        b[j] = random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : (byte) random.nextInt();
      }
      int length = WireScanner.utf16Length(b, 0, b.length);
      boolean valid = ByteString.copyFrom(b).isValidUtf8();
      assertThat(length >= 0).as("%s", Arrays.toString(b)).isEqualTo(valid);
      if (valid) {
        assertThat(length).isEqualTo(new String(b, StandardCharsets.UTF_8).length());
      }
    }
  }

  // --- random events -------------------------------------------------------------------------

  private static final String[] STRINGS = {
    "", "a", "abcdef", "abcdefg", "0123456789", "0123456789x", "mask", "hash", "drop", "other",
    "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9", "\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
    // Forbidden in identifiers (rule id-characters), and printable neighbours that are not.
    "a\u001Bb", "\u0000", "\u007F", "abcdefgh\u0001", "\u0085", "x\u202Ey", "\u2028", "\u2066z",
    "\u00A0", "\u202F",
  };
  private static final String[] KEYS = {"a", "b", "c", "d", "e", "f", "g", "h", "\u00e9", ""};
  private static final double[] DOUBLES = {
    0, -0.0, 1.5, 1e300, -1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
  private static final int[] INTS = {0, 1, 2, -1, Integer.MAX_VALUE, Integer.MIN_VALUE};
  private static final long[] SECONDS = {
    0, 1_700_000_000L, -62_135_596_800L, -62_135_596_801L, 253_402_300_799L, 253_402_300_800L};
  private static final int[] NANOS = {0, 999_999_999, 1_000_000_000, -1};

  /** Sets, adds or clears one random field somewhere in {@code builder}. */
  private static void perturb(Message.Builder builder, Random random, int depth) {
    List<FieldDescriptor> fields = builder.getDescriptorForType().getFields();
    FieldDescriptor field = fields.get(random.nextInt(fields.size()));
    if (random.nextInt(8) == 0) {
      builder.clearField(field);
      return;
    }
    if (field.isRepeated()) {
      int n = 1 + (random.nextInt(3) == 0 ? 3 : random.nextInt(2));
      for (int i = 0; i < n; i++) {
        builder.addRepeatedField(field, randomValue(builder, field, random, depth));
      }
      return;
    }
    if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && isPlainMessage(field) && random.nextBoolean()) {
      perturb(builder.getFieldBuilder(field), random, depth + 1);
      return;
    }
    builder.setField(field, randomValue(builder, field, random, depth));
  }

  private static boolean isPlainMessage(FieldDescriptor field) {
    return !field.getMessageType().getFullName().startsWith("google.protobuf.");
  }

  private static Object randomValue(Message.Builder parent, FieldDescriptor field, Random random, int depth) {
    switch (field.getJavaType()) {
      case STRING:
        return STRINGS[random.nextInt(STRINGS.length)];
      case INT:
        return INTS[random.nextInt(INTS.length)];
      case LONG:
        return (long) INTS[random.nextInt(INTS.length)];
      case DOUBLE:
        return DOUBLES[random.nextInt(DOUBLES.length)];
      case BOOLEAN:
        return random.nextBoolean();
      case ENUM: {
        EnumDescriptor type = field.getEnumType();
        int number = random.nextInt(6) == 0 ? 99 : type.getValues().get(random.nextInt(type.getValues().size())).getNumber();
        return type.findValueByNumberCreatingIfUnknown(number);
      }
      case MESSAGE: {
        String type = field.getMessageType().getFullName();
        switch (type) {
          case "google.protobuf.Struct":
            return randomStruct(random, 1);
          case "google.protobuf.Timestamp":
            return Timestamp.newBuilder()
                .setSeconds(SECONDS[random.nextInt(SECONDS.length)])
                .setNanos(random.nextInt(3) == 0 ? NANOS[random.nextInt(NANOS.length)] : 0)
                .build();
          case "google.protobuf.Any":
            return Any.newBuilder()
                .setTypeUrl(STRINGS[random.nextInt(STRINGS.length)])
                .setValue(ByteString.copyFromUtf8("opaque"))
                .build();
          default: {
            Message.Builder nested = parent.newBuilderForField(field);
            for (int i = 0, n = random.nextInt(3); i < n && depth < 3; i++) {
              perturb(nested, random, depth + 1);
            }
            return nested.build();
          }
        }
      }
      default:
        throw new AssertionError("no random values for " + field);
    }
  }

  private static Struct randomStruct(Random random, int depth) {
    Struct.Builder struct = Struct.newBuilder();
    for (int i = 0, n = random.nextInt(depth == 1 ? 5 : 3); i < n; i++) {
      String key = random.nextInt(8) == 0 ? STRINGS[random.nextInt(STRINGS.length)] : KEYS[random.nextInt(KEYS.length)];
      struct.putFields(key, randomStructValue(random, depth));
    }
    return struct.build();
  }

  private static Value randomStructValue(Random random, int depth) {
    return switch (random.nextInt(depth >= 4 ? 4 : 6)) {
      case 0 -> Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
      case 1 -> num(random.nextInt(4) == 0 ? DOUBLES[random.nextInt(DOUBLES.length)] : random.nextInt(100));
      case 2 -> Value.newBuilder().setStringValue(STRINGS[random.nextInt(STRINGS.length)]).build();
      case 3 -> Value.newBuilder().setBoolValue(random.nextBoolean()).build();
      case 4 -> Value.newBuilder().setStructValue(randomStruct(random, depth + 1)).build();
      default -> {
        ListValue.Builder list = ListValue.newBuilder();
        for (int i = 0, n = random.nextInt(5); i < n; i++) {
          list.addValues(randomStructValue(random, depth + 1));
        }
        yield Value.newBuilder().setListValue(list).build();
      }
    };
  }

  // --- mangled bytes -------------------------------------------------------------------------

  private static byte[] mangle(byte[] bytes, List<Event> templates, Random random) {
    byte[] out = bytes.clone();
    switch (random.nextInt(7)) {
      case 0 -> out[random.nextInt(out.length)] = (byte) random.nextInt();
      case 1 -> out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
      case 2 -> out = Arrays.copyOf(out, random.nextInt(out.length));
      case 3 -> { // another event's fields after these: protobuf merges the two
        byte[] other = templates.get(random.nextInt(templates.size())).toByteArray();
        out = concat(out, Arrays.copyOfRange(other, 0, random.nextInt(other.length + 1)));
      }
      case 4 -> { // a run of random bytes inserted
        int at = random.nextInt(out.length + 1);
        byte[] noise = new byte[1 + random.nextInt(4)];
        random.nextBytes(noise);
        out = concat(concat(Arrays.copyOf(out, at), noise), Arrays.copyOfRange(bytes, at, bytes.length));
      }
      case 5 -> { // a byte removed
        int at = random.nextInt(out.length);
        out = concat(Arrays.copyOf(out, at), Arrays.copyOfRange(bytes, at + 1, bytes.length));
      }
      default -> { // the same bytes twice
        out = concat(out, bytes);
      }
    }
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void redactionByHashNeedsItsSaltIdOnTheFastPathToo() throws Exception {
    Event base = FactoryEventsAreValidTest.oneOfEachType().get(0);
    for (String method : List.of("mask", "drop", "hash", "HASH", "")) {
      for (String saltId : List.of("", "k1")) {
        Event event = base.toBuilder()
            .setRedaction(RedactionInfo.newBuilder().setMethod(method).setSaltId(saltId).addFields("$.x"))
            .build();
        byte[] bytes = event.toByteArray();
        boolean fast = new WireScanner(ValidationOptions.defaults(), bytes).certainlyValid(0, bytes.length);
        assertThat(fast).as("%s %s", method, saltId).isEqualTo(EventValidator.defaults().isValid(event));
      }
    }
  }

  @Test
  void retryAndSessionStartRulesHoldOnTheFastPath() {
    Event start = FactoryEventsAreValidTest.oneOfEachType().get(0);
    assertThat(start.getType()).isEqualTo(EventType.EVENT_TYPE_SESSION_START);
    byte[] withParent = start.toBuilder().setParentSpanId("p").build().toByteArray();
    assertThat(new WireScanner(ValidationOptions.defaults(), withParent).certainlyValid(0, withParent.length)).isFalse();
    byte[] retryWithoutInfo = start.toBuilder().setType(EventType.EVENT_TYPE_RETRY)
        .setStatus(EventStatus.EVENT_STATUS_STARTED).build().toByteArray();
    assertThat(new WireScanner(ValidationOptions.defaults(), retryWithoutInfo).certainlyValid(0, retryWithoutInfo.length)).isFalse();
  }
}
