package ai.chaukas.spec.cli;

import static ai.chaukas.spec.cli.ChaukasCliTest.chaukas;
import static ai.chaukas.spec.cli.IntegrityCommandsTest.batchVector;
import static ai.chaukas.spec.cli.IntegrityCommandsTest.read;
import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.cli.ChaukasCliTest.Run;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.MessageContent;
import ai.chaukas.spec.toolkit.redaction.Redactor;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** chaukas redact, and redact then chain then verify. */
class RedactCommandTest {

  static final String PROMPT = "llm_invocation.request.messages[0].content";
  static final String PROMPT_NORMALIZED = "$['llm_invocation']['request']['messages'][0]['content']";

  @TempDir Path dir;

  Path jsonl(String name, List<Event> events) throws IOException {
    return IntegrityCommandsTest.writeJsonl(dir.resolve(name), events);
  }

  /** The batch vector, chained: redaction must clear the hashes it invalidates. */
  Path sealedBatch() throws IOException {
    Path sealed = dir.resolve("sealed.jsonl");
    assertThat(chaukas("chain", "-o", sealed, jsonl("batch.jsonl", batchVector())).code()).isZero();
    return sealed;
  }

  static Event withPii() {
    return Event.newBuilder()
        .setEventId("evt-pii")
        .setTenantId("t")
        .setSessionId("s-1")
        .setType(EventType.EVENT_TYPE_INPUT_RECEIVED)
        .setMessage(MessageContent.newBuilder().setRole("user").setText("Write to jane.doe@example.com tomorrow"))
        .setMetadata(Struct.newBuilder()
            .putFields("note", Value.newBuilder().setStringValue("no personal data here").build())
            .putFields("contact", Value.newBuilder().setStringValue("ops@example.org").build()))
        .build();
  }

  void assertChainsAndVerifies(Path redacted) {
    Path sealed = dir.resolve(redacted.getFileName() + ".sealed.jsonl");
    Run chain = chaukas("chain", "-o", sealed, redacted);
    assertThat(chain.code()).as(chain.err()).isZero();
    Run verify = chaukas("verify", sealed);
    assertThat(verify.code()).as(verify.out()).isZero();
    assertThat(verify.out()).startsWith("intact: ");
  }

  @Test
  void masksAPathAndRecordsIt() throws Exception {
    Path sealed = sealedBatch();
    Path out = dir.resolve("masked.jsonl");
    Run run = chaukas("redact", "--method", "mask", "--path", PROMPT, "--ignore-missing", "-o", out, sealed);
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err()).contains("4 events, 1 redacted (mask, jsonl)").contains("run 'chaukas chain'");

    List<Event> before = read(sealed);
    List<Event> after = read(out);
    Event masked = after.get(0);
    assertThat(masked.getLlmInvocation().getRequest().getFieldsOrThrow("messages").getListValue().getValues(0)
        .getStructValue().getFieldsOrThrow("content").getStringValue()).isEqualTo(Redactor.MASK);
    assertThat(masked.getRedaction().getFieldsList()).containsExactly(PROMPT_NORMALIZED);
    assertThat(masked.getRedaction().getMethod()).isEqualTo("mask");
    assertThat(masked.getRedaction().getSaltId()).isEmpty();
    assertThat(masked.getContentHash()).isEmpty();
    assertThat(masked.getHashPrev()).isEqualTo(before.get(0).getHashPrev());
    // Events without the path are written unchanged, hash included.
    assertThat(after.subList(1, 4)).isEqualTo(before.subList(1, 4));

