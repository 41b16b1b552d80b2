package ai.chaukas.spec.cli;

import static ai.chaukas.spec.cli.ChaukasCliTest.chaukas;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.cli.ChaukasCliTest.Run;
import ai.chaukas.spec.client.v1.IngestEventBatchRequest;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.toolkit.integrity.ChainVerifier;
import ai.chaukas.spec.toolkit.integrity.ContentHash;
import ai.chaukas.spec.toolkit.integrity.merkle.Checkpoint;
import ai.chaukas.spec.toolkit.integrity.merkle.CheckpointSigner;
import ai.chaukas.spec.toolkit.integrity.merkle.CheckpointVerifier;
import ai.chaukas.spec.toolkit.json.JsonLinesReader;
import ai.chaukas.spec.toolkit.json.JsonLinesWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** hash, chain, verify, keygen, prove and verify-proof, end to end on files. */
class IntegrityCommandsTest {

  static final String ORIGIN = "audit.example.com/tenant-a";

  @TempDir Path dir;

  Path vector(String name) throws IOException {
    Path target = dir.resolve(name);
    if (!Files.exists(target)) {
      try (InputStream in = IntegrityCommandsTest.class.getResourceAsStream("/vectors/python-sdk/" + name)) {
        Files.copy(in, target);
      }
    }
    return target;
  }

  static List<Event> batchVector() throws IOException {
    try (InputStream in = IntegrityCommandsTest.class.getResourceAsStream("/vectors/python-sdk/02-events_batch.bin")) {
      return IngestEventBatchRequest.parseFrom(in).getEventBatch().getEventsList();
    }
  }

