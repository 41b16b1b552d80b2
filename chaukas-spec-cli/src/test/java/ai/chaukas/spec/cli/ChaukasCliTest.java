package ai.chaukas.spec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.client.v1.IngestEventBatchRequest;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChaukasCliTest {

  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  /** Runs the command line, each argument as its {@code toString()} (paths, numbers, text). */
  static Run chaukas(Object... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] strings = new String[args.length];
    for (int i = 0; i < args.length; i++) {
      strings[i] = args[i].toString();
    }
    int code = Chaukas.run(new PrintWriter(out, true), new PrintWriter(err, true), strings);
    return new Run(code, out.toString(), err.toString());
  }

  Path vector(String name) throws IOException {
    Path target = dir.resolve(name);
    if (Files.exists(target)) {
      return target;
    }
    try (InputStream in = ChaukasCliTest.class.getResourceAsStream("/vectors/python-sdk/" + name)) {
      Files.copy(in, target);
    }
    return target;
  }

  Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  static EventBatch batchVector() throws IOException {
    try (InputStream in = ChaukasCliTest.class.getResourceAsStream("/vectors/python-sdk/02-events_batch.bin")) {
      return IngestEventBatchRequest.parseFrom(in).getEventBatch();
    }
  }

  @Test
  void validatesThePythonSdkRequestsAsTheyWereSent() throws IOException {
    Run single = chaukas("validate", vector("01-events.bin").toString());
    assertThat(single.code()).as(single.err()).isZero();
    assertThat(single.out()).contains("1 events, 1 valid, 0 rejected (binary ingest-event)");

    Run batch = chaukas("validate", "--require-tenant", vector("02-events_batch.bin").toString());
    assertThat(batch.code()).isZero();
    assertThat(batch.out()).contains("4 events, 4 valid, 0 rejected (binary ingest-batch)");

    Run json = chaukas("validate", vector("02-events_batch.decoded.json").toString());
    assertThat(json.code()).as(json.err()).isZero();
    assertThat(json.out()).contains("(proto-json ingest-batch)");
  }

  @Test
  void reportsRejectedEventsAndBadLinesWithLineNumbers() throws IOException {
    List<Event> events = batchVector().getEventsList();
    String good = JsonFormat.printer().omittingInsignificantWhitespace().print(events.get(0));
    String invalid = JsonFormat.printer().omittingInsignificantWhitespace().print(events.get(1).toBuilder().clearSessionId().setContentHash("XYZ"));
    String pythonFileMode = good.replaceFirst("\"timestamp\":\"([^\"]+)Z\"", "\"timestamp\":\"$1\"");
    Path file = write("audit", String.join("\n", good, "{\"eventId\": oops", "", invalid, pythonFileMode) + "\n");

    Run run = chaukas("validate", file.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out())
        .contains(file + ":line 2: unreadable:")
        .contains(file + ":line 4: " + events.get(1).getEventId() + ": session_id: [required-field]")
        .contains("content_hash: [hash-format]")
        .contains("4 events, 2 valid, 2 rejected (jsonl)")
        .doesNotContain("line 5");
  }

  @Test
  void anIdWithControlCharactersIsRejectedAndNeverPrinted() throws IOException {
    JsonFormat.Printer json = JsonFormat.printer().omittingInsignificantWhitespace();
    Event good = batchVector().getEvents(0);
    Event crafted = good.toBuilder().setEventId("evt\u001B[2J\u202Efake").build();
    Path file = write("crafted", json.print(good) + "\n" + json.print(crafted) + "\n");

    Run run = chaukas("validate", file.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out())
        .contains(file + ":line 2: evt\\u001b[2J\\u202efake: event_id: [id-characters] holds control"
            + " character U+001B at position 3; identifiers must be printable text")
        .contains("2 events, 1 valid, 1 rejected (jsonl)")
        .doesNotContain("\u001B")
        .doesNotContain("\u202E");
  }

  @Test
  void unusableInputExitsTwoAndSaysWhatToDo() throws IOException {
    Run missing = chaukas("validate", dir.resolve("nope.jsonl").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file");

    Run garbage = chaukas("validate", write("garbage.bin", "\u0007\u0001 not protobuf at all").toString());
    assertThat(garbage.code()).isEqualTo(2);
    assertThat(garbage.err()).contains("pass --format and --container");

    Run badJson = chaukas("validate", write("broken.json", "{\"event\": {\"eventId\": ").toString());
    assertThat(badJson.code()).isEqualTo(2);
    assertThat(badJson.err()).contains("broken.json");

    Run usage = chaukas("validate", "--format", "yaml", vector("01-events.bin").toString());
    assertThat(usage.code()).isEqualTo(2);
    assertThat(usage.err()).doesNotContain("This is a bug");

    Run badContainer = chaukas("validate", "--container", "foo", vector("01-events.bin").toString());
    assertThat(badContainer.code()).isEqualTo(2);
    assertThat(badContainer.err()).doesNotContain("This is a bug");
  }

  @Test
  void aWrongFormatOrContainerNameIsAUsageErrorNamingTheAcceptedOnes() throws IOException {
    String in = vector("01-events.bin").toString();
    Path out = dir.resolve("out.jsonl");
    List<List<String>> commandLines = List.of(
        List.of("validate", "--format", "yaml", in),
        List.of("stats", "--container", "foo", in),
        List.of("hash", "--format", "yaml", in),
        List.of("convert", "--to", "yaml", "-o", out.toString(), in),
        List.of("convert", "--to", "jsonl", "--format", "yaml", "-o", out.toString(), in),
        List.of("convert", "--to", "jsonl", "--output-container", "foo", "-o", out.toString(), in),
        List.of("chain", "--to", "yaml", "-o", out.toString(), in),
        List.of("chain", "--container", "foo", "-o", out.toString(), in),
        List.of("redact", "--method", "mask", "--path", "agent_name", "--container", "foo", "-o", out.toString(), in),
        List.of("redact", "--method", "mask", "--path", "agent_name", "--output-container", "foo", "-o", out.toString(), in));
    for (List<String> args : commandLines) {
      Run run = chaukas(args.toArray(String[]::new));
      assertThat(run.code()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(run.err()).as(String.join(" ", args))
          .doesNotContain("This is a bug")
          .containsPattern("unknown (format 'yaml'|container 'foo'); use one of ");
      assertThat(out).as(String.join(" ", args)).doesNotExist();
    }
  }

  @Test
  void convertReportsAnOutputItCannotWrite() throws IOException {
    Path missingDir = dir.resolve("no-such-dir");
    Path target = missingDir.resolve("x.jsonl");
    Run run = chaukas("convert", "--to", "jsonl", "-o", target.toString(), vector("02-events_batch.bin").toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .contains("chaukas convert: cannot write the output: " + missingDir + ": no such file or directory")
        .doesNotContain("This is a bug");
    assertThat(missingDir).doesNotExist();
  }

  @Test
  void reportsTheBatchsOwnFieldsApartFromItsEvents() throws IOException {
    Path file = dir.resolve("negative-total.bin");
    Files.write(file, batchVector().toBuilder().setTotalCost(-1).build().toByteArray());
    Run run = chaukas("validate", file.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out())
        .contains(file + ": batch: total_cost")
        .contains("4 events, 4 valid, 0 rejected (binary batch)");
  }

  @Test
  void convertsBetweenEveryFormatWithoutLoss() throws IOException {
    Path bin = vector("02-events_batch.bin");
    EventBatch original = batchVector();

    Path jsonl = dir.resolve("batch.jsonl");
    assertThat(chaukas("convert", "--to", "jsonl", "-o", jsonl.toString(), bin.toString()).code()).isZero();
    assertThat(Files.readAllLines(jsonl)).hasSize(4).allSatisfy(line -> assertThat(line).startsWith("{\"event_id\":"));

    Path openapi = dir.resolve("batch.openapi.json");
    assertThat(chaukas("convert", "--to", "openapi-json", "-o", openapi.toString(), jsonl.toString()).code()).isZero();
    String openapiText = Files.readString(openapi);
    assertThat(openapiText).contains("\"kind\":\"llm_invocation\"").contains("\"type\":\"MODEL_INVOCATION_START\"");

    Path proto = dir.resolve("batch.proto.json");
    assertThat(chaukas("convert", "--to", "proto-json", "--proto-names", "-o", proto.toString(), openapi.toString()).code()).isZero();

    Path back = dir.resolve("back.bin");
    Run run = chaukas("convert", "--to", "binary", "-o", back.toString(), proto.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(EventBatch.parseFrom(Files.readAllBytes(back)).getEventsList()).isEqualTo(original.getEventsList());

    Path request = dir.resolve("request.bin");
    assertThat(chaukas("convert", "--to", "binary", "--output-container", "ingest-batch", "-o", request.toString(), bin.toString()).code()).isZero();
    assertThat(IngestEventBatchRequest.parseFrom(Files.readAllBytes(request)))
        .isEqualTo(IngestEventBatchRequest.parseFrom(Files.readAllBytes(bin)));
  }

  @Test
  void convertRefusesManyEventsAsOneEvent() throws IOException {
    Run run = chaukas("convert", "--to", "proto-json", "--output-container", "event", "-o", dir.resolve("x").toString(),
        vector("02-events_batch.bin").toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("4 events cannot be written as one event");
  }

  @Test
  void statsSummariseWhatMatters() throws IOException {
    Run run = chaukas("stats", vector("01-events.bin").toString(), vector("02-events_batch.bin").toString());
    assertThat(run.code()).as(run.err()).isZero();
    // The probe ran without a session context, so the Python SDK gave each event its own session.
    long sessions = java.util.stream.Stream.concat(batchVector().getEventsList().stream(),
            java.util.stream.Stream.of(ai.chaukas.spec.client.v1.IngestEventRequest.parseFrom(Files.readAllBytes(vector("01-events.bin"))).getEvent()))
        .map(Event::getSessionId).distinct().count();
    assertThat(run.out())
        .contains("events      5")
        .contains("sessions    " + sessions)
        .contains("tenants     1 (tenant-probe)")
        .contains("MODEL_INVOCATION_START")
        .contains("SESSION_START");
    EventBatch batch = batchVector();
    long tokens = batch.getEventsList().stream().filter(Event::hasLlmInvocation)
        .mapToLong(e -> e.getLlmInvocation().getTotalTokens()).sum();
    assertThat(run.out()).contains(String.format("tokens      %,d", tokens));

    Run json = chaukas("stats", "--json", vector("02-events_batch.bin").toString());
    assertThat(json.out()).contains("\"events\": 4").contains("\"EVENT_TYPE_TOOL_CALL_END\": 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"validate", "convert", "stats", "send"})
  void everyCommandHasHelp(String command) {
    Run run = chaukas(command, "--help");
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("Usage: chaukas " + command).contains("--format");
  }

  @ParameterizedTest
  @ValueSource(strings = {"validate", "convert", "stats", "hash", "chain", "verify", "redact", "keygen", "prove",
      "verify-proof", "send", "serve", "conformance"})
  void everyCommandHasTheStandardOptionsAndListsItsExitCodes(String command) {
    Run run = chaukas(command, "--help");
    assertThat(run.code()).isZero();
    assertThat(run.out())
        .containsPattern("^Usage: chaukas " + command + " \\[-h[a-z]*V]")
        .contains("  -h, --help ", "  -V, --version ")
        .containsPattern("\nExit codes:\n  0   [^\n]+\n(.*\n)*  2   ");
    assertThat(chaukas("help", command).out()).isEqualTo(run.out());
  }

  @Test
  void noCommandIsAUsageError() {
    Run run = chaukas();
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("name a command");
  }

  @Test
  void detectsOpenApiDocuments() throws IOException {
    Path openapi = write("event.json", "{\"event_id\":\"e1\",\"session_id\":\"s1\",\"type\":\"INPUT_RECEIVED\","
        + "\"status\":\"COMPLETED\",\"timestamp\":\"2026-11-25T18:34:51Z\","
        + "\"content\":{\"kind\":\"message\",\"role\":\"user\",\"text\":\"hi\"}}");
    Run run = chaukas("validate", openapi.toString());
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("(openapi-json event)");
  }
}
