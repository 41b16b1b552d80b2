package ai.chaukas.spec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.toolkit.json.JsonLinesWriter;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's memory stays bounded on any input: each case runs in a child JVM with the
 * documented {@code -Xmx64m}, which must finish with the documented exit code and a named error,
 * never an OutOfMemoryError. The inputs are generated while they are sent, never held whole.
 */
class BoundedMemoryIT {

  private static final List<String> SMALL_HEAP = List.of("-Xmx64m", "-XX:+UseSerialGC");

  @TempDir Path dir;

  private static String line(Event event) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonLinesWriter w = new JsonLinesWriter(bytes)) {
      w.write(event);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private record Result(int code, String out, String err) {}

  /** Runs {@code chaukas ARGS} in a small heap with standard input written by {@code feeder}. */
  private Result run(Feeder feeder, String... args) throws Exception {
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = ChildCli.start(SMALL_HEAP, out, err, args);
    try (OutputStream stdin = new BufferedOutputStream(p.getOutputStream(), 1 << 16)) {
      feeder.feed(stdin);
    } catch (IOException closedEarly) {
      // The command may stop reading once it has refused the input.
    }
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("finished").isTrue();
    Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    assertThat(r.err()).doesNotContain("OutOfMemoryError").doesNotContain("This is a bug");
    return r;
  }

  private interface Feeder {
    void feed(OutputStream stdin) throws IOException;
  }

  /** {@code {"eventId":"huge","metadata":{"values":[0,0,…]}}} with {@code count} elements, streamed. */
  private static void hugeArrayLine(OutputStream out, long count) throws IOException {
    out.write("{\"eventId\":\"huge\",\"metadata\":{\"values\":[0".getBytes(StandardCharsets.US_ASCII));
    byte[] chunk = ",0".repeat(4096).getBytes(StandardCharsets.US_ASCII);
    for (long written = 1; written < count; written += 4096) {
      out.write(chunk);
    }
    out.write("]}}\n".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void aLineUnderTheLengthLimitHoldingMillionsOfValuesIsANamedError() throws Exception {
    String good = line(IntegrityCommandsTest.batchVector().get(0));
    // 7.5 million elements in about 15 MB: under the 16 MiB line limit.
    Result r = run(stdin -> {
      stdin.write(good.getBytes(StandardCharsets.UTF_8));
      hugeArrayLine(stdin, 7_500_000);
      stdin.write(good.getBytes(StandardCharsets.UTF_8));
    }, "validate", "--format", "jsonl", "-");
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).contains("-:line 2: unreadable").contains("metadata.values[").contains("JsonLimits.maxValues")
        .contains("3 events, 2 valid, 1 rejected");
  }

  @Test
  void aLineOfHundredsOfMegabytesIsRefusedInBoundedMemory() throws Exception {
    String good = line(IntegrityCommandsTest.batchVector().get(0));
    Result r = run(stdin -> {
      hugeArrayLine(stdin, 100_000_000); // 200 MB
      stdin.write(good.getBytes(StandardCharsets.UTF_8));
    }, "verify", "--format", "jsonl", "-");
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).contains("-:line 1 (unreadable").contains("JsonLimits.maxValues");
  }

  @Test
  void aLargeBinaryBatchIsWrittenAndReadBackEventByEvent() throws Exception {
    Event template = IntegrityCommandsTest.batchVector().get(0);
    String padding = "x".repeat(1500);
    int events = 80_000; // about 130 MB of JSON Lines, 120 MB as binary
    Path bin = dir.resolve("big.bin");
    Result convert = run(stdin -> {
      for (int i = 0; i < events; i++) {
        stdin.write(line(template.toBuilder().setEventId("event-" + i).setAgentName(padding).build())
            .getBytes(StandardCharsets.UTF_8));
      }
    }, "convert", "--format", "jsonl", "--to", "binary", "-o", bin.toString(), "-");
    assertThat(convert.code()).as(convert.err()).isZero();
    assertThat(Files.size(bin)).isGreaterThan(100L << 20);

    // Every event is valid; the batch as a whole holds more than a batch may send (rule batch-size).
    Result validate = run(stdin -> { }, "validate", bin.toString());
    assertThat(validate.code()).as(validate.err()).isEqualTo(1);
    assertThat(validate.out()).contains("batch: events: [batch-size]")
        .contains(events + " events, " + events + " valid, 0 rejected (binary batch); the batch itself is invalid"
            + " (batch-size)");
  }
}