  /**
   * Twelve events in two interleaved chains: the batch vector (whose events each have their own
   * session) three times, sessions A and B alternating, events renamed {@code <id>-<round>}.
   */
  static List<Event> twoSessions() throws IOException {
    List<Event> events = new ArrayList<>();
    List<Event> vector = batchVector();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < vector.size(); i++) {
        events.add(vector.get(i).toBuilder()
            .setEventId(vector.get(i).getEventId() + "-" + round)
            .setSessionId(i % 2 == 0 ? "sess-A" : "sess-B")
            .build());
      }
    }
    return events;
  }

  Path jsonl(String name, List<Event> events) throws IOException {
    return writeJsonl(dir.resolve(name), events);
  }

  static Path writeJsonl(Path file, List<Event> events) throws IOException {
    try (JsonLinesWriter w = new JsonLinesWriter(Files.newOutputStream(file))) {
      for (Event e : events) {
        w.write(e);
      }
    }
    return file;
  }

  static List<Event> read(Path jsonl) throws Exception {
    List<Event> events = new ArrayList<>();
    try (JsonLinesReader r = JsonLinesReader.builder().failFast(true).build(Files.newInputStream(jsonl))) {
      for (Optional<JsonLinesReader.Entry> e; (e = r.next()).isPresent(); ) {
        events.add(e.get().event());
      }
    }
    return events;
  }

  /** The sealed twelve-event file. */
  Path sealed() throws IOException {
    Path sealed = dir.resolve("sealed.jsonl");
    Run run = chaukas("chain", "-o", sealed, jsonl("two-sessions.jsonl", twoSessions()));
    assertThat(run.code()).as(run.err()).isZero();
    return sealed;
  }

  Path withLines(String name, Path from, java.util.function.UnaryOperator<List<String>> edit) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, edit.apply(new ArrayList<>(Files.readAllLines(from))));
    return p;
  }

  // --- chain and verify --------------------------------------------------------------------------

  @Test
  void chainsTheBatchVectorAndVerifiesIt() throws Exception {
    Path sealed = dir.resolve("batch.jsonl");
    Run chain = chaukas("chain", "--to", "jsonl", "-o", sealed, vector("02-events_batch.bin"));
    assertThat(chain.code()).as(chain.err()).isZero();
    assertThat(chain.err()).contains("4 events linked in 4 chains (jsonl)");
    List<Event> events = read(sealed);
    assertThat(events).hasSize(4).allSatisfy(e -> assertThat(ContentHash.verify(e)).isTrue());
    assertThat(events).extracting(Event::getEventId)
        .containsExactlyElementsOf(batchVector().stream().map(Event::getEventId).toList());

    Run verify = chaukas("verify", sealed);
    assertThat(verify.code()).as(verify.err()).isZero();
    assertThat(verify.out()).startsWith("intact: 4 events in 4 chains");

    // A binary request stays a binary request by default.
    Path bin = dir.resolve("batch.sealed.bin");
    assertThat(chaukas("chain", "-o", bin, vector("02-events_batch.bin")).code()).isZero();
    IngestEventBatchRequest request = IngestEventBatchRequest.parseFrom(Files.readAllBytes(bin));
    assertThat(request.getEventBatch().getEventsList()).isEqualTo(events);
    assertThat(chaukas("verify", bin).out()).startsWith("intact: 4 events in 4 chains");
  }

  @Test
  void linksInterleavedChainsInInputOrder() throws Exception {
    Path sealed = sealed();
    List<Event> events = read(sealed);
    assertThat(events.get(0).getHashPrev()).isEmpty();
    assertThat(events.get(1).getHashPrev()).isEmpty();
    assertThat(events.get(2).getHashPrev()).isEqualTo(events.get(0).getContentHash());
    assertThat(events.get(3).getHashPrev()).isEqualTo(events.get(1).getContentHash());
    assertThat(ChainVerifier.verify(events).ok()).isTrue();

    Run verify = chaukas("verify", "--tips", sealed);
    assertThat(verify.code()).isZero();
    assertThat(verify.out())
        .contains("intact: 12 events in 2 chains")
        .contains("tip " + events.get(10).getContentHash() + "  tenant-probe/project-probe/sess-A")
        .contains("tip " + events.get(11).getContentHash() + "  tenant-probe/project-probe/sess-B");

    // Chaining a chained file again changes nothing, and -o may name the input.
    byte[] before = Files.readAllBytes(sealed);
    assertThat(chaukas("chain", "-o", sealed, sealed).code()).isZero();
    assertThat(Files.readAllBytes(sealed)).isEqualTo(before);
  }

  @Test
  void aModifiedEventIsTheFirstBreakAndHashShowsIt() throws IOException {
    Path sealed = sealed();
    // Line 5 is index 4, the second event of chain sess-A; its hash is left as it was.
    Path tampered = withLines("modified.jsonl", sealed, lines -> {
      lines.set(4, lines.get(4).replace("\"agent_name\":\"Greeter\"", "\"agent_name\":\"Mallory\""));
      return lines;
    });
    assertThat(Files.readString(tampered)).contains("Mallory");
    String id = batchVector().get(0).getEventId() + "-1";

    Run verify = chaukas("verify", tampered);
    assertThat(verify.code()).isEqualTo(1);
    assertThat(verify.out()).startsWith("tampered: first break at index 4 (event " + id
        + ", chain tenant-probe/project-probe/sess-A): MODIFIED — content_hash ");

    Run hash = chaukas("hash", tampered);
    assertThat(hash.code()).isEqualTo(1);
    List<String> differing = hash.out().lines().filter(l -> l.contains("(stored hash differs: ")).toList();
    assertThat(differing).hasSize(1);
    assertThat(differing.get(0)).contains("  " + id + "  " + tampered + ":line 5");
    assertThat(hash.err()).contains("12 events: 11 match their stored content_hash, 0 store none, 1 differ");

    Run intact = chaukas("hash", sealed);
    assertThat(intact.code()).isZero();
    assertThat(intact.out().lines()).hasSize(12).noneMatch(l -> l.contains("differs"));
  }

  @Test
  void aDeletedEventIsFoundAtTheNextEventOfItsChain() throws IOException {
    Path sealed = sealed();
    // Line 7 is index 6 (chain sess-A); the next event of sess-A, old index 8, is now index 7.
    Path tampered = withLines("deleted.jsonl", sealed, lines -> {
      lines.remove(6);
      return lines;
    });
    Run verify = chaukas("verify", tampered);
    assertThat(verify.code()).isEqualTo(1);
    assertThat(verify.out()).startsWith("tampered: first break at index 7 (event " + batchVector().get(0).getEventId()
        + "-2, chain tenant-probe/project-probe/sess-A): DELETED — hash_prev ");
  }

  @Test
  void swappedEventsAndSeveralBreaksAreListed() throws IOException {
    Path sealed = sealed();
    Path tampered = withLines("swapped.jsonl", sealed, lines -> {
      // Swap indices 2 and 4 (sess-A), and blank the agent of index 9 (sess-B) without re-hashing.
      String two = lines.get(2);
      lines.set(2, lines.get(4));
      lines.set(4, two);
      lines.set(9, lines.get(9).replace("\"agent_name\":\"Greeter\"", "\"agent_name\":\"X\""));
      return lines;
    });
    Run verify = chaukas("verify", tampered);
    assertThat(verify.code()).isEqualTo(1);
    assertThat(verify.out())
        .contains("tampered: first break at index 2 (")
        .contains("): REORDERED — ")
        .contains("  then at index 9 (")
        .contains("): MODIFIED — ");
  }

  @Test
  void printsTheFirstElevenBreaksAndCountsTheRest() throws IOException {
    Path unsealed = withLines("unsealed.jsonl", sealed(), lines -> lines.stream()
        .map(l -> l.replaceAll("\"content_hash\":\"[0-9a-f]{64}\",?", "")).toList());
    Run verify = chaukas("verify", unsealed);
    assertThat(verify.code()).isEqualTo(1);
    List<String> lines = verify.out().lines().toList();
    assertThat(lines.get(0)).startsWith("tampered: first break at index 0 (").contains("MODIFIED — content_hash is empty");
    assertThat(lines.subList(1, 11)).allSatisfy(l -> assertThat(l).startsWith("  then at index "));
    assertThat(lines.get(11)).isEqualTo("  ... and 1 more (12 breaks in 12 events)");
  }

  @Test
  void unreadableLinesCountAsBreaks() throws IOException {
    Path sealed = sealed();
    Path broken = withLines("broken.jsonl", sealed, lines -> {
      lines.add(3, "{\"eventId\": oops");
      return lines;
    });
    Run verify = chaukas("verify", broken);
    assertThat(verify.code()).isEqualTo(1);
    assertThat(verify.out()).startsWith("tampered: first break at " + broken
        + ":line 4 (unreadable, before index 3): UNREADABLE — ");
    assertThat(verify.out()).contains("counts as a break");

    Run hash = chaukas("hash", broken);
    assertThat(hash.code()).isEqualTo(1);
    assertThat(hash.out()).contains("(unreadable)  -  " + broken + ":line 4: ");
  }

  @Test
  void continuesChainsFromATipsFile() throws Exception {
    List<Event> events = twoSessions();
    Path first = jsonl("first.jsonl", events.subList(0, 9));
    Path second = jsonl("second.jsonl", events.subList(9, 12));
    Path tips = dir.resolve("tips.jsonl");
    Path sealedFirst = dir.resolve("first.sealed.jsonl");
    Path sealedSecond = dir.resolve("second.sealed.jsonl");
    assertThat(chaukas("chain", "--tips-out", tips, "-o", sealedFirst, first).code()).isZero();
    assertThat(Files.readAllLines(tips)).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("{\"tenant_id\":"));
    Run chain = chaukas("chain", "--resume-from", tips, "-o", sealedSecond, second);
    assertThat(chain.code()).as(chain.err()).isZero();

    List<Event> together = new ArrayList<>(read(sealedFirst));
    together.addAll(read(sealedSecond));
    assertThat(together).isEqualTo(read(sealed()));

    assertThat(chaukas("verify", "--resume-from", tips, sealedSecond).out()).startsWith("intact: 3 events in 2 chains");
    Run alone = chaukas("verify", sealedSecond);
    assertThat(alone.code()).isEqualTo(1);
    assertThat(alone.out()).contains("first break at index 0 (").contains("DELETED");

    Path verifiedTips = dir.resolve("verified-tips.jsonl");
    assertThat(chaukas("verify", "--tips-out", verifiedTips, sealedFirst).code()).isZero();
    assertThat(Files.readAllLines(verifiedTips)).isEqualTo(Files.readAllLines(tips));
  }

  @Test
  void chainStopsAtAnEventThatCannotBeHashedAndWritesNothing() throws IOException {
    Path input = dir.resolve("nan.jsonl");
    Files.writeString(input, "{\"eventId\":\"ok\",\"sessionId\":\"s\"}\n"
        + "{\"eventId\":\"n1\",\"sessionId\":\"s\",\"llmInvocation\":{\"durationMs\":\"NaN\"}}\n");
    Path out = dir.resolve("out.jsonl");
    Run chain = chaukas("chain", "-o", out, input);
    assertThat(chain.code()).isEqualTo(1);
    assertThat(chain.err()).contains(input + ":line 2: event n1 cannot be hashed: NOT_FINITE: llm_invocation.duration_ms")
        .contains("nothing was written");
    assertThat(out).doesNotExist();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }

    Run hash = chaukas("hash", input);
    assertThat(hash.code()).isEqualTo(1);
    assertThat(hash.out()).contains("(unhashable)  n1  " + input + ":line 2: NOT_FINITE: ");
  }

  // --- keygen, prove, verify-proof ---------------------------------------------------------------

  Path keygen(String prefix) {
    Run run = chaukas("keygen", "--name", ORIGIN, "-o", dir.resolve(prefix));
    assertThat(run.code()).as(run.err()).isZero();
    return dir.resolve(prefix + ".key");
  }

  @Test
  void keygenWritesAPrivateKeyOnlyItsOwnerCanReadAndAVerifierKey() throws IOException {
    Path key = keygen("log");
    Path pub = dir.resolve("log.pub");
    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
    if (Files.getFileStore(key).supportsFileAttributeView("posix")) {
      assertThat(Files.getPosixFilePermissions(key))
          .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
    CheckpointVerifier verifier = CheckpointVerifier.fromVerifierKey(Files.readString(pub).strip());
    assertThat(verifier.keyName()).isEqualTo(ORIGIN);

    Run again = chaukas("keygen", "--name", ORIGIN, "-o", dir.resolve("log"));
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("log.key exists");

    Run badName = chaukas("keygen", "--name", "has space", "-o", dir.resolve("x"));
    assertThat(badName.code()).isEqualTo(2);
    assertThat(badName.err()).contains("--name: ");
    assertThat(dir.resolve("x.key")).doesNotExist();
  }

  @Test
  void provesAnEventAndVerifiesTheProof() throws Exception {
    Path sealed = sealed();
    Path key = keygen("log");
    Path pub = dir.resolve("log.pub");
    List<Event> events = read(sealed);
    Event target = events.get(6);
    Path bundle = dir.resolve("bundle.json");
    Path checkpoint = dir.resolve("checkpoint.txt");

    Run prove = chaukas("prove", "--key", key, "--key-name", ORIGIN, "--origin", ORIGIN,
        "--event-id", target.getEventId(), "--checkpoint-out", checkpoint, "-o", bundle, sealed);
    assertThat(prove.code()).as(prove.err()).isZero();
    assertThat(prove.out()).contains("log " + ORIGIN + ": 12 leaves")
        .contains("leaf 6: worm_proof_id " + ORIGIN + "/6  event " + target.getEventId());
    assertThat(Files.readAllLines(bundle)).hasSize(1);
    assertThat(Files.readString(bundle)).startsWith("{\"format\":\"chaukas-merkle-inclusion-v1\"");
    Checkpoint signed = CheckpointVerifier.fromVerifierKey(Files.readString(pub).strip()).verify(Files.readString(checkpoint));
    assertThat(signed.treeSize()).isEqualTo(12);

    Run byEvent = chaukas("verify-proof", "--bundle", bundle, "--verifier-key", "@" + pub,
        "--event", sealed, "--event-id", target.getEventId());
    assertThat(byEvent.code()).as(byEvent.out() + byEvent.err()).isZero();
    assertThat(byEvent.out()).startsWith("verified: leaf 6 of tree size 12 under checkpoint " + ORIGIN);

    Run byHash = chaukas("verify-proof", "--bundle", bundle, "--verifier-key", Files.readString(pub).strip(),
        "--content-hash", target.getContentHash(), "--worm-proof-id", ORIGIN + "/6");
    assertThat(byHash.code()).isZero();
    assertThat(byHash.out()).contains("worm_proof_id " + ORIGIN + "/6");

    // Another key with the same name: the checkpoint is not signed by it.
    keygen("other");
    Run otherKey = chaukas("verify-proof", "--bundle", bundle, "--verifier-key", "@" + dir.resolve("other.pub"),
        "--content-hash", target.getContentHash());
    assertThat(otherKey.code()).as(otherKey.err()).isEqualTo(1);
    assertThat(otherKey.out()).startsWith("not verified: NO_TRUSTED_SIGNATURE — ");

    // Another content hash: not the leaf.
    String changed = target.getContentHash().substring(0, 63) + (target.getContentHash().endsWith("0") ? "1" : "0");
    Run modified = chaukas("verify-proof", "--bundle", bundle, "--verifier-key", "@" + pub, "--content-hash", changed);
    assertThat(modified.code()).isEqualTo(1);
    assertThat(modified.out()).startsWith("not verified: ROOT_MISMATCH — ");

    // Another leaf named by the worm_proof_id.
    Run wrongWorm = chaukas("verify-proof", "--bundle", bundle, "--verifier-key", "@" + pub,
        "--content-hash", target.getContentHash(), "--worm-proof-id", ORIGIN + "/5");
    assertThat(wrongWorm.code()).isEqualTo(1);
    assertThat(wrongWorm.out()).startsWith("not verified: WORM_ID_MISMATCH — ");

    // The event changed after it was hashed.
    Path changedEvent = withLines("changed.jsonl", sealed, lines -> List.of(lines.get(6).replace("\"branch\":\"main\"",
        "\"branch\":\"other\"")));
    Run tampered = chaukas("verify-proof", "--bundle", bundle, "--verifier-key", "@" + pub, "--event", changedEvent);
    assertThat(tampered.code()).isEqualTo(1);
    assertThat(tampered.out()).startsWith("not verified: MODIFIED — ");

    // A signature changed inside the bundle.
    Path forged = dir.resolve("forged.json");
    Files.writeString(forged, Files.readString(bundle).replace("\\n12\\n", "\\n13\\n").replace("\"tree_size\":12", "\"tree_size\":13"));
    Run badSignature = chaukas("verify-proof", "--bundle", forged, "--verifier-key", "@" + pub, "--content-hash",
        target.getContentHash());
    assertThat(badSignature.code()).isEqualTo(1);
    assertThat(badSignature.out()).startsWith("not verified: BAD_SIGNATURE — ");
  }

  @Test
  void provesSeveralEventsAndTheWormProofIdPicksTheBundle() throws Exception {
    Path sealed = sealed();
    Path key = keygen("log");
    Path pub = dir.resolve("log.pub");
    Path bundles = dir.resolve("bundles.jsonl");
    Run prove = chaukas("prove", "--key", key, "--key-name", ORIGIN, "--origin", ORIGIN,
        "--index", "11", "--index", "0", "-o", bundles, sealed);
    assertThat(prove.code()).as(prove.err()).isZero();
    assertThat(Files.readAllLines(bundles)).hasSize(2);
    Event last = read(sealed).get(11);

    Run ambiguous = chaukas("verify-proof", "--bundle", bundles, "--verifier-key", "@" + pub,
        "--content-hash", last.getContentHash());
    assertThat(ambiguous.code()).isEqualTo(2);
    assertThat(ambiguous.err()).contains("holds 2 bundles (leaves 0, 11); pick one with --worm-proof-id");

    Run picked = chaukas("verify-proof", "--bundle", bundles, "--verifier-key", "@" + pub,
        "--event", sealed, "--event-id", last.getEventId(), "--worm-proof-id", ORIGIN + "/11");
    assertThat(picked.code()).as(picked.out() + picked.err()).isZero();
    assertThat(picked.out()).startsWith("verified: leaf 11 of tree size 12 under checkpoint " + ORIGIN);

    // Without events asked for, only the signed checkpoint is written.
    Run checkpointOnly = chaukas("prove", "--key", key, "--key-name", ORIGIN, "--origin", ORIGIN,
        "-o", dir.resolve("cp.txt"), sealed);
    assertThat(checkpointOnly.code()).isZero();
    assertThat(Files.readString(dir.resolve("cp.txt"))).startsWith(ORIGIN + "\n12\n").contains("\n\n— " + ORIGIN + " ");
  }

  @Test
  void proveRefusesEventsWhoseHashDoesNotMatchAndUnknownIds() throws IOException {
    Path sealed = sealed();
    Path key = keygen("log");
    Path tampered = withLines("modified.jsonl", sealed, lines -> {
      lines.set(4, lines.get(4).replace("\"agent_name\":\"Greeter\"", "\"agent_name\":\"Mallory\""));
      return lines;
    });
    Path out = dir.resolve("b.json");
    Run refused = chaukas("prove", "--key", key, "--key-name", ORIGIN, "--origin", ORIGIN, "--index", "0",
        "-o", out, tampered);
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains(tampered + ":line 5: event ").contains("is not the hash of its content")
        .contains("nothing was written");
    assertThat(out).doesNotExist();

    Run unknown = chaukas("prove", "--key", key, "--key-name", ORIGIN, "--origin", ORIGIN, "--event-id", "nope",
        "-o", out, sealed);
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("no event of the input has event_id nope");

    // Events without content_hash are hashed, and that is said.
    Run unsealed = chaukas("prove", "--key", key, "--key-name", ORIGIN, "--origin", ORIGIN, "--index", "0",
        "-o", out, vector("02-events_batch.bin"));
    assertThat(unsealed.code()).as(unsealed.err()).isZero();
    assertThat(unsealed.out()).contains("4 events had no content_hash");
  }

  /**
   * About half of all Ed25519 keys have a '+' in the base64 of their verifier key; the text is split
   * at its first two '+' only (CheckpointVerifier.fromVerifierKey splits at every one).
   */
  @Test
  void verifierKeysWhoseBase64HoldsAPlusWork() throws Exception {
    KeyPair candidate;
    String text;
    do { // the name has no '+', so a third one is in the base64
      candidate = Ed25519Keys.generate();
      text = CheckpointSigner.create(ORIGIN, candidate).verifier().verifierKey();
    } while (text.chars().filter(c -> c == '+').count() < 3);
    KeyPair pair = candidate;
    String verifierKey = text;
    assertThat(CheckpointVerifier.fromVerifierKey(verifierKey).verifierKey()).isEqualTo(verifierKey);
    assertThatThrownBy(() -> CheckpointVerifier.fromVerifierKey(verifierKey.replaceFirst("\\+[0-9a-f]{8}\\+", "+00000000+")))
        .hasMessageContaining("does not match its name and key");

    Path key = dir.resolve("plus.key");
    Ed25519Keys.writePrivate(key, Ed25519Keys.toPem(pair.getPrivate()));
    Path sealed = sealed();
    Path bundle = dir.resolve("plus.json");
    assertThat(chaukas("prove", "--key", key, "--key-name", ORIGIN, "--origin", ORIGIN, "--index", "3",
        "-o", bundle, sealed).code()).isZero();
    Run run = chaukas("verify-proof", "--bundle", bundle, "--verifier-key", verifierKey, "--content-hash",
        read(sealed).get(3).getContentHash());
    assertThat(run.code()).as(run.out() + run.err()).isZero();
  }

  // --- unusable input and help -------------------------------------------------------------------

  @Test
  void unusableInputExitsTwo() throws IOException {
    Path missing = dir.resolve("missing.jsonl");
    Path garbage = dir.resolve("garbage.bin");
    Files.writeString(garbage, "\u0007\u0001 not protobuf at all");
    for (String command : List.of("hash", "chain", "verify")) {
      Run run = chaukas(command, missing);
      assertThat(run.code()).as(command).isEqualTo(2);
      assertThat(run.err()).contains("no such file");
      assertThat(chaukas(command, garbage).code()).as(command).isEqualTo(2);
    }
    assertThat(chaukas("chain", "--to", "yaml", vector("01-events.bin")).code()).isEqualTo(2);

    Path badTips = dir.resolve("tips.jsonl");
    Files.writeString(badTips, "{\"session_id\":\"s\",\"content_hash\":\"XYZ\"}\n");
    Run tips = chaukas("verify", "--resume-from", badTips, vector("01-events.bin"));
    assertThat(tips.code()).isEqualTo(2);
    assertThat(tips.err()).contains(badTips + ":line 1: content_hash \"XYZ\" is not 64 lowercase hex characters");

    Path key = keygen("log");
    Path pub = dir.resolve("log.pub");
    String hash = "0".repeat(64);
    Path badBundle = dir.resolve("bad.json");
    Files.writeString(badBundle, "{\"format\":");
    Run bundle = chaukas("verify-proof", "--bundle", badBundle, "--verifier-key", "@" + pub, "--content-hash", hash);
    assertThat(bundle.code()).isEqualTo(2);
    assertThat(bundle.err()).contains("is not a proof bundle");
    Run noBundle = chaukas("verify-proof", "--bundle", missing, "--verifier-key", "@" + pub, "--content-hash", hash);
    assertThat(noBundle.code()).isEqualTo(2);
    assertThat(noBundle.err()).contains("no such file");
    Run badKey = chaukas("verify-proof", "--bundle", badBundle, "--verifier-key", "not-a-key", "--content-hash", hash);
    assertThat(badKey.code()).isEqualTo(2);
    assertThat(badKey.err()).contains("--verifier-key: ");
    Run badHex = chaukas("verify-proof", "--bundle", badBundle, "--verifier-key", "@" + pub, "--content-hash", "ABC");
    assertThat(badHex.code()).isEqualTo(2);
    assertThat(badHex.err()).contains("--content-hash must be 64 lowercase hex characters");

    Run noKey = chaukas("prove", "--key", dir.resolve("none.key"), "--key-name", ORIGIN, "--origin", ORIGIN,
        vector("01-events.bin"));
    assertThat(noKey.code()).isEqualTo(2);
    assertThat(noKey.err()).contains("no such file; create a key with 'chaukas keygen'");
    Run publicAsPrivate = chaukas("prove", "--key", pub, "--key-name", ORIGIN, "--origin", ORIGIN,
        vector("01-events.bin"));
    assertThat(publicAsPrivate.code()).isEqualTo(2);
    assertThat(publicAsPrivate.err()).contains("is not a PEM private key");
    assertThat(chaukas("prove", "--key", key, "--key-name", ORIGIN, "--origin", "bad\norigin",
        vector("01-events.bin")).code()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hash", "chain", "verify", "redact", "keygen", "prove", "verify-proof"})
  void everyCommandHasHelpWithExitCodes(String command) {
    Run run = chaukas(command, "--help");
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("Usage: chaukas " + command).contains("Exit codes:");
  }

  @Test
  void helpRemindsThatRedactionNeedsResealing() {
    assertThat(chaukas("redact", "--help").out().replaceAll("\\s+", " "))
        .contains("Redaction clears content_hash and worm_proof_id")
        .contains("run 'chaukas chain' on the output to seal it again");
  }
}
