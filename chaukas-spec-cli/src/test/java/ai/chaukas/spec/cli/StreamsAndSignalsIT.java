package ai.chaukas.spec.cli;

import static ai.chaukas.spec.cli.ChaukasCliTest.chaukas;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.chaukas.spec.cli.ChaukasCliTest.Run;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.toolkit.json.JsonLinesWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pipes and devices are read as streams; an interrupted rewrite leaves no temporary file. */
class StreamsAndSignalsIT {

  @TempDir Path dir;

  private static byte[] jsonLines(List<Event> events) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (JsonLinesWriter w = new JsonLinesWriter(bytes)) {
      for (Event e : events) {
        w.write(e);
      }
    }
    return bytes.toByteArray();
  }

  @Test
  void aNamedPipeIsReadAsAStream() throws Exception {
    Path fifo = dir.resolve("events"); // no extension: its format is detected from its bytes
    assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is available");
    CompletableFuture<Run> run = CompletableFuture.supplyAsync(() -> chaukas("validate", fifo));
    try (OutputStream writer = Files.newOutputStream(fifo)) {
      writer.write(jsonLines(IntegrityCommandsTest.twoSessions()));
    }
    Run done = run.get(30, TimeUnit.SECONDS);
    assertThat(done.code()).as(done.err()).isZero();
    assertThat(done.out()).contains("12 events, 12 valid, 0 rejected (jsonl)");
  }

  @Test
  void devStdinFromAPipeIsReadAsAStream() throws Exception {
    Path err = dir.resolve("err");
    Path out = dir.resolve("out");
    Process p = ChildCli.start(List.of(), out, err, "validate", "/dev/stdin");
    try (OutputStream stdin = p.getOutputStream()) {
      stdin.write(jsonLines(IntegrityCommandsTest.twoSessions()));
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(err)).isZero();
    assertThat(Files.readString(out)).contains("/dev/stdin: 12 events, 12 valid, 0 rejected (jsonl)");
  }

  /** Starts {@code convert -o out.jsonl -} fed slowly, and waits until its temporary file exists. */
  private Process convertingIntoATemporaryFile(Path target) throws Exception {
    Process p = ChildCli.start(List.of("-XX:+UseSerialGC"), dir.resolve("out.txt"), dir.resolve("err.txt"),
        "convert", "--to", "jsonl", "--format", "jsonl", "-o", target.toString(), "-");
    OutputStream stdin = p.getOutputStream();
    byte[] lines = jsonLines(IntegrityCommandsTest.twoSessions());
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (temporaryFiles().isEmpty()) {
      assertThat(Instant.now()).as("a temporary file appears").isBefore(deadline);
      stdin.write(lines);
      stdin.flush();
      Thread.sleep(50);
    }
    return p; // stdin stays open: the command is still reading
  }

  private List<Path> temporaryFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"INT", "TERM"})
  void anInterruptedRewriteRemovesItsTemporaryFile(String signal) throws Exception {
    Path target = dir.resolve("out.jsonl");
    Files.writeString(target, "old\n");
    Process p = convertingIntoATemporaryFile(target);
    ChildCli.signal(p, signal);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(temporaryFiles()).isEmpty();
    assertThat(Files.readString(target)).isEqualTo("old\n");
  }

  @Test
  void aKilledRewritesTemporaryFileIsRemovedByTheNextRun() throws Exception {
    Path target = dir.resolve("out.jsonl");
    Process p = convertingIntoATemporaryFile(target);
    ChildCli.signal(p, "KILL");
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<Path> left = temporaryFiles();
    assertThat(left).hasSize(1);
    assertThat(left.get(0).getFileName().toString()).startsWith(".out.jsonl.chaukas-" + p.pid() + "-");

    Path input = dir.resolve("in.jsonl");
    Files.write(input, jsonLines(IntegrityCommandsTest.twoSessions()));
    Run next = chaukas("convert", "--to", "jsonl", "-o", target, input);
    assertThat(next.code()).as(next.err()).isZero();
    assertThat(next.err()).contains("removed " + left.get(0).getFileName() + ", left by an interrupted run");
    assertThat(temporaryFiles()).isEmpty();
    assertThat(Files.readString(target, StandardCharsets.UTF_8)).hasLineCount(12);
  }
}
