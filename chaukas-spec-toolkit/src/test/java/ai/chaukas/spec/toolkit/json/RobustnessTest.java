package ai.chaukas.spec.toolkit.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input ends in a JsonDecodeException with a path, never in a stack overflow or out of memory. */
class RobustnessTest {

  private static final String FIVE_MEGABYTES = "x".repeat(5 << 20);

  private static JsonDecodeException proto3Error(String json) {
    return error(ProtoJson.defaults(), json, Event.newBuilder());
  }

  private static JsonDecodeException openApiError(String json) {
    return error(OpenApiJson.defaults(), json, Event.newBuilder());
  }

  private static JsonDecodeException error(Object codec, String json, Message.Builder builder) {
    JsonDecodeException e = catchThrowableOfType(JsonDecodeException.class, () -> {
      if (codec instanceof ProtoJson proto3) {
        proto3.merge(json, builder);
      } else {
        ((OpenApiJson) codec).merge(json, builder);
      }
    });
    assertThat(e).as("error for %s", json.length() > 200 ? json.substring(0, 200) + "…" : json).isNotNull();
    return e;
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`{\"eventId\": \"a\"`              | ``          | malformed JSON: end of input at column 16",
      "`{\"eventId\": \"a\"} x`           | ``          | unexpected text after the JSON value at column 19",
      "`{\"eventId\": }`                  | event_id    | malformed JSON: expected value at column 13",
      "`{\"eventId\" \"a\"}`              | event_id    | malformed JSON: expected ':' at column 13",
      "`{eventId: \"a\"}`                 | ``          | malformed JSON: unexpected character at column 3",
      "`{\"tags\": [\"a\" \"b\"]}`        | tags[0]     | malformed JSON: unterminated array at column 16",
      "`{\"eventId\": \"a\\q\"}`          | event_id    | malformed JSON: invalid escape sequence at column 17",
      "``                                 | ``          | malformed JSON: end of input at column 1",
      "`[`                                | ``          | expected an object (chaukas.spec.common.v1.Event) but found an array",
      "`\"event\"`                        | ``          | expected an object (chaukas.spec.common.v1.Event) but found a string",
  })
  void malformedJsonIsReportedWithItsLocation(String json, String path, String problem) {
    JsonDecodeException e = proto3Error(json);
    assertThat(e.path()).hasToString(path);
    assertThat(e.detail()).isEqualTo(problem);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`{\"events\": [{\"promptTokens\": 1}]}` | events[0].promptTokens | unknown field \"promptTokens\" in chaukas.spec.common.v1.Event",
      "`{\"events\": [{\"llmInvocation\": {\"promptTokens\": \"many\"}}]}` | events[0].llm_invocation.prompt_tokens | expected an integer (int32) but found \"many\"",
      "`{\"events\": [{\"llmInvocation\": {\"promptTokens\": 3000000000}}]}` | events[0].llm_invocation.prompt_tokens | 3000000000 is out of range for int32",
      "`{\"events\": [{\"eventId\": {}}]}` | events[0].event_id | expected a string but found an object",
      "`{\"events\": [{\"eventId\": 5}]}` | events[0].event_id | expected a string but found a number",
      "`{\"events\": [{\"tags\": \"prod\"}]}` | events[0].tags | expected an array of a string but found a string",
      "`{\"events\": [{\"tags\": [\"a\", null]}]}` | events[0].tags[1] | null is not allowed in an array of a string",
      "`{\"events\": [{\"toolCall\": []}]}` | events[0].tool_call | expected an object (chaukas.spec.common.v1.ToolCall) but found an array",
      "`{\"events\": [{\"isFinal\": 1}]}` | events[0].is_final | expected a boolean but found a number",
      "`{\"events\": [{\"isFinal\": \"true\"}]}` | events[0].is_final | expected a boolean but found a string",
      "`{\"events\": [{\"timestamp\": 1764095692}]}` | events[0].timestamp | expected an RFC 3339 timestamp string but found a number",
      "`{\"events\": [{\"metadata\": [1]}]}` | events[0].metadata | expected an object (google.protobuf.Struct) but found an array",
      "`{\"events\": [{\"cost\": {\"totalCost\": true}}]}` | events[0].cost.total_cost | expected a number (double) or \"NaN\", \"Infinity\", \"-Infinity\" but found a boolean",
      "`{\"events\": [{\"cost\": {\"totalCost\": \"cheap\"}}]}` | events[0].cost.total_cost | expected a number (double) but found \"cheap\"",
      "`{\"events\": [{\"cost\": {\"totalCost\": 1e400}}]}` | events[0].cost.total_cost | Infinity is out of range for double",
      "`{\"events\": [{\"type\": true}]}` | events[0].type | expected an enum name (chaukas.spec.common.v1.EventType) but found a boolean",
      "`{\"events\": [{\"extensions\": [5]}]}` | events[0].extensions[0] | expected an object with \"@type\" (google.protobuf.Any) but found a number",
      "`{\"events\": [{\"extensions\": [{\"@type\": \"ToolCall\"}]}]}` | events[0].extensions[0].@type | invalid type URL \"ToolCall\": expected type.googleapis.com/<full message name>",
  })
  void wrongTypesAndUnknownNamesNameTheField(String json, String path, String problem) {
    JsonDecodeException e = error(ProtoJson.defaults(), json, EventBatch.newBuilder());
    assertThat(e.path()).hasToString(path);
    assertThat(e.detail()).isEqualTo(problem);
    assertThat(e.getMessage()).isEqualTo(path + ": " + problem);
    assertThat(e.line()).isEqualTo(-1);
  }

  @Test
  void nestingDeeperThanTheLimitIsAnErrorNotAStackOverflow() {
    int levels = 100_000;
    String deepObjects = "{\"metadata\":" + "{\"a\":".repeat(levels) + "1" + "}".repeat(levels) + "}";
    JsonDecodeException objects = proto3Error(deepObjects);
    assertThat(objects.path()).hasToString("metadata" + ".a".repeat(63));
    assertThat(objects.detail()).isEqualTo("nesting deeper than 64 levels (JsonLimits.maxDepth)");

    String deepArrays = "{\"metadata\":{\"a\":" + "[".repeat(levels) + "]".repeat(levels) + "}}";
    JsonDecodeException arrays = proto3Error(deepArrays);
    assertThat(arrays.path()).hasToString("metadata.a" + "[0]".repeat(62));
    assertThat(arrays.detail()).startsWith("nesting deeper than 64 levels");

    JsonDecodeException root = proto3Error("[".repeat(levels));
    assertThat(root.path().isRoot()).isTrue();
    assertThat(root.detail()).isEqualTo("expected an object (chaukas.spec.common.v1.Event) but found an array");

    JsonDecodeException skipped = error(ProtoJson.builder().ignoringUnknownFields(true).build(),
        "{\"unknown\":" + "[".repeat(levels) + "]".repeat(levels) + "}", Event.newBuilder());
    assertThat(skipped.path()).hasToString("unknown" + "[0]".repeat(63));
    assertThat(skipped.detail()).startsWith("nesting deeper than 64 levels");

    JsonDecodeException buffered = openApiError(
        "{\"content\":{\"arguments\":" + "{\"a\":".repeat(levels) + "}".repeat(levels) + ",\"kind\":\"tool_call\"}}");
    assertThat(buffered.path()).hasToString("content.arguments" + ".a".repeat(62));
    assertThat(buffered.detail()).startsWith("nesting deeper than 64 levels");

    JsonDecodeException nestedEvents = error(ProtoJson.builder().limits(JsonLimits.builder().maxDepth(3).build()).build(),
        "{\"events\":[{\"metadata\":{}}]}", EventBatch.newBuilder());
    assertThat(nestedEvents.getMessage()).isEqualTo("events[0].metadata: nesting deeper than 3 levels (JsonLimits.maxDepth)");
  }

  @Test
  void aFiveMegabyteStringNeedsARaisedLimit() throws Exception {
    String json = "{\"events\":[{\"message\":{\"text\":\"" + FIVE_MEGABYTES + "\"}}]}";
    JsonDecodeException e = error(ProtoJson.defaults(), json, EventBatch.newBuilder());
    assertThat(e.getMessage()).isEqualTo("events[0].message.text: string longer than the limit of 1048576 "
        + "characters (JsonLimits.maxStringLength)");

    String openApi = "{\"events\":[{\"content\":{\"kind\":\"message\",\"text\":\"" + FIVE_MEGABYTES + "\"}}]}";
    assertThat(error(OpenApiJson.defaults(), openApi, EventBatch.newBuilder()).path()).hasToString("events[0].content.text");
    String inStruct = "{\"metadata\":{\"blob\":\"" + FIVE_MEGABYTES + "\"}}";
    assertThat(proto3Error(inStruct).path()).hasToString("metadata.blob");
    JsonDecodeException name = proto3Error("{\"metadata\":{\"" + FIVE_MEGABYTES + "\":1}}");
    assertThat(name.path()).hasToString("metadata");
    assertThat(name.detail()).isEqualTo("property name longer than the limit of 1048576 characters (JsonLimits.maxStringLength)");

    JsonLimits raised = JsonLimits.builder().maxStringLength(8 << 20).build();
    EventBatch batch = ProtoJson.builder().limits(raised).build().merge(json, EventBatch.newBuilder()).build();
    assertThat(batch.getEvents(0).getMessage().getText()).hasSize(5 << 20);
    EventBatch fromOpenApi = OpenApiJson.builder().limits(raised).build().merge(new StringReader(openApi),
        EventBatch.newBuilder()).build();
    assertThat(fromOpenApi).isEqualTo(batch);
  }

  @Test
  void hugeNumbersAreRefusedQuickly() {
    JsonDecodeException longNumber = proto3Error("{\"cost\":{\"inputTokens\":" + "9".repeat(5000) + "}}");
    assertThat(longNumber.path()).hasToString("cost.input_tokens");
    JsonDecodeException longInString = proto3Error("{\"cost\":{\"inputTokens\":\"" + "9".repeat(5000) + "\"}}");
    assertThat(longInString.detail()).startsWith("expected an integer (int32) but found \"999");
    JsonDecodeException tinyExponent = proto3Error("{\"cost\":{\"inputTokens\":\"1e-999999999\"}}");
    assertThat(tinyExponent.detail()).isEqualTo("expected an integer (int32) but found \"1e-999999999\"");
    JsonDecodeException hugeExponent = proto3Error("{\"cost\":{\"inputTokens\":1e999999999}}");
    assertThat(hugeExponent.detail()).isEqualTo("1e999999999 is out of range for int32");
  }

  @Test
  void jsonLinesReportTheSameProblemsPerLine() throws Exception {
    String text = "{\"metadata\":" + "[".repeat(100_000) + "\n{\"eventId\":\"" + FIVE_MEGABYTES + "\"}\n{\"eventId\":\"ok\"}\n";
    try (JsonLinesReader reader = JsonLinesReader.builder().build(new StringReader(text))) {
      Optional<JsonLinesReader.Entry> deep = reader.next();
      assertThat(deep).get().extracting(e -> e.error().getMessage())
          .isEqualTo("line 1: metadata: expected an object (google.protobuf.Struct) but found an array");
      assertThat(reader.next()).get().extracting(e -> e.error().getMessage())
          .isEqualTo("line 2: event_id: string longer than the limit of 1048576 characters"
              + " (JsonLimits.maxStringLength)");
      assertThat(reader.next()).get().extracting(e -> e.event().getEventId()).isEqualTo("ok");
    }
  }

  private static ProtoJson withLimits(JsonLimits.Builder limits) {
    return ProtoJson.builder().limits(limits.build()).build();
  }

  @Test
  void everyValueAndMemberNameCountsTowardsMaxValues() throws Exception {
    // The object, "eventId", "a", "tags", the array, "x", "y": seven.
    String json = "{\"eventId\":\"a\",\"tags\":[\"x\",\"y\"]}";
    assertThat(withLimits(JsonLimits.builder().maxValues(7)).merge(json, Event.newBuilder()).getTagsCount()).isEqualTo(2);
    JsonDecodeException e = error(withLimits(JsonLimits.builder().maxValues(6)), json, Event.newBuilder());
    assertThat(e.getMessage()).isEqualTo("tags[1]: more than 6 JSON values in one Event (JsonLimits.maxValues)");

    JsonDecodeException inStruct = error(withLimits(JsonLimits.builder().maxValues(5)),
        "{\"metadata\":{\"data\":[1,2,3]}}", EventBatch.newBuilder());
    assertThat(inStruct.getMessage()).isEqualTo("metadata.data[0]: more than 5 JSON values in one EventBatch (JsonLimits.maxValues)");

    JsonDecodeException skipped = error(ProtoJson.builder().ignoringUnknownFields(true)
        .limits(JsonLimits.builder().maxValues(4).build()).build(), "{\"unknown\":[true,null,3]}", Event.newBuilder());
    assertThat(skipped.path()).hasToString("unknown[1]");
  }

  @Test
  void bufferedObjectsAreCountedOnce() throws Exception {
    // The object, "content", its object, "name", "t", "kind", "tool_call": seven, although the
    // content object is read twice because its kind comes last.
    String json = "{\"content\":{\"name\":\"t\",\"kind\":\"tool_call\"}}";
    OpenApiJson seven = OpenApiJson.builder().limits(JsonLimits.builder().maxValues(7).build()).build();
    assertThat(seven.merge(json, Event.newBuilder()).getToolCall().getName()).isEqualTo("t");
    OpenApiJson six = OpenApiJson.builder().limits(JsonLimits.builder().maxValues(6).build()).build();
    assertThat(error(six, json, Event.newBuilder()).path()).hasToString("content.kind");
  }

  @Test
  void theDefaultMaxValuesHoldsAFullArrayAndStopsOneBeyond() throws Exception {
    assertThat(JsonLimits.defaults().maxValues()).isEqualTo(JsonLimits.DEFAULT_MAX_VALUES).isEqualTo(131_072);
    // Five values around the array: the object, "metadata", the Struct, "d", the array.
    int fits = JsonLimits.DEFAULT_MAX_VALUES - 5;
    String line = "{\"metadata\":{\"d\":[" + "1,".repeat(fits - 1) + "1]}}";
    String tooMany = "{\"metadata\":{\"d\":[" + "1,".repeat(fits) + "1]}}";
    try (JsonLinesReader reader = JsonLinesReader.builder().build(new StringReader(line + "\n" + tooMany + "\n{\"eventId\":\"after\"}"))) {
      assertThat(reader.next().orElseThrow().event().getMetadata().getFieldsOrThrow("d").getListValue().getValuesCount())
          .isEqualTo(fits);
      assertThat(reader.next().orElseThrow().error().getMessage())
          .isEqualTo("line 2: metadata.d[" + fits + "]: more than 131072 JSON values in one Event (JsonLimits.maxValues)");
      assertThat(reader.next()).get().extracting(e -> e.event().getEventId()).isEqualTo("after");
    }
    assertThatBuilderRefuses(() -> JsonLimits.builder().maxValues(0));
  }

  private static void assertThatBuilderRefuses(Runnable build) {
    assertThat(catchThrowableOfType(IllegalArgumentException.class, build::run))
        .hasMessage("maxValues must be positive, was 0");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`{\"eventId\":\"abcdefgh\"}`                     | ``         | ``",
      "`{\"eventId\":\"abcdefghi\"}`                    | event_id   | string longer than the limit of 8 characters (JsonLimits.maxStringLength)",
      "`{\"eventId\":\"abc\\u0041\\n\\\\\\\"\\/\"}`           | ``         | ``",
      "`{\"eventId\":\"abcdefg\\n\\n\"}`                | event_id   | string longer than the limit of 8 characters (JsonLimits.maxStringLength)",
      "`{\"eventId\":\"abcdef😀\"}`                      | ``         | ``",
      "`{\"eventId\":\"abcdefg😀\"}`                     | event_id   | string longer than the limit of 8 characters (JsonLimits.maxStringLength)",
      "`{\"metadata\":{\"abcdefghi\":1}}`                | metadata   | property name longer than the limit of 8 characters (JsonLimits.maxStringLength)",
  })
  void stringsAndNamesAreMeasuredAsDecoded(String json, String path, String problem) throws Exception {
    ProtoJson codec = ProtoJson.builder().limits(JsonLimits.builder().maxStringLength(8).build()).build();
    if (problem.isEmpty()) {
      assertThat(codec.merge(json, Event.newBuilder()).getEventId()).hasSize(8);
      return;
    }
    JsonDecodeException e = error(codec, json, Event.newBuilder());
    assertThat(e.path()).hasToString(path);
    assertThat(e.detail()).isEqualTo(problem);
  }

  @Test
  void aStringBeyondTheLimitIsNeverReadToItsEnd() throws Exception {
    EndlessString input = new EndlessString("{\"eventId\":\"");
    JsonDecodeException e = catchThrowableOfType(JsonDecodeException.class,
        () -> ProtoJson.defaults().merge(input, Event.newBuilder()));
    assertThat(e.getMessage()).isEqualTo("event_id: string longer than the limit of 1048576 characters (JsonLimits.maxStringLength)");
    assertThat(input.served).isLessThan((1L << 20) + 20_000);

    EndlessString name = new EndlessString("{\"metadata\":{\"");
    JsonDecodeException nameError = catchThrowableOfType(JsonDecodeException.class,
        () -> ProtoJson.defaults().merge(name, Event.newBuilder()));
    assertThat(nameError.getMessage())
        .isEqualTo("metadata: property name longer than the limit of 1048576 characters (JsonLimits.maxStringLength)");

    // Escapes count as the character they stand for, also where the guard takes over from Gson's buffer.
    EndlessString escapes = new EndlessString("{\"eventId\":\"", "\\u0041\\\\\\\"");
    ProtoJson limit = withLimits(JsonLimits.builder().maxStringLength(100_000));
    assertThat(catchThrowableOfType(JsonDecodeException.class, () -> limit.merge(escapes, Event.newBuilder())).detail())
        .isEqualTo("string longer than the limit of 100000 characters (JsonLimits.maxStringLength)");
    assertThat(escapes.served).isGreaterThan(3 * 100_000).isLessThan(4 * 100_000);
  }

  @ParameterizedTest
  @CsvSource({"0", "1"})
  void aStringOfEscapedQuotesIsFollowedFromWhereverGsonsBufferEnds(int shift) throws Exception {
    // One of the shifts ends Gson's buffer between a backslash and the quote it escapes.
    EndlessString quotes = new EndlessString(" ".repeat(shift) + "{\"eventId\":\"", "\\\"");
    ProtoJson limit = withLimits(JsonLimits.builder().maxStringLength(100_000));
    assertThat(catchThrowableOfType(JsonDecodeException.class, () -> limit.merge(quotes, Event.newBuilder())).path())
        .hasToString("event_id");
    assertThat(quotes.served).isLessThan(2 * 100_000 + 5_000);
  }

  @ParameterizedTest
  @CsvSource({"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "1000", "1001", "1002", "1003", "1004",
      "1005", "1006", "1007", "1008", "1009", "1010", "1011"})
  void aStringOfEscapesExactlyAtTheLimitIsRead(int shift) throws Exception {
    // Shifting the 12-character unit moves the boundary of Gson's buffer through every part of it,
    // near the start of the string (1,000 and more) and further in.
    String escaped = "\\u00e9\\n\\\\\\\"".repeat(5_000);
    String json = " ".repeat(shift) + "{\"eventId\":\"" + escaped + "\"}";
    ProtoJson exact = withLimits(JsonLimits.builder().maxStringLength(20_000));
    assertThat(exact.merge(new StringReader(json), Event.newBuilder()).getEventId()).isEqualTo("\u00e9\n\\\"".repeat(5_000));
    ProtoJson tooShort = withLimits(JsonLimits.builder().maxStringLength(19_999));
    assertThat(catchThrowableOfType(JsonDecodeException.class,
        () -> tooShort.merge(new StringReader(json), Event.newBuilder())).detail())
        .isEqualTo("string longer than the limit of 19999 characters (JsonLimits.maxStringLength)");
  }

  @Test
  void anEscapeSplitAcrossReadsCountsAsOneCharacter() throws Exception {
    // Gson asks twice for the rest of the escape; the guard takes over in the middle of it.
    String rest = "a".repeat(2_999);
    ChunkedReader input = new ChunkedReader("{\"eventId\":\"\\u0", "0", "e9" + rest + "\"}");
    assertThat(withLimits(JsonLimits.builder().maxStringLength(3_000)).merge(input, Event.newBuilder()).getEventId())
        .isEqualTo("\u00e9" + rest);
  }

  /** Serves its chunks one per read, as a network stream may. */
  private static final class ChunkedReader extends Reader {
    private final String[] chunks;
    private int next;
    private int position;

    ChunkedReader(String... chunks) {
      this.chunks = chunks;
    }

    @Override
    public int read(char[] buffer, int offset, int count) {
      if (next == chunks.length) {
        return -1;
      }
      String chunk = chunks[next];
      int n = Math.min(count, chunk.length() - position);
      chunk.getChars(position, position + n, buffer, offset);
      position += n;
      if (position == chunk.length()) {
        next++;
        position = 0;
      }
      return n;
    }

    @Override
    public void close() {}
  }

  @Test
  void skippedStringsAreNotHeldAndSoNotLimited() throws Exception {
    ProtoJson lenient = ProtoJson.builder().ignoringUnknownFields(true)
        .limits(JsonLimits.builder().maxStringLength(8).build()).build();
    assertThat(lenient.merge("{\"unknown\":[\"" + "x".repeat(100_000) + "\"],\"eventId\":\"e\"}", Event.newBuilder())
        .getEventId()).isEqualTo("e");
  }

  @Test
  void numbersAreReadUpTo1023Characters() throws Exception {
    String longest = "0." + "0".repeat(1020) + "1";
    assertThat(ProtoJson.defaults().merge("{\"metadata\":{\"n\":" + longest + "}}", Event.newBuilder())
        .getMetadata().getFieldsOrThrow("n").getNumberValue()).isZero();
    String problem = "number longer than 1023 characters, more than any double or integer needs";
    JsonDecodeException inValue = proto3Error("{\"metadata\":{\"n\":" + longest + "0}}");
    assertThat(inValue.getMessage()).isEqualTo("metadata.n: " + problem);
    JsonDecodeException huge = proto3Error("{\"cost\":{\"inputTokens\":-" + "1".repeat(50_000) + "}}");
    assertThat(huge.getMessage()).isEqualTo("cost.input_tokens: " + problem);
    JsonDecodeException digitsInAString = proto3Error("{\"eventId\" \"" + "1".repeat(5_000) + "\"}");
    assertThat(digitsInAString.detail()).isEqualTo("malformed JSON: expected ':' at column 13");
    JsonDecodeException unterminated = proto3Error("{\"eventId\":\"" + "1".repeat(5_000));
    assertThat(unterminated.detail()).startsWith("malformed JSON: unterminated string");
    JsonDecodeException skipped = error(ProtoJson.builder().ignoringUnknownFields(true).build(),
        "{\"x\":\"" + "1".repeat(5_000), Event.newBuilder());
    assertThat(skipped.detail()).startsWith("malformed JSON: unterminated string");
  }

  /** The start of a JSON string that never ends; counts the characters it serves. */
  private static final class EndlessString extends Reader {
    private final char[] head;
    private final char[] unit;
    private long served;

    EndlessString(String head) {
      this(head, "x");
    }

    EndlessString(String head, String unit) {
      this.head = head.toCharArray();
      this.unit = unit.toCharArray();
    }

    @Override
    public int read(char[] buffer, int offset, int count) throws IOException {
      if (served > 64L << 20) {
        throw new IOException("read 64 MiB of one string");
      }
      for (int i = 0; i < count; i++, served++) {
        buffer[offset + i] = served < head.length ? head[(int) served] : unit[(int) ((served - head.length) % unit.length)];
      }
      return count;
    }

    @Override
    public void close() {}
  }
}
