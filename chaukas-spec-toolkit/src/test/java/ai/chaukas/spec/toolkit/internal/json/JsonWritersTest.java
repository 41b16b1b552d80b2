package ai.chaukas.spec.toolkit.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonWritersTest {

  private static String bytes(Consumer<JsonByteWriter> write) {
    JsonByteWriter out = new JsonByteWriter(4);
    write.accept(out);
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  private static String chars(Consumer<JsonCharWriter> write) {
    StringBuilder text = new StringBuilder();
    write.accept(new JsonCharWriter(text));
    return text.toString();
  }

  @Test
  void bothWritersEscapeEveryAsciiCharacterAlike() {
    for (char c = 0; c < 0x80; c++) {
      String s = "a" + c + "b";
      assertThat(bytes(w -> w.string(s))).as("U+%04X", (int) c).isEqualTo(chars(w -> w.string(s)));
    }
    String all = "q\" b\\ s/ \b\f\n\r\t \u0000\u0001\u001f \u007f";
    assertThat(chars(w -> w.string(all))).isEqualTo("\"q\\\" b\\\\ s/ \\b\\f\\n\\r\\t \\u0000\\u0001\\u001f \u007f\"");
  }

  @Test
  void beyondAsciiOnlyTheCharWriterEscapesLineSeparatorsAndLoneSurrogates() {
    String text = "é 日 😀 \u2028\u2029";
    assertThat(bytes(w -> w.string(text))).isEqualTo("\"" + text + "\"");
    assertThat(chars(w -> w.string(text))).isEqualTo("\"é 日 😀 \\u2028\\u2029\"");

    assertThat(chars(w -> w.string("a\uD800b\uDC00\uD83D\uDE00"))).isEqualTo("\"a\\ud800b\\udc00\uD83D\uDE00\"");
    JsonByteWriter out = new JsonByteWriter(16);
    assertThat(out.string("ok?")).isEqualTo(-1);
    assertThat(out.string("a?\uD83D\uDE00\uDC00")).isEqualTo(4);
  }

  @ParameterizedTest
  @CsvSource({"ab, -1", "a\uD800, 1", "\uDC00x, 0", "\uD83D\uDE00x\uDE00, 3", "\uD800\uD800\uDC00, 0"})
  void loneSurrogateIsTheFirstUnpairedHalf(String s, int index) {
    assertThat(JsonStrings.loneSurrogate(s)).isEqualTo(index);
  }

  @Test
  void integersUseAllSixtyFourBits() {
    long[] edges = {0, 1, -1, 9, 10, -10, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
    Random random = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      long v = i < edges.length ? edges[i] : random.nextLong() >> random.nextInt(64);
      assertThat(bytes(w -> w.integer(v))).isEqualTo(Long.toString(v)).isEqualTo(chars(w -> w.integer(v)));
      assertThat(bytes(w -> w.unsignedInteger(v)))
          .isEqualTo(Long.toUnsignedString(v))
          .isEqualTo(chars(w -> w.unsignedInteger(v)));
    }
  }

  @Test
  void timestampsAreWrittenAsProtobufWritesThem() {
    Random random = new Random(11);
    int[] nanos = {0, 5_000_000, 123_456_000, 1, 999_999_999};
    for (int i = 0; i < 2_000; i++) {
      long seconds = i == 0 ? -62_135_596_800L : i == 1 ? 253_402_300_799L
          : -62_135_596_800L + Math.floorMod(random.nextLong(), 315_537_897_600L);
      int n = nanos[i % nanos.length];
      String expected = "\"" + Timestamps.toString(Timestamp.newBuilder().setSeconds(seconds).setNanos(n).build()) + "\"";
      assertThat(bytes(w -> w.timestamp(seconds, n))).isEqualTo(expected);
      assertThat(chars(w -> w.timestamp(seconds, n))).isEqualTo(expected);
    }
  }

  /** Everything a writer can write, long enough to cross many small buffers. */
  private static void sample(JsonByteWriter w) {
    w.put((byte) '[');
    for (int i = 0; i < 200; i++) {
      w.string("line " + i + "\n\t\"quoted\" é 😀 " + "x".repeat(i % 17));
      w.put((byte) ',');
      w.number(i / 7.0);
      w.put((byte) ',');
      w.integer(-i * 1_000_003L);
      w.put((byte) ',');
      w.unsignedInteger(-i);
      w.put((byte) ',');
      w.timestamp(i * 86_399L, i * 1_000);
      w.put((byte) ',');
      w.base64(new byte[i % 5]);
      w.put((byte) ',');
      w.bool(i % 2 == 0);
      w.put((byte) ',');
      w.nullValue();
      w.put((byte) ',');
    }
    w.put("0]".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void digestModeFeedsTheDigestExactlyTheCollectedBytes() throws Exception {
    JsonByteWriter collecting = new JsonByteWriter(8);
    sample(collecting);
    byte[] collected = collecting.toByteArray();
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(collected);

    JsonByteWriter streaming = new JsonByteWriter(8);
    for (int round = 0; round < 2; round++) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      streaming.digestInto(digest);
      sample(streaming);
      streaming.flush();
      assertThat(digest.digest()).as("round %d", round).isEqualTo(expected);
    }
    assertThat(collected.length).isGreaterThan(10_000);
  }

  @Test
  void discardDropsWhatIsBuffered() {
    JsonByteWriter out = new JsonByteWriter(64);
    out.string("dropped");
    out.discard();
    out.integer(42);
    assertThat(out.toByteArray()).isEqualTo("42".getBytes(StandardCharsets.US_ASCII));
  }
}
