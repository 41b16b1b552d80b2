package ai.chaukas.spec.toolkit.validation;

import static ai.chaukas.spec.testing.internal.SampleEvents.validLlmEvent;
import static ai.chaukas.spec.testing.internal.Values.str;
import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.ToolResponse;
import ai.chaukas.spec.toolkit.FieldPath;
import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rule {@code id-characters}: each class of forbidden character, at every position of an id, gets
 * the same verdict on the parse path and the fast path, while the printable characters next to
 * each range stay allowed.
 */
class IdCharactersTest {

  private static final EventValidator VALIDATOR = EventValidator.defaults();

  private static boolean fastPath(Event event) {
    byte[] bytes = event.toByteArray();
    return new WireScanner(VALIDATOR.options(), bytes).certainlyValid(0, bytes.length);
  }

  private static List<Violation> fromBytes(Event event) throws Exception {
    byte[] bytes = event.toByteArray();
    return VALIDATOR.validateSerialized(bytes, 0, bytes.length).violations();
  }

  private static String character(String hex) {
    return new String(Character.toChars(Integer.parseInt(hex, 16)));
  }

  /** Both ends of every range, and the characters a crafted id would use. */
  @ParameterizedTest
  @CsvSource({
    "0000, control character",
    "0009, control character",
    "000A, control character",
    "000D, control character",
    "001B, control character",
    "001F, control character",
    "007F, control character",
    "0080, control character",
    "0085, control character",
    "009B, control character",
    "009F, control character",
    "200E, bidirectional formatting character",
    "200F, bidirectional formatting character",
    "202A, bidirectional formatting character",
    "202B, bidirectional formatting character",
    "202C, bidirectional formatting character",
    "202D, bidirectional formatting character",
    "202E, bidirectional formatting character",
    "2066, bidirectional formatting character",
    "2067, bidirectional formatting character",
    "2068, bidirectional formatting character",
    "2069, bidirectional formatting character",
    "2028, line separator",
    "2029, paragraph separator",
  })
  void eachForbiddenCharacterIsNamedByItsCodePointOnBothPaths(String hex, String kind) throws Exception {
    Event event = validLlmEvent().toBuilder().setEventId("evt-1" + character(hex) + "x").build();
    List<Violation> violations = VALIDATOR.validate(event);
    assertThat(violations).containsExactly(new Violation(Rule.ID_CHARACTERS, FieldPath.of("event_id"),
        "holds " + kind + " U+" + hex + " at position 5; identifiers must be printable text"));
    assertThat(fastPath(event)).isFalse();
    assertThat(fromBytes(event)).isEqualTo(violations);
  }

  /**
   * The characters just outside each range are printable: an id made of them takes the fast path,
   * and with a forbidden character after them, that one is reported, at its position.
   */
  @ParameterizedTest
  @ValueSource(strings = {"0020", "007E", "00A0", "00E9", "0100", "2000", "200D", "2010", "2027",
      "202F", "2065", "206A", "20AC", "1F600"})
  void theNeighboursOfEachRangeStayAllowed(String hex) throws Exception {
    String neighbour = character(hex);
    Event clean = validLlmEvent().toBuilder().setEventId("evt" + neighbour + "x").build();
    assertThat(VALIDATOR.validate(clean)).isEmpty();
    assertThat(fastPath(clean)).isTrue();

    Event dirty = clean.toBuilder().setEventId("evt" + neighbour + "\u0000").build();
    assertThat(fromBytes(dirty)).containsExactly(new Violation(Rule.ID_CHARACTERS, FieldPath.of("event_id"),
        "holds control character U+0000 at position " + (3 + neighbour.length())
            + "; identifiers must be printable text"));
  }

  /**
   * The fast path reads ASCII eight bytes at a time: a forbidden character must be found at every
   * offset of a word and in the bytes after the last whole word.
   */
  @Test
  void everyPositionOfEveryLengthIsChecked() throws Exception {
    Event base = validLlmEvent();
    for (int length = 1; length <= 24; length++) {
      Event clean = base.toBuilder().setEventId("i".repeat(length)).build();
      assertThat(fastPath(clean)).as("clean id of %d", length).isTrue();
      for (int at = 0; at < length; at++) {
        for (String hex : List.of("0000", "001F", "007F", "0085", "202E")) {
          String id = "a".repeat(at) + character(hex) + "b".repeat(length - at - 1);
          Event event = base.toBuilder().setEventId(id).build();
          assertThat(fastPath(event)).as("U+%s at %d of %d", hex, at, length).isFalse();
          assertThat(fromBytes(event))
              .singleElement()
              .extracting(Violation::message)
              .asString()
              .contains("U+" + hex + " at position " + at + ";");
        }
      }
    }
  }