    // The redacted event no longer verifies until it is sealed again.
    Run verify = chaukas("verify", out);
    assertThat(verify.code()).isEqualTo(1);
    assertThat(verify.out()).startsWith("tampered: first break at index 0 (event " + masked.getEventId())
        .contains("MODIFIED — content_hash is empty");
    assertChainsAndVerifies(out);
  }

  @Test
  void hashesWithAKeyFile() throws Exception {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i * 7 + 1);
    }
    Path keyFile = dir.resolve("k.bin");
    Files.write(keyFile, key);
    Path out = dir.resolve("hashed.jsonl");
    Run run = chaukas("redact", "--method", "hash", "--salt-id", "pii-2025", "--key-file", keyFile,
        "--path", "agent_name", "-o", out, sealedBatch());
    assertThat(run.code()).as(run.err()).isZero();
    List<Event> after = read(out);
    assertThat(after).hasSize(4).allSatisfy(e -> {
      assertThat(e.getAgentName()).isEqualTo(Redactor.hashedValue(key, "Greeter"))
          .startsWith(Redactor.HASH_PREFIX);
      assertThat(e.getRedaction().getFieldsList()).containsExactly("$['agent_name']");
      assertThat(e.getRedaction().getMethod()).isEqualTo("hash");
      assertThat(e.getRedaction().getSaltId()).isEqualTo("pii-2025");
    });
    assertChainsAndVerifies(out);
  }

  @Test
  void dropsPathsAndDocumentFormatsKeepTheirContainer() throws Exception {
    Path out = dir.resolve("dropped.bin");
    Path input = dir.resolve("batch.bin");
    try (var in = RedactCommandTest.class.getResourceAsStream("/vectors/python-sdk/02-events_batch.bin")) {
      Files.copy(in, input);
    }
    Run run = chaukas("redact", "--method", "drop", "--path", "tags[1]", "--path", "branch", "-o", out, input);
    assertThat(run.code()).as(run.err()).isZero();
    List<Event> after = ai.chaukas.spec.client.v1.IngestEventBatchRequest.parseFrom(Files.readAllBytes(out))
        .getEventBatch().getEventsList();
    assertThat(after).hasSize(4).allSatisfy(e -> {
      assertThat(e.getTagsList()).containsExactly("probe");
      assertThat(e.getBranch()).isEmpty();
      assertThat(e.getRedaction().getFieldsList()).containsExactly("$['branch']", "$['tags'][1]");
      assertThat(e.getRedaction().getMethod()).isEqualTo("drop");
    });
    assertChainsAndVerifies(out);
  }

  @Test
  void redactsPersonalDataTheDetectorFinds() throws Exception {
    List<Event> events = new ArrayList<>(batchVector());
    events.add(withPii());
    Path out = dir.resolve("pii.jsonl");
    Run run = chaukas("redact", "--method", "mask", "--pii", "-o", out, jsonl("in.jsonl", events));
    assertThat(run.code()).as(run.err()).isZero();
    List<Event> after = read(out);
    Event redacted = after.get(4);
    assertThat(redacted.getMessage().getText()).isEqualTo(Redactor.MASK);
    assertThat(redacted.getMetadata().getFieldsOrThrow("contact").getStringValue()).isEqualTo(Redactor.MASK);
    assertThat(redacted.getMetadata().getFieldsOrThrow("note").getStringValue()).isEqualTo("no personal data here");
    assertThat(redacted.getPiiCategoriesList()).containsExactly("email");
    assertThat(redacted.getRedaction().getFieldsList())
        .containsExactly("$['message']['text']", "$['metadata']['contact']");
    assertThat(redacted.getRedaction().getMethod()).isEqualTo("mask");
    assertThat(after.subList(0, 4)).isEqualTo(batchVector());
    assertThat(Files.readString(out)).doesNotContain("jane.doe@example.com").doesNotContain("ops@example.org");
    assertChainsAndVerifies(out);
  }

  @Test
  void anEventThatCannotBeRedactedStopsTheCommandAndNothingIsWritten() throws IOException {
    Path out = dir.resolve("out.jsonl");
    Run missing = chaukas("redact", "--method", "mask", "--path", PROMPT, "-o", out, sealedBatch());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains(":line 2: event " + batchVector().get(1).getEventId() + ": MISSING: ")
        .contains("add --ignore-missing")
        .contains("nothing was written");
    assertThat(out).doesNotExist();

    Run notRedactable = chaukas("redact", "--method", "mask", "--path", "llm_invocation.prompt_tokens",
        "--ignore-missing", "-o", out, sealedBatch());
    assertThat(notRedactable.code()).isEqualTo(1);
    assertThat(notRedactable.err()).contains("NOT_REDACTABLE").contains("drop it instead");
    assertThat(out).doesNotExist();

    Path masked = dir.resolve("masked.jsonl");
    assertThat(chaukas("redact", "--method", "mask", "--path", "agent_name", "-o", masked, sealedBatch()).code()).isZero();
    Run conflict = chaukas("redact", "--method", "drop", "--path", "branch", "-o", out, masked);
    assertThat(conflict.code()).isEqualTo(1);
    assertThat(conflict.err()).contains("CONFLICT");
  }

  @Test
  void commandLineMistakesExitTwoWithAHint() throws IOException {
    Path in = sealedBatch();
    Run forbidden = chaukas("redact", "--method", "drop", "--path", "event_id", in);
    assertThat(forbidden.code()).isEqualTo(2);
    assertThat(forbidden.err()).contains("chaukas redact: $['event_id']: event_id may not be redacted")
        .contains("Run 'chaukas redact --help'");

    Run camelCase = chaukas("redact", "--method", "mask", "--path", "llmInvocation.model", in);
    assertThat(camelCase.code()).isEqualTo(2);
    assertThat(camelCase.err()).contains("did you mean 'llm_invocation'?");

    Run syntax = chaukas("redact", "--method", "mask", "--path", "tags[", in);
    assertThat(syntax.code()).isEqualTo(2);
    assertThat(syntax.err()).contains("invalid path \"tags[\" at position 5");

    assertThat(chaukas("redact", "--method", "mask", in).err()).contains("name what to redact: --path P");
    assertThat(chaukas("redact", "--method", "blur", "--path", "agent_name", in).code()).isEqualTo(2);
    assertThat(chaukas("redact", "--method", "hash", "--path", "agent_name", in).err()).contains("needs --salt-id");
    assertThat(chaukas("redact", "--method", "hash", "--salt-id", "k", "--path", "agent_name", in).err())
        .contains("--key-file FILE (its raw bytes) or --key-env VAR (hex)");
    assertThat(chaukas("redact", "--method", "mask", "--salt-id", "k", "--path", "agent_name", in).err())
        .contains("mask uses no key");

    Run unsetVariable = chaukas("redact", "--method", "hash", "--salt-id", "k", "--key-env",
        "CHAUKAS_TEST_SURELY_UNSET_VARIABLE", "--path", "agent_name", in);
    assertThat(unsetVariable.code()).isEqualTo(2);
    assertThat(unsetVariable.err()).contains("CHAUKAS_TEST_SURELY_UNSET_VARIABLE is not set");

    Path empty = dir.resolve("empty.key");
    Files.write(empty, new byte[0]);
    Run emptyKey = chaukas("redact", "--method", "hash", "--salt-id", "k", "--key-file", empty, "--path",
        "agent_name", in);
    assertThat(emptyKey.code()).isEqualTo(2);
    assertThat(emptyKey.err()).contains("is empty");
  }

  /** --key-env needs a real environment, so this runs the command line in a child JVM. */
  @Test
  void hashesWithAKeyFromTheEnvironment() throws Exception {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) 0x5a);
    Path in = sealedBatch();
    Path out = dir.resolve("env.jsonl");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Chaukas.class.getName(), "redact", "--method", "hash", "--salt-id", "env-key", "--key-env",
        "CHAUKAS_TEST_KEY", "--path", "agent_name", "-o", out.toString(), in.toString());
    pb.environment().put("CHAUKAS_TEST_KEY", HexFormat.of().formatHex(key));
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve("child.log").toFile());
    Process child = pb.start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(Files.readString(dir.resolve("child.log"), StandardCharsets.UTF_8)).isZero();
    assertThat(read(out)).allSatisfy(e -> assertThat(e.getAgentName()).isEqualTo(Redactor.hashedValue(key, "Greeter")));
  }
}
