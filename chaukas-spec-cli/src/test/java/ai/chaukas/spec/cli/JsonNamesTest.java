package ai.chaukas.spec.cli;

import static ai.chaukas.spec.cli.ChaukasCliTest.chaukas;
import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.cli.ChaukasCliTest.Run;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The field names of the JSON Lines that convert, chain and redact write: --json-names. */
class JsonNamesTest {

  /** A JSON member name in lowerCamelCase, such as {@code "eventId":}. */
  private static final Pattern CAMEL_NAME = Pattern.compile("\"[a-z]+[A-Z][A-Za-z]*\":");

  @TempDir Path dir;

  private Path batchVector() throws IOException {
    Path target = dir.resolve("02-events_batch.bin");
    try (InputStream in = JsonNamesTest.class.getResourceAsStream("/vectors/python-sdk/02-events_batch.bin")) {
      Files.copy(in, target);
    }
    return target;
  }

  private List<Event> binaryEvents(Path jsonl) throws IOException {
    Path bin = dir.resolve(jsonl.getFileName() + ".bin");
    Run run = chaukas("convert", "--to", "binary", "--output-container", "batch", "-o", bin.toString(), jsonl.toString());
    assertThat(run.code()).as(run.err()).isZero();
    return EventBatch.parseFrom(Files.readAllBytes(bin)).getEventsList();
  }

  /** Runs {@code chaukas COMMAND --to jsonl OPTIONS -o NAME IN}, which must succeed; the file NAME. */
  private Path writeJsonl(String command, Path in, String name, String... options) {
    Path out = dir.resolve(name);
    List<String> args = new ArrayList<>(List.of(command, "--to", "jsonl"));
    args.addAll(List.of(options));
    args.addAll(List.of("-o", out.toString(), in.toString()));
    Run run = chaukas(args.toArray());
    assertThat(run.code()).as(run.err()).isZero();
    return out;
  }

  @Test
  void convertWritesProtoFieldNamesByDefaultAndLowerCamelCaseWhenAsked() throws IOException {
    Path bin = batchVector();
    Path proto = writeJsonl("convert", bin, "proto.jsonl");
    Path camel = writeJsonl("convert", bin, "camel.jsonl", "--json-names=camel");

    assertThat(Files.readAllLines(proto)).hasSize(4).allSatisfy(line -> assertThat(line)
        .startsWith("{\"event_id\":\"").contains("\"session_id\":\"", "\"agent_name\":\"Greeter\"",
            "\"span_id\":\"").containsPattern("\"timestamp\":\"[^\"]+Z\"").doesNotContainPattern(CAMEL_NAME));
    assertThat(Files.readAllLines(camel)).hasSize(4).allSatisfy(line -> assertThat(line)
        .startsWith("{\"eventId\":\"").contains("\"sessionId\":\"", "\"agentName\":\"Greeter\"", "\"spanId\":\"")
        .containsPattern("\"timestamp\":\"[^\"]+Z\"").doesNotContain("\"event_id\"", "\"session_id\""));

    List<Event> original = ChaukasCliTest.batchVector().getEventsList();
    assertThat(binaryEvents(proto)).isEqualTo(original);
    assertThat(binaryEvents(camel)).isEqualTo(original);
  }

  @Test
  void protoNamesAreTheDefaultAndTheNameIsCaseInsensitive() throws IOException {
    Path bin = batchVector();
    Path byDefault = writeJsonl("convert", bin, "default.jsonl");
    Path explicit = writeJsonl("convert", bin, "explicit.jsonl", "--json-names", "PROTO");
    assertThat(Files.readString(explicit)).startsWith("{\"event_id\":").isEqualTo(Files.readString(byDefault));
  }

  @Test
  void aFileMixingBothSpellingsIsReadAsOne() throws IOException {
    Path bin = batchVector();
    Path proto = writeJsonl("convert", bin, "proto.jsonl");
    Path camel = writeJsonl("convert", bin, "camel.jsonl", "--json-names", "camel");
    List<String> p = Files.readAllLines(proto);
    List<String> c = Files.readAllLines(camel);
    Path mixed = dir.resolve("mixed.jsonl");
    Files.write(mixed, List.of(p.get(0), c.get(1), p.get(2), c.get(3)));

    Run validate = chaukas("validate", mixed.toString());
    assertThat(validate.code()).as(validate.out()).isZero();
    assertThat(validate.out()).contains("4 events, 4 valid, 0 rejected (jsonl)");
    assertThat(binaryEvents(mixed)).isEqualTo(ChaukasCliTest.batchVector().getEventsList());
  }

  @Test
  void chainingWithEitherSpellingGivesTheSameHashesAndVerifies() throws IOException {
    Path bin = batchVector();
    Path proto = writeJsonl("chain", bin, "sealed-proto.jsonl");
    Path camel = writeJsonl("chain", bin, "sealed-camel.jsonl", "--json-names", "camel");
    assertThat(Files.readString(proto)).contains("\"content_hash\":\"").doesNotContain("\"contentHash\"");
    assertThat(Files.readString(camel)).contains("\"contentHash\":\"").doesNotContain("\"content_hash\"");

    List<Event> viaProto = binaryEvents(proto);
    assertThat(viaProto).isEqualTo(binaryEvents(camel)).allSatisfy(e -> assertThat(e.getContentHash()).hasSize(64));
    for (Path sealed : List.of(proto, camel)) {
      Run verify = chaukas("verify", sealed.toString());
      assertThat(verify.code()).as(verify.out()).isZero();
      assertThat(verify.out()).startsWith("intact: 4 events in 4 chains");
    }

    // Rewriting a sealed file in the other spelling keeps it intact.
    Path respelled = dir.resolve("respelled.jsonl");
    assertThat(chaukas("convert", "--to", "jsonl", "--json-names", "camel", "-o", respelled.toString(), proto.toString())
        .code()).isZero();
    assertThat(Files.readAllLines(respelled)).isEqualTo(Files.readAllLines(camel));
  }

  @Test
  void redactWritesEitherSpelling() throws IOException {
    Path bin = batchVector();
    Path proto = dir.resolve("redacted-proto.jsonl");
    Path camel = dir.resolve("redacted-camel.jsonl");
    Run byDefault = chaukas("redact", "--method", "mask", "--path", "agent_name", "-o", proto.toString(), bin.toString());
    Run asked = chaukas("redact", "--method", "mask", "--path", "agent_name", "--json-names", "camel",
        "-o", camel.toString(), bin.toString());
    assertThat(byDefault.code()).as(byDefault.err()).isZero();
    assertThat(asked.code()).as(asked.err()).isZero();
    assertThat(Files.readAllLines(proto)).hasSize(4).allSatisfy(line -> assertThat(line)
        .contains("\"agent_name\":\"[REDACTED]\"").doesNotContainPattern(CAMEL_NAME));
    assertThat(Files.readAllLines(camel)).hasSize(4).allSatisfy(line -> assertThat(line)
        .contains("\"agentName\":\"[REDACTED]\"").doesNotContain("\"agent_name\""));
  }

  @Test
  void anUnknownSpellingIsAUsageErrorNamingTheAcceptedOnes() throws IOException {
    Path out = dir.resolve("out.jsonl");
    Run run = chaukas("convert", "--to", "jsonl", "--json-names", "snake", "-o", out.toString(), batchVector().toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("unknown JSON names 'snake'; use one of proto, camel").doesNotContain("This is a bug");
    assertThat(out).doesNotExist();
  }
}
