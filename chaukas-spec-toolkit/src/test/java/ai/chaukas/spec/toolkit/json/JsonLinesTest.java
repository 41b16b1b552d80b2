package ai.chaukas.spec.toolkit.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.ToolCall;
import ai.chaukas.spec.testing.internal.AwkwardEvents;
import ai.chaukas.spec.testing.internal.Values;
import ai.chaukas.spec.toolkit.FieldPath;
import ai.chaukas.spec.toolkit.Reason;
import com.google.protobuf.Any;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonLinesTest {

  private static List<JsonLinesReader.Entry> readAll(JsonLinesReader reader) throws Exception {
    List<JsonLinesReader.Entry> entries = new ArrayList<>();
    for (Optional<JsonLinesReader.Entry> entry; (entry = reader.next()).isPresent(); ) {
      entries.add(entry.get());
    }
    return entries;
  }

  private static JsonLinesReader mixedFile(boolean failFast) throws IOException {
    return JsonLinesReader.builder().failFast(failFast)
        .build(new ByteArrayInputStream(ProtoJsonTest.resource("jsonl/mixed.jsonl")));
  }

  @Test
  void reportsEachBadLineWithItsNumberAndKeepsTheGoodEvents() throws Exception {
    List<JsonLinesReader.Entry> entries;
    try (JsonLinesReader reader = mixedFile(false)) {
      entries = readAll(reader);
    }
    assertThat(entries).extracting(JsonLinesReader.Entry::line).containsExactly(1L, 3L, 4L, 5L, 6L, 8L, 9L, 10L);
    assertThat(entries.stream().filter(JsonLinesReader.Entry::isOk).map(e -> e.event().getEventId()))
        .containsExactly("e1", "e5", "e6", "e9");

    Event first = entries.get(0).event();
    assertThat(first.getType()).isEqualTo(EventType.EVENT_TYPE_SESSION_START);
    assertThat(first.getTimestamp()).isEqualTo(Values.ts(1_795_631_692L, 199_304_000));
    assertThat(entries.get(5).event().getTimestamp()).isEqualTo(Values.ts(1_795_631_694L, 500_000_000));
    assertThat(entries.get(7).event().getLlmInvocation().getStartTime())
        .isEqualTo(Values.ts(1_795_631_695L, 123_456_000));

    List<JsonDecodeException> errors =
        entries.stream().filter(e -> !e.isOk()).map(JsonLinesReader.Entry::error).toList();
    assertThat(errors).extracting(JsonDecodeException::line).containsExactly(3L, 4L, 5L, 9L);
    assertThat(errors.get(0).getMessage()).isEqualTo("line 3: $: malformed JSON: end of input at column 48");
    assertThat(errors.get(1).path()).hasToString("type");
    assertThat(errors.get(1).getMessage())
        .startsWith("line 4: type: unknown enum value \"EVENT_TYPE_NOPE\" for chaukas.spec.common.v1.EventType");
    assertThat(errors.get(2).getMessage()).isEqualTo("line 5: is_partial: expected a boolean but found a string");
    assertThat(errors.get(3).getMessage()).isEqualTo("line 9: $: unexpected text after the JSON value at column 19");
  }

  @Test
  void failFastStopsAtTheFirstBadLine() throws Exception {
    try (JsonLinesReader reader = mixedFile(true)) {
      assertThat(reader.next()).get().extracting(e -> e.event().getEventId()).isEqualTo("e1");
      JsonDecodeException e = catchThrowableOfType(JsonDecodeException.class, reader::next);
      assertThat(e.line()).isEqualTo(3);
      assertThat(e.getMessage()).startsWith("line 3: $: malformed JSON");
    }
  }

  @Test
  void writerOutputReadsBackEqual() throws Exception {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      for (Event event : AwkwardEvents.everyContentCase()) {
        events.add(event.toBuilder().setEventId("event-" + i + "-" + event.getContentCase()).build());
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonLinesWriter writer = new JsonLinesWriter(bytes, AwkwardEvents.REGISTRY)) {
      for (Event event : events) {
        writer.write(event);
      }
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text.split("\n", -1)).hasSize(events.size() + 1).endsWith("");
    assertThat(text).startsWith("{\"event_id\":\"event-0-MESSAGE\",\"tenant_id\":");

    ProtoJson codec = ProtoJson.builder().typeRegistry(AwkwardEvents.REGISTRY).lenientTimestamps(true).build();
    try (JsonLinesReader reader = JsonLinesReader.builder().codec(codec)
        .build(new ByteArrayInputStream(bytes.toByteArray()))) {
      List<JsonLinesReader.Entry> entries = readAll(reader);
      assertThat(entries).allMatch(JsonLinesReader.Entry::isOk);
      assertThat(entries.stream().map(JsonLinesReader.Entry::event)).containsExactlyElementsOf(events);
    }
  }

  @Test
  void theWriterLeavesNoPartialLineForAMessageItCannotPrint() throws Exception {
    StringWriter out = new StringWriter();
    try (JsonLinesWriter writer = new JsonLinesWriter(out)) {
      writer.write(Event.newBuilder().setEventId("a").build());
      Event extension = Event.newBuilder().addExtensions(Any.pack(ToolCall.getDefaultInstance())).build();
      assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> writer.write(extension)))
          .hasMessageContaining("chaukas.spec.common.v1.ToolCall");
      writer.write(Event.newBuilder().setEventId("b").build());
    }
    assertThat(out.toString()).isEqualTo("{\"event_id\":\"a\"}\n{\"event_id\":\"b\"}\n");
  }

  @Test
  void writesProtoFieldNamesAndZuluTimestampsByDefaultAndLowerCamelCaseWhenAsked() throws Exception {
    Event event = Event.newBuilder().setEventId("e1").setSessionId("s1").setType(EventType.EVENT_TYPE_SESSION_START)
        .setTimestamp(Values.ts(1_795_631_692L, 199_304_000)).build();
    StringWriter proto = new StringWriter();
    try (JsonLinesWriter writer = JsonLinesWriter.builder().build(proto)) {
      writer.write(event);
    }
    ByteArrayOutputStream camel = new ByteArrayOutputStream();
    try (JsonLinesWriter writer = JsonLinesWriter.builder().preservingProtoFieldNames(false).build(camel)) {
      writer.write(event);
    }
    assertThat(proto.toString()).isEqualTo("{\"event_id\":\"e1\",\"session_id\":\"s1\","
        + "\"type\":\"EVENT_TYPE_SESSION_START\",\"timestamp\":\"2026-11-25T18:34:52.199304Z\"}\n");
    assertThat(camel.toString(StandardCharsets.UTF_8)).isEqualTo("{\"eventId\":\"e1\",\"sessionId\":\"s1\","
        + "\"type\":\"EVENT_TYPE_SESSION_START\",\"timestamp\":\"2026-11-25T18:34:52.199304Z\"}\n");

    try (JsonLinesReader reader = JsonLinesReader.builder().build(new StringReader(proto + camel.toString(StandardCharsets.UTF_8)))) {
      assertThat(readAll(reader)).extracting(JsonLinesReader.Entry::event).containsExactly(event, event);
    }
  }

  @Test
  void readsOpenApiLinesCrLfEndingsAndAByteOrderMark() throws Exception {
    String text = "\uFEFF{\"event_id\":\"a\",\"type\":\"ERROR\",\"content\":{\"kind\":\"error_info\",\"error_code\":\"E1\"}}\r\n"
        + "\r\n{\"event_id\":\"b\",\"type\":\"EVENT_TYPE_ERROR\"}\r\n{\"event_id\":\"c\"}";
    try (JsonLinesReader reader = JsonLinesReader.builder().codec(OpenApiJson.defaults()).build(new StringReader(text))) {
      List<JsonLinesReader.Entry> entries = readAll(reader);
      assertThat(entries).extracting(JsonLinesReader.Entry::line).containsExactly(1L, 3L, 4L);
      assertThat(entries.get(0).event().getError().getErrorCode()).isEqualTo("E1");
      assertThat(entries.get(1).error().getMessage()).startsWith("line 3: type: unknown enum value \"EVENT_TYPE_ERROR\"");
      assertThat(entries.get(2).event().getEventId()).isEqualTo("c");
    }
  }

  @Test
  void aBadLastLineWithoutItsNewlineIsIncomplete() throws Exception {
    String text = "{\"eventId\":\"a\"}\r\n{\"eventId\":\n\n{\"eventId\":\"c\",\"ty";
    try (JsonLinesReader reader = JsonLinesReader.builder().build(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
      List<JsonLinesReader.Entry> entries = readAll(reader);
      assertThat(entries).extracting(JsonLinesReader.Entry::line).containsExactly(1L, 2L, 4L);
      assertThat(entries).extracting(JsonLinesReader.Entry::terminated).containsExactly(true, true, false);
      assertThat(entries).extracting(JsonLinesReader.Entry::isIncomplete).containsExactly(false, false, true);
      assertThat(entries.get(2).error().getMessage()).startsWith("line 4: $: malformed JSON");
    }
  }

  @Test
  void aGoodLastLineWithoutItsNewlineIsACompleteEvent() throws Exception {
    try (JsonLinesReader reader = JsonLinesReader.builder().build(new StringReader("{\"eventId\":\"a\"}\n{\"eventId\":\"b\"}  "))) {
      List<JsonLinesReader.Entry> entries = readAll(reader);
      assertThat(entries).extracting(JsonLinesReader.Entry::terminated).containsExactly(true, false);
      assertThat(entries.get(1).isOk()).isTrue();
      assertThat(entries.get(1).isIncomplete()).isFalse();
    }
  }

  @Test
  void anUnterminatedLineBeyondTheLengthLimitIsIncompleteAndFailFastSkipsTheRest() throws Exception {
    ProtoJson codec = ProtoJson.builder().limits(JsonLimits.builder().maxLineLength(100).build()).build();
    String text = "{\"metadata\":{\"a\":\"" + "x".repeat(500) + "\"}}\n{\"eventId\":\"b\"}\n{\"metadata\":{\"a\":\""
        + "x".repeat(500);
    try (JsonLinesReader reader = JsonLinesReader.builder().codec(codec).failFast(true).build(new StringReader(text))) {
      JsonDecodeException first = catchThrowableOfType(JsonDecodeException.class, reader::next);
      assertThat(first.line()).isEqualTo(1);
      assertThat(reader.next()).get().extracting(e -> e.event().getEventId()).isEqualTo("b");
      assertThat(catchThrowableOfType(JsonDecodeException.class, reader::next).line()).isEqualTo(3);
      assertThat(reader.next()).isEmpty();
    }
    try (JsonLinesReader reader = JsonLinesReader.builder().codec(codec).build(new StringReader(text))) {
      assertThat(readAll(reader)).extracting(JsonLinesReader.Entry::isIncomplete).containsExactly(false, false, true);
    }
  }

  @Test
  void theThreeArgumentEntryIsATerminatedLine() {
    JsonDecodeException error = new JsonDecodeException(Reason.MALFORMED, FieldPath.root(), "bad", null);
    assertThat(new JsonLinesReader.Entry(3, null, error)).isEqualTo(new JsonLinesReader.Entry(3, null, error, true));
    assertThat(new JsonLinesReader.Entry(3, null, error).isIncomplete()).isFalse();
    assertThat(new JsonLinesReader.Entry(3, null, error, false).isIncomplete()).isTrue();
    assertThat(new JsonLinesReader.Entry(3, Event.getDefaultInstance(), null, false).isIncomplete()).isFalse();
  }

  /** About 10 MB on one line: a metadata Struct of 10,000 strings of 1,000 characters. */
  private static String tenMegabyteLine(String id) {
    StringBuilder line = new StringBuilder(10_300_000).append("{\"eventId\":\"").append(id).append("\",\"metadata\":{");
    String value = "v".repeat(1000);
    for (int i = 0; i < 10_000; i++) {
      line.append(i == 0 ? "" : ",").append("\"key").append(i).append("\":\"").append(value).append('"');
    }
    return line.append("}}").toString();
  }

  @Test
  void aTenMegabyteLineIsReadWithTheDefaultLimit() throws Exception {
    String text = tenMegabyteLine("big") + "\n{\"eventId\":\"small\"}\n";
    assertThat(text.length()).isGreaterThan(10_000_000);
    try (JsonLinesReader reader = JsonLinesReader.builder().build(new StringReader(text))) {
      List<JsonLinesReader.Entry> entries = readAll(reader);
      assertThat(entries).allMatch(JsonLinesReader.Entry::isOk).hasSize(2);
      assertThat(entries.get(0).event().getMetadata().getFieldsCount()).isEqualTo(10_000);
    }
  }

  @Test
  void aLineBeyondTheLimitIsSkippedAndReported() throws Exception {
    ProtoJson codec = ProtoJson.builder().limits(JsonLimits.builder().maxLineLength(1 << 20).build()).build();
    String text = "{\"eventId\":\"before\"}\n" + tenMegabyteLine("big") + "\n{\"eventId\":\"after\"}\n";
    try (JsonLinesReader reader = JsonLinesReader.builder().codec(codec).build(new StringReader(text))) {
      List<JsonLinesReader.Entry> entries = readAll(reader);
      assertThat(entries).extracting(JsonLinesReader.Entry::line).containsExactly(1L, 2L, 3L);
      assertThat(entries.get(1).error().getMessage())
          .isEqualTo("line 2: $: line is longer than the limit of 1048576 characters (JsonLimits.maxLineLength); skipped");
      assertThat(entries.get(2).event().getEventId()).isEqualTo("after");
    }
  }

  /**
   * A line of 2.5 billion characters cannot be held in any Java String or array, so reading past it
   * proves that the reader skips it in bounded steps.
   */
  @Test
  void aLineTooLongForAnyStringIsSkippedWithoutHoldingIt() throws Exception {
    ProtoJson codec = ProtoJson.builder().limits(JsonLimits.builder().maxLineLength(1 << 20).build()).build();
    try (JsonLinesReader reader = JsonLinesReader.builder().codec(codec)
        .build(new HugeLineReader(2_500_000_000L, "\n{\"eventId\":\"after\"}\n"))) {
      JsonLinesReader.Entry first = reader.next().orElseThrow();
      assertThat(first.error().getMessage()).contains("line is longer than the limit of 1048576 characters");
      assertThat(reader.next()).get().extracting(e -> e.event().getEventId()).isEqualTo("after");
      assertThat(reader.next()).isEmpty();
    }
  }

  /** Produces {@code {"metadata":{"blob":"xxx…} } of the given length, then a tail, without storing it. */
  private static final class HugeLineReader extends Reader {
    private final char[] head = "{\"metadata\":{\"blob\":\"".toCharArray();
    private final char[] tail;
    private final long length;
    private long position;

    HugeLineReader(long length, String tail) {
      this.length = length;
      this.tail = ("\"}}" + tail).toCharArray();
    }

    @Override
    public int read(char[] buffer, int offset, int count) {
      long total = length + tail.length;
      if (position >= total) {
        return -1;
      }
      int n = (int) Math.min(count, total - position);
      for (int i = 0; i < n; i++, position++) {
        if (position < head.length) {
          buffer[offset + i] = head[(int) position];
        } else if (position < length) {
          int run = (int) Math.min(n - i, length - position);
          Arrays.fill(buffer, offset + i, offset + i + run, 'x');
          i += run - 1;
          position += run - 1;
        } else {
          buffer[offset + i] = tail[(int) (position - length)];
        }
      }
      return n;
    }

    @Override
    public void close() {}
  }
}
