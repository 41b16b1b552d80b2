package ai.chaukas.spec.toolkit.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.toolkit.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * JSON Lines bytes are strict UTF-8, and strings hold no unpaired surrogates: otherwise two
 * different inputs would read as the same event, which must not happen to an audit trail.
 */
class StrictUtf8Test {

  /** Concatenates text (as UTF-8) and byte arrays. */
  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      out.writeBytes(part instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : (byte[]) part);
    }
    return out.toByteArray();
  }

  private static List<JsonLinesReader.Entry> read(byte[] input) throws Exception {
    List<JsonLinesReader.Entry> entries = new ArrayList<>();
    try (JsonLinesReader reader = JsonLinesReader.builder().build(new ByteArrayInputStream(input))) {
      for (Optional<JsonLinesReader.Entry> entry; (entry = reader.next()).isPresent(); ) {
        entries.add(entry.get());
      }
    }
    return entries;
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "C328       | byte 0xC3 starts a sequence that is cut short",
      "E282       | byte 0xE2 starts a sequence that is cut short",
      "F09F98     | byte 0xF0 starts a sequence that is cut short",
      "A9         | byte 0xA9 is a continuation byte without a lead byte",
      "C0AF       | byte 0xC0 starts an overlong encoding",
      "E080AF     | bytes 0xE0 0x80 start an overlong encoding",
      "F08FBFBF   | bytes 0xF0 0x8F start an overlong encoding",
      "EDA080     | bytes 0xED 0xA0 encode a UTF-16 surrogate, which UTF-8 does not allow",
      "F4908080   | bytes 0xF4 0x90 encode a code point above U+10FFFF",
      "F888808080 | byte 0xF8 never occurs in UTF-8",
      "FF         | byte 0xFF never occurs in UTF-8",
  })
  void malformedBytesAreAnErrorOfTheirLineOnly(String hex, String problem) throws Exception {
    byte[] input = bytes("{\"eventId\":\"first\"}\n{\"eventId\":\"ab", HexFormat.of().parseHex(hex),
        "cd\"}\n{\"eventId\":\"third\"}\n");
    List<JsonLinesReader.Entry> entries = read(input);
    assertThat(entries).extracting(JsonLinesReader.Entry::line).containsExactly(1L, 2L, 3L);
    assertThat(entries.get(0).event().getEventId()).isEqualTo("first");
    JsonDecodeException error = entries.get(1).error();
    assertThat(error.getMessage()).isEqualTo("line 2: event_id: invalid UTF-8 at column 15 (" + problem + ")");
    assertThat(error.path()).hasToString("event_id");
    assertThat(error.reason()).isEqualTo(Reason.MALFORMED);
    assertThat(entries.get(1).isIncomplete()).isFalse();
    assertThat(entries.get(2).event().getEventId()).isEqualTo("third");
  }

  @Test
  void theColumnCountsCharactersNotBytesAndIncludesLeadingBlanks() throws Exception {
    byte[] input = bytes("  {\"eventId\":\"é€😀", new byte[] {(byte) 0xFF}, "\"}\n");
    JsonDecodeException error = read(input).get(0).error();
    // Two blanks, 12 characters of {"eventId":", é, € and the two UTF-16 units of 😀.
    assertThat(error.getMessage()).isEqualTo("line 1: event_id: invalid UTF-8 at column 19 (byte 0xFF never occurs in UTF-8)");
  }

  @Test
  void badBytesAtTheStartOfALineOrAmongItsLeadingBlanks() throws Exception {
    byte[] input = bytes(new byte[] {(byte) 0x80}, "{\"eventId\":\"a\"}\n \t", new byte[] {(byte) 0xC1, (byte) 0x81},
        "\n{\"eventId\":\"c\"}");
    List<JsonLinesReader.Entry> entries = read(input);
    assertThat(entries).extracting(JsonLinesReader.Entry::line).containsExactly(1L, 2L, 3L);
    assertThat(entries.get(0).error().getMessage())
        .isEqualTo("line 1: $: invalid UTF-8 at column 1 (byte 0x80 is a continuation byte without a lead byte)");
    assertThat(entries.get(1).error().getMessage())
        .isEqualTo("line 2: $: invalid UTF-8 at column 3 (byte 0xC1 starts an overlong encoding)");
    assertThat(entries.get(2).event().getEventId()).isEqualTo("c");
  }

  @Test
  void longLinesDecodeAcrossBuffersAndTheRestOfADamagedLineIsSkipped() throws Exception {
    // 20,000 bytes of two-byte characters, so that sequences straddle every buffer boundary.
    String accents = "é".repeat(10_000);
    byte[] junk = new byte[50_000];
    for (int i = 0; i < junk.length; i++) {
      junk[i] = (byte) (i % 7 == 0 ? 0xFF : i % 5 == 0 ? 0xC3 : 'x');
    }
    byte[] input = bytes("{\"eventId\":\"", accents, "\"}\n{\"eventId\":\"", accents, new byte[] {(byte) 0xE2, 0x28},
        junk, "\"}\n{\"eventId\":\"", accents, "😀\"}\n");
    List<JsonLinesReader.Entry> entries = read(input);
    assertThat(entries).extracting(JsonLinesReader.Entry::line).containsExactly(1L, 2L, 3L);
    assertThat(entries.get(0).event().getEventId()).isEqualTo(accents);
    assertThat(entries.get(1).error().getMessage())
        .isEqualTo("line 2: event_id: invalid UTF-8 at column 10013 (byte 0xE2 starts a sequence that is cut short)");
    assertThat(entries.get(2).event().getEventId()).isEqualTo(accents + "😀");
  }

  @Test
  void aCharacterCutShortByTheEndOfTheInputIsAnIncompleteLine() throws Exception {
    byte[] input = bytes("{\"eventId\":\"a\"}\n{\"eventId\":\"caf", new byte[] {(byte) 0xC3});
    List<JsonLinesReader.Entry> entries = read(input);
    assertThat(entries.get(1).error().getMessage())
        .isEqualTo("line 2: event_id: invalid UTF-8 at column 16 (byte 0xC3 starts a sequence that is cut short)");
    assertThat(entries.get(1).isIncomplete()).isTrue();
  }

  @Test
  void validUtf8OfEveryLengthAndAByteOrderMarkReadAsWritten() throws Exception {
    String text = "a\u00e9\u0800\u20ac\uffff\ud800\udc00\ud83d\ude00\udbff\udfff";
    List<JsonLinesReader.Entry> entries = read(bytes("\uFEFF{\"eventId\":\"", text, "\"}"));
    assertThat(entries).singleElement().extracting(e -> e.event().getEventId()).isEqualTo(text);
  }

  @Test
  void unpairedSurrogatesAreRefusedWithThePath() throws Exception {
    JsonDecodeException escaped = ProtoJsonTest.decodeError("{\"eventId\":\"ab\\ud800\"}", Event.newBuilder(),
        ProtoJson.defaults());
    assertThat(escaped.getMessage()).isEqualTo("event_id: string holds an unpaired UTF-16 surrogate \\ud800 at"
        + " character 3, which protobuf cannot store; write the character as a surrogate pair or leave it out");
    JsonDecodeException reversed = ProtoJsonTest.decodeError("{\"metadata\":{\"k\":[\"\\ude00\\ud83d\"]}}",
        Event.newBuilder(), ProtoJson.defaults());
    assertThat(reversed.path()).hasToString("metadata.k[0]");
    assertThat(reversed.detail()).startsWith("string holds an unpaired UTF-16 surrogate \\ude00 at character 1,");
    JsonDecodeException name = ProtoJsonTest.decodeError("{\"metadata\":{\"x\\udc00\":1}}", Event.newBuilder(),
        ProtoJson.defaults());
    assertThat(name.path()).hasToString("metadata");
    assertThat(name.detail()).startsWith("property name holds an unpaired UTF-16 surrogate \\udc00 at character 2,");
    JsonDecodeException openApi = catchThrowableOfType(JsonDecodeException.class, () -> OpenApiJson.defaults().merge(
        "{\"content\":{\"kind\":\"message\",\"text\":\"\\ud83d\"}}", Event.newBuilder()));
    assertThat(openApi.path()).hasToString("content.text");

    String raw = "{\"eventId\":\"ok\"}\n{\"eventId\":\"a\ud800\"}\n{\"eventId\":\"\ud83d\ude00\"}\n";
    try (JsonLinesReader reader = JsonLinesReader.builder().build(new StringReader(raw))) {
      assertThat(reader.next()).get().extracting(e -> e.event().getEventId()).isEqualTo("ok");
      assertThat(reader.next()).get().extracting(e -> e.error().getMessage()).asString()
          .startsWith("line 2: event_id: string holds an unpaired UTF-16 surrogate \\ud800 at character 2,");
      assertThat(reader.next()).get().extracting(e -> e.event().getEventId()).isEqualTo("😀");
    }
    assertThat(ProtoJson.defaults().merge("{\"eventId\":\"\\ud83d\\ude00\"}", Event.newBuilder()).getEventId())
        .isEqualTo("😀");
  }
}
