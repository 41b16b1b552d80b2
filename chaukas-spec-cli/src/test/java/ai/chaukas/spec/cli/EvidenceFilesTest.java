package ai.chaukas.spec.cli;

import static ai.chaukas.spec.cli.ChaukasCliTest.chaukas;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.chaukas.spec.cli.ChaukasCliTest.Run;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.toolkit.json.JsonLinesWriter;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Audit files are evidence: the command line never silently changes, loses or misreports them.
 * Each test here names the defect it guards against.
 */
class EvidenceFilesTest {

  @TempDir Path dir;

  private Path jsonl(String name, List<Event> events) throws IOException {
    return IntegrityCommandsTest.writeJsonl(dir.resolve(name), events);
  }

  private static String line(Event event) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonLinesWriter w = new JsonLinesWriter(bytes)) {
      w.write(event);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private Path sealed() throws IOException {
    Path sealed = dir.resolve("sealed.jsonl");
    Run run = chaukas("chain", "-o", sealed, jsonl("plain.jsonl", IntegrityCommandsTest.twoSessions()));
    assertThat(run.code()).as(run.err()).isZero();
    return sealed;
  }

  // --- invalid UTF-8 --------------------------------------------------------------------------

  /** Two lines whose event_ids differ only in one byte, the second of which is not UTF-8. */
  private Path withInvalidUtf8() throws IOException {
    Event event = IntegrityCommandsTest.batchVector().get(0);
    String good = line(event.toBuilder().setEventId("id-\u00e9").build());
    byte[] bytes = good.getBytes(StandardCharsets.UTF_8);
    byte[] bad = good.getBytes(StandardCharsets.UTF_8);
    int at = good.indexOf("id-\u00e9") + 3; // the 0xC3 of é
    bad[at + 1] = (byte) 0x28; // 0xC3 0x28: a two-byte sequence cut short
    Path p = dir.resolve("utf8.jsonl");
    try (OutputStream out = Files.newOutputStream(p)) {
      out.write(bytes);
      out.write(bad);
    }
    return p;
  }

  @Test
  void invalidUtf8IsAnErrorNamingLineAndColumnNotAReplacementCharacter() throws IOException {
    Path file = withInvalidUtf8();
    Run validate = chaukas("validate", file);
    assertThat(validate.code()).isEqualTo(1);
    assertThat(validate.out()).contains("line 2").containsPattern("invalid UTF-8.*column \\d+")
        .contains("1 valid, 1 rejected");

    Run chain = chaukas("chain", "-o", dir.resolve("chained.jsonl"), file);
    assertThat(chain.code()).isEqualTo(1);
    assertThat(chain.err()).contains(":line 2").contains("invalid UTF-8");
    assertThat(dir.resolve("chained.jsonl")).doesNotExist();

    Run verify = chaukas("verify", file);
    assertThat(verify.code()).isEqualTo(1);
    assertThat(verify.out()).contains("UNREADABLE").contains("invalid UTF-8");
  }

  @Test
  void invalidUtf8InAJsonDocumentNamesLineAndColumn() throws IOException {
    Path doc = dir.resolve("doc.json");
    Files.write(doc, new byte[] {'{', '\n', ' ', '"', 'e', 'v', 'e', 'n', 't', 'I', 'd', '"', ':', '"', (byte) 0xFF, '"', '}'});
    Run run = chaukas("validate", doc);
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("invalid UTF-8 at line 2, column 13 (byte 0xFF)");
  }

  @Test
  void invalidUtf8InATipsFileNamesItsLine() throws IOException {
    Path tips = dir.resolve("tips.jsonl");
    Files.write(tips, new byte[] {' ', '\n', '{', '"', 't', (byte) 0xC0, '"', '}', '\n'});
    Run run = chaukas("verify", "--resume-from", tips, sealed());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("invalid UTF-8 at line 2, column 4 (byte 0xC0)");
  }

  // --- in-place rewrites ----------------------------------------------------------------------

  /**
   * {@code chain -o FILE FILE -}: the command opens FILE, then waits for standard input, which the
   * test sends only after appending to FILE; the events appended while it runs must not be lost.
   */
  @Test
  void anInPlaceRewriteRefusesWhenTheInputGrewWhileItWasRead() throws Exception {
    Path log = jsonl("live.jsonl", IntegrityCommandsTest.twoSessions());
    CountDownLatch stdinRead = new CountDownLatch(1);
    PipedOutputStream feed = new PipedOutputStream();
    InputStream stdin = new PipedInputStream(feed, 1 << 16) {
      @Override
      public synchronized int read(byte[] b, int off, int len) throws IOException {
        stdinRead.countDown(); // FILE is open: inputs are opened in order
        return super.read(b, off, len);
      }
    };
    InputStream original = System.in;
    System.setIn(stdin);
    try {
      CompletableFuture<Run> run = CompletableFuture.supplyAsync(
          () -> chaukas("chain", "--format", "jsonl", "-o", log, log, "-"));
      assertThat(stdinRead.await(30, TimeUnit.SECONDS)).isTrue();
      String appended = line(IntegrityCommandsTest.batchVector().get(1).toBuilder().setEventId("appended").build());
      Files.writeString(log, appended, StandardOpenOption.APPEND);
      feed.write(line(IntegrityCommandsTest.batchVector().get(2)).getBytes(StandardCharsets.UTF_8));
      feed.close();
      Run done = run.get(30, TimeUnit.SECONDS);
      assertThat(done.code()).as(done.err()).isEqualTo(2);
      assertThat(done.err()).contains("live.jsonl changed while it was read").contains("left as it was");
      assertThat(Files.readString(log)).endsWith(appended).doesNotContain("contentHash");
    } finally {
      System.setIn(original);
    }
    try (var leftovers = Files.list(dir)) {
      assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void anInPlaceRewriteOfAnUnchangedFileSucceedsAndAnotherOutputMayReadAGrowingOne() throws IOException {
    Path log = jsonl("log.jsonl", IntegrityCommandsTest.twoSessions());
    Run inPlace = chaukas("chain", "-o", log, log);
    assertThat(inPlace.code()).as(inPlace.err()).isZero();
    assertThat(chaukas("verify", log).code()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"rw-------", "rw-r-----", "r--r--r--"})
  void anInPlaceRewriteKeepsTheFilesPermissions(String permissions) throws IOException {
    Path log = jsonl("private.jsonl", IntegrityCommandsTest.twoSessions());
    Files.setPosixFilePermissions(log, PosixFilePermissions.fromString(permissions));
    Run run = chaukas("redact", "--method", "mask", "--path", "agent_name", "-o", log, log);
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo(permissions);
    assertThat(Files.readString(log)).contains("[REDACTED]");
  }

  @Test
  void anInPlaceRewriteKeepsTheFilesOwnerAndGroupWhenRunAsRoot() throws IOException {
    assumeTrue("root".equals(System.getProperty("user.name")), "only root may give a file away");
    Path log = jsonl("owned.jsonl", IntegrityCommandsTest.twoSessions());
    UserPrincipalLookupService users = log.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(log, PosixFileAttributeView.class);
    view.setOwner(users.lookupPrincipalByName("nobody"));
    view.setGroup(users.lookupPrincipalByGroupName("nogroup"));
    Run run = chaukas("chain", "-o", log, log);
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(view.readAttributes().owner().getName()).isEqualTo("nobody");
    assertThat(view.readAttributes().group().getName()).isEqualTo("nogroup");
  }

  @Test
  void aSymbolicLinkIsFollowedAndKept() throws IOException {
    Path target = jsonl("target.jsonl", IntegrityCommandsTest.twoSessions());
    Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), target.getFileName());
    Run run = chaukas("chain", "-o", link, link);
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(chaukas("verify", target).code()).isZero();
  }

  // --- a live log -----------------------------------------------------------------------------

  private Path withHalfWrittenLastLine() throws IOException {
    Path sealed = sealed();
    String next = line(IntegrityCommandsTest.batchVector().get(0).toBuilder().setEventId("being-written").build());
    Files.writeString(sealed, next.substring(0, next.length() / 2), StandardOpenOption.APPEND);
    return sealed;
  }

  @Test
  void aHalfWrittenLastLineIsIncompleteNotTampered() throws IOException {
    Path live = withHalfWrittenLastLine();
    Run verify = chaukas("verify", live);
    assertThat(verify.code()).as(verify.out()).isEqualTo(3);
    assertThat(verify.out()).startsWith("incomplete: 12 events in 2 chains verify").doesNotContain("tampered")
        .contains("sealed.jsonl:line 13");

    Run validate = chaukas("validate", live);
    assertThat(validate.code()).isEqualTo(3);
    assertThat(validate.out()).contains("line 13: incomplete").contains("12 events, 12 valid, 0 rejected");
  }

  @Test
  void aBreakBeforeAHalfWrittenLastLineIsStillTampering() throws IOException {
    Path live = withHalfWrittenLastLine();
    List<String> lines = new ArrayList<>(Files.readAllLines(live));
    lines.remove(3);
    Files.writeString(live, String.join("\n", lines)); // the half line stays last, without a line end
    Run verify = chaukas("verify", live);
    assertThat(verify.code()).isEqualTo(1);
    assertThat(verify.out()).startsWith("tampered").contains("incomplete: ");
  }

  @Test
  void aCorruptLineFollowedByAnotherIsNotIncomplete() throws IOException {
    Path sealed = sealed();
    Files.writeString(sealed, "{\"eventId\": \"cut\n", StandardOpenOption.APPEND);
    Run verify = chaukas("verify", sealed);
    assertThat(verify.code()).isEqualTo(1);
    assertThat(verify.out()).contains("UNREADABLE");
  }

  // --- forged output --------------------------------------------------------------------------

  @Test
  void nothingFromTheInputIsPrintedRaw() throws IOException {
    String forged = "x\nintact: 99 events in 1 chains\u001b[2K\r\u202e";
    Event base = IntegrityCommandsTest.batchVector().get(0);
    Event hostile = base.toBuilder()
        .setEventId(forged)
        .setSessionId(forged)
        .setContentHash(forged)
        .setMetadata(Struct.newBuilder().putFields(forged, Value.newBuilder().setStringValue(forged).build()))
        .build();
    Path file = jsonl("hostile.jsonl", List.of(hostile, hostile));
    Run keygen = chaukas("keygen", "--name", "audit.example.com", "-o", dir.resolve("signer"));
    assertThat(keygen.code()).as(keygen.err()).isZero();
    List<Run> runs = List.of(
        chaukas("validate", file),
        chaukas("verify", "--tips", file),
        chaukas("hash", file),
        chaukas("stats", file),
        chaukas("chain", "-o", dir.resolve("out.jsonl"), file),
        chaukas("redact", "--method", "mask", "--path", "agent_name", file),
        chaukas("prove", "--key", dir.resolve("signer.key"), "--key-name", "audit.example.com", "--origin", "o",
            "--event-id", forged, file));
    for (Run run : runs) {
      for (String text : List.of(run.out(), run.err())) {
        if (text.contains("\"event_id\"")) {
          continue; // events written as JSON Lines: JSON escapes them
        }
        assertThat(text.lines()).noneMatch(l -> l.startsWith("intact"));
        assertThat(text.chars().filter(c -> c != '\n' && (c < 0x20 || c == 0x7F || c == 0x202E))).isEmpty();
      }
    }
    assertThat(runs.get(0).out()).contains("x\\nintact: 99 events in 1 chains\\u001b[2K\\r\\u202e")
        .contains("id-characters");
    assertThat(runs.get(1).out()).startsWith("tampered");
  }

  // --- numbers JSON cannot hold ----------------------------------------------------------------

  @Test
  void aNonFiniteNumberInAStructIsBadInputNamingLineAndPath() throws IOException {
    Event event = IntegrityCommandsTest.batchVector().get(0);
    String good = line(event);
    String huge = good.substring(0, good.lastIndexOf('}')) + ",\"metadata\":{\"score\":1e400}}\n";
    Path file = dir.resolve("huge.jsonl");
    Files.writeString(file, good + huge);
    for (String command : List.of("convert", "redact")) {
      Run run = command.equals("convert")
          ? chaukas("convert", "--to", "jsonl", file)
          : chaukas("redact", "--method", "mask", "--path", "agent_name", file);
      assertThat(run.code()).as(command + ": " + run.err()).isEqualTo(1);
      assertThat(run.err()).as(command).contains("line 2").contains("metadata.score").doesNotContain("bug");
    }
  }

  @Test
  void aNonFiniteNumberFromBinaryInputIsBadInputNamingThePath() throws IOException {
    Event event = IntegrityCommandsTest.batchVector().get(0).toBuilder()
        .setMetadata(Struct.newBuilder().putFields("list", Value.newBuilder().setListValue(ListValue.newBuilder()
            .addValues(Value.newBuilder().setNumberValue(Double.POSITIVE_INFINITY))).build()))
        .build();
    Path bin = dir.resolve("inf.bin");
    Files.write(bin, EventBatch.newBuilder().addEvents(event).build().toByteArray());
    Run run = chaukas("convert", "--to", "jsonl", bin);
    assertThat(run.code()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).contains("events[0]").contains("metadata.list[0]").doesNotContain("bug");
  }

  // --- emptiness ------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"empty.jsonl", "empty.bin", "empty.json", "blank.jsonl"})
  void anEmptyInputHoldsNoEventsWhateverItsFormat(String name) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, name.startsWith("blank") ? " \n\n" : "");
    Run validate = chaukas("validate", file);
    assertThat(validate.code()).as(validate.err()).isZero();
    assertThat(validate.out()).contains("0 events, 0 valid, 0 rejected (empty)");
    Run verify = chaukas("verify", file);
    assertThat(verify.code()).isZero();
    assertThat(verify.out()).contains("intact: 0 events in 0 chains");
    Run convert = chaukas("convert", "--to", "jsonl", file);
    assertThat(convert.code()).isZero();
    assertThat(convert.out()).isEmpty();
  }
}