  @Test
  void theFirstOfSeveralIsReportedAtItsUtf16Position() {
    Event event = validLlmEvent().toBuilder().setSessionId("\ud83d\ude00a\n\u001B").build();
    assertThat(VALIDATOR.validate(event))
        .extracting(Violation::toString)
        .containsExactly(
            "session_id: [id-characters] holds control character U+000A at position 3;"
                + " identifiers must be printable text");
  }

  @Test
  void otherStringsMayHoldControlCharacters() throws Exception {
    Event event =
        validLlmEvent().toBuilder()
            .setAgentName("line one\nline two")
            .addTags("\u001B[31mred")
            .setMetadata(Struct.newBuilder().putFields("key\u2028", str("value\u202E")))
            .setResponseId("r\u0085")
            .build();
    List<Violation> violations = VALIDATOR.validate(event);
    assertThat(violations)
        .extracting(v -> v.path().toString(), Violation::rule)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("response_id", Rule.ID_CHARACTERS));
    assertThat(fromBytes(event)).isEqualTo(violations);
  }

  @Test
  void contentIdsAndBatchIdsAreIdentifiersToo() throws Exception {
    Event toolEnd =
        FactoryEventsAreValidTest.oneOfEachType().stream()
            .filter(Event::hasToolResponse)
            .findFirst()
            .orElseThrow();
    Event event = toolEnd.toBuilder()
        .setToolResponse(ToolResponse.newBuilder().setToolCallId("call\u200F1"))
        .build();
    assertThat(fromBytes(event))
        .extracting(v -> v.path().toString(), Violation::rule)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("tool_response.tool_call_id", Rule.ID_CHARACTERS));

    EventBatch batch = EventBatch.newBuilder().setBatchId("b\u2028").addEvents(validLlmEvent()).build();
    assertThat(VALIDATOR.validateBatchFields(batch, 1)).containsExactly(new Violation(Rule.ID_CHARACTERS,
        FieldPath.of("batch_id"), "holds line separator U+2028 at position 1; identifiers must be printable text"));
    assertThat(VALIDATOR.validate(batch).batchViolations()).extracting(v -> v.path().toString()).containsExactly("batch_id");
  }

  @Test
  void anOverlongIdWithAControlCharacterBreaksBothRules() {
    Event event = validLlmEvent().toBuilder().setSpanId("s".repeat(300) + "\u007F").build();
    assertThat(VALIDATOR.validate(event))
        .extracting(Violation::rule)
        .containsExactly(Rule.ID_LENGTH, Rule.ID_CHARACTERS);
  }

  /** The byte-level check of the fast path against the rule on decoded strings. */
  @Test
  void idUtf16LengthMatchesTheRuleOnRandomBytes() {
    Random random = new Random(7);
    byte[] interesting = {0x00, 0x1F, 0x20, 0x7E, 0x7F, (byte) 0x80, (byte) 0x81, (byte) 0x8E,
        (byte) 0x9F, (byte) 0xA0, (byte) 0xA6, (byte) 0xA8, (byte) 0xAE, (byte) 0xAF, (byte) 0xBF,
        (byte) 0xC2, (byte) 0xC3, (byte) 0xE2, (byte) 0xE3, (byte) 0xF0};
    byte[][] characters =
        Arrays.stream(new String[] {"\u0085", "\u009F", "\u00A0", "\u200D", "\u200E", "\u200F",
                "\u2027", "\u2028", "\u2029", "\u202A", "\u202E", "\u202F", "\u2065", "\u2066",
                "\u2069", "\u206A", "\ud83d\ude00"})
            .map(c -> c.getBytes(StandardCharsets.UTF_8))
            .toArray(byte[][]::new);
    Event base = validLlmEvent();
    int clean = 0;
    int forbidden = 0;
    for (int i = 0; i < 100_000; i++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int j = 0, n = random.nextInt(20); j < n; j++) {
        // Mostly printable ASCII, so that whole words are read eight bytes at a time.
        int pick = random.nextInt(20);
        if (pick < 12) {
          out.write(0x21 + random.nextInt(0x5E));
        } else if (pick < 17) {
          out.write(interesting[random.nextInt(interesting.length)]);
        } else {
          out.writeBytes(characters[random.nextInt(characters.length)]);
        }
      }
      byte[] b = out.toByteArray();
      int length = WireScanner.idUtf16Length(b, 0, b.length);
      if (!ByteString.copyFrom(b).isValidUtf8()) {
        assertThat(length).as("%s", Arrays.toString(b)).isEqualTo(-1);
        continue;
      }
      String s = new String(b, StandardCharsets.UTF_8);
      boolean valid = VALIDATOR.validate(base.toBuilder().setTraceId(s).build()).isEmpty();
      assertThat(length).as("%s", Arrays.toString(b)).isEqualTo(valid ? s.length() : -1);
      if (valid) {
        clean++;
      } else {
        forbidden++;
      }
    }
    assertThat(clean).isGreaterThan(5_000);
    assertThat(forbidden).isGreaterThan(5_000);
  }
}
