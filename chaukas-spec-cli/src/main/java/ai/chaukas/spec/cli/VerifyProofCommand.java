package ai.chaukas.spec.cli;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.toolkit.Reason;
import ai.chaukas.spec.toolkit.integrity.CanonicalFormException;
import ai.chaukas.spec.toolkit.integrity.ContentHash;
import ai.chaukas.spec.toolkit.integrity.merkle.CheckpointVerifier;
import ai.chaukas.spec.toolkit.integrity.merkle.ProofBundle;
import ai.chaukas.spec.toolkit.integrity.merkle.ProofVerifier;
import ai.chaukas.spec.toolkit.integrity.merkle.VerificationResult;
import ai.chaukas.spec.toolkit.integrity.merkle.WormProofId;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chaukas verify-proof}: checks an event's inclusion proof against a trusted key. */
@Command(
    name = "verify-proof",
    description = {
      "Check that an event is in a Merkle log (docs/chaukas-hash-v1.md, 'Merkle log, proofs and checkpoints'): the bundle's"
          + " checkpoint must be signed by the trusted verifier key, and the content hash must be the"
          + " leaf at the bundle's index of the checkpoint's tree. Needs nothing but the bundle, the key,"
          + " and the event (--event FILE: its content is hashed and must match its stored content_hash)"
          + " or its content hash (--content-hash). A worm_proof_id (--worm-proof-id, or the event's)"
          + " must name the bundle's leaf. Prints",
      "  verified: leaf I of tree size N under checkpoint ORIGIN",
      "or",
      "  not verified: REASON — message",
      "with REASON one of MALFORMED, NO_TRUSTED_SIGNATURE, BAD_SIGNATURE, INDEX_OUT_OF_RANGE,"
          + " WRONG_PATH_LENGTH, ROOT_MISMATCH, WORM_ID_MISMATCH, or MODIFIED / INVALID for an event"
          + " whose content does not match its content_hash or cannot be hashed.",
      "A bundle file may hold several bundles, one per line, as 'chaukas prove' writes them; the"
          + " worm_proof_id then picks the one to check.",
    },
    exitCodeList = {
      "0:verified",
      "1:not verified",
      "2:unusable input (bundle not valid JSON, unreadable file, bad key text or hex) or a wrong command line"
    })
final class VerifyProofCommand implements ChaukasCommand {

  private static final Pattern HEX_HASH = Pattern.compile("[0-9a-f]{64}");

  @Mixin CommonOptions common;

  @Option(names = "--bundle", required = true, paramLabel = "FILE",
      description = "The proof bundle (JSON), e.g. from 'chaukas prove'.")
  Path bundleFile;

  @Option(names = "--verifier-key", required = true, paramLabel = "KEY|@FILE",
      description = "The log's trusted verifier key, NAME+KEYID+BASE64, or @FILE holding it (e.g. @PREFIX.pub"
          + " from 'chaukas keygen').")
  String verifierKey;

  @Option(names = "--content-hash", paramLabel = "HEX",
      description = "The event's content_hash (64 lowercase hex characters).")
  String contentHash;

  @Option(names = "--event", paramLabel = "FILE",
      description = "A file holding the event (any format); its content is hashed.")
  String eventFile;

  @Option(names = "--event-id", paramLabel = "ID",
      description = "With --event: which event of the file, when it holds several.")
  String eventId;

  @Option(names = "--worm-proof-id", paramLabel = "ID",
      description = "The worm_proof_id to check (ORIGIN/INDEX); default: the event's, if it has one.")
  String wormProofId;

  @Mixin InputOptions input;

  @Override
  public ExitCode execute() {
    PrintWriter out = common.out();
    PrintWriter err = common.err();
    if ((contentHash == null) == (eventFile == null)) {
      return usage("give the event to check: --content-hash HEX or --event FILE (one of them)");
    }
    if (eventId != null && eventFile == null) {
      return usage("--event-id selects an event of --event FILE; give --event too");
    }
    if (contentHash != null && !HEX_HASH.matcher(contentHash).matches()) {
      return usage("--content-hash must be 64 lowercase hex characters (a chaukas-hash-v1 content_hash), got \""
          + contentHash + "\"");
    }
    CheckpointVerifier trusted;
    List<ProofBundle> bundles;
    Event event = null;
    try {
      trusted = readVerifierKey();
      bundles = readBundles();
      if (eventFile != null) {
        event = readEvent();
      }
    } catch (UnusableInputException e) {
      err.println("chaukas verify-proof: " + e.getMessage());
      return ExitCode.UNUSABLE;
    }

    String hash = contentHash;
    if (event != null) {
      String computed;
      try {
        computed = ContentHash.of(event);
      } catch (CanonicalFormException e) {
        return notVerified(out, "INVALID", "event " + EventInputs.idOf(event) + " cannot be hashed: " + e.reason()
            + ": " + Printable.of(e.getMessage()));
      }
      String stored = event.getContentHash();
      if (!stored.isEmpty() && !stored.equals(computed)) {
        return notVerified(out, "MODIFIED", "event " + EventInputs.idOf(event) + " has content_hash " + Printable.of(stored)
            + " but its content hashes to " + computed + ": it changed after it was hashed");
      }
      hash = computed;
    }
    String worm = wormProofId != null ? wormProofId
        : event != null && !event.getWormProofId().isEmpty() ? event.getWormProofId() : null;

    ProofBundle bundle;
    if (bundles.size() == 1) {
      bundle = bundles.get(0);
    } else {
      if (worm == null) {
        err.println("chaukas verify-proof: " + bundleFile + " holds " + bundles.size() + " bundles (leaves "
            + leaves(bundles) + "); pick one with --worm-proof-id ORIGIN/INDEX");
        return ExitCode.UNUSABLE;
      }
      long leaf;
      try {
        leaf = WormProofId.parse(worm).leafIndex();
      } catch (IllegalArgumentException e) {
        err.println("chaukas verify-proof: worm_proof_id '" + Printable.of(worm) + "': " + Printable.of(e.getMessage()));
        return ExitCode.UNUSABLE;
      }
      bundle = bundles.stream().filter(b -> b.leafIndex() == leaf).findFirst().orElse(null);
      if (bundle == null) {
        return notVerified(out, Reason.WORM_ID_MISMATCH.name(), "no bundle in " + bundleFile
            + " is for leaf " + leaf + " (it holds leaves " + leaves(bundles) + ")");
      }
    }

    VerificationResult result = worm == null
        ? ProofVerifier.verify(bundle, hash, trusted)
        : ProofVerifier.verify(bundle, hash, worm, trusted);
    if (!result.isVerified()) {
      return notVerified(out, result.reason().name(), result.message());
    }
    String origin = trusted.verify(bundle.checkpoint()).origin();
    out.println("verified: leaf " + bundle.leafIndex() + " of tree size " + bundle.treeSize() + " under checkpoint "
        + origin);
    out.println("  content_hash " + hash + ", checkpoint signed by " + trusted.keyName()
        + (worm == null ? "" : ", worm_proof_id " + Printable.of(worm)));
    out.flush();
    return ExitCode.OK;
  }

  private static ExitCode notVerified(PrintWriter out, String reason, String message) {
    out.println("not verified: " + reason + " — " + Printable.of(message));
    out.flush();
    return ExitCode.FAILED;
  }

  private ExitCode usage(String message) {
    return common.usage(message);
  }

  private static String leaves(List<ProofBundle> bundles) {
    return bundles.stream().map(b -> Long.toString(b.leafIndex())).collect(Collectors.joining(", "));
  }

  private CheckpointVerifier readVerifierKey() throws UnusableInputException {
    String text = verifierKey;
    String source = "--verifier-key";
    if (text.startsWith("@")) {
      Path file = Path.of(text.substring(1));
      source = "--verifier-key " + text;
      text = readText(file, "--verifier-key @").strip();
    }
    try {
      return CheckpointVerifier.fromVerifierKey(text.strip());
    } catch (IllegalArgumentException e) {
      throw new UnusableInputException(source + ": " + e.getMessage() + "; pass the key text NAME+KEYID+BASE64"
          + " ('chaukas keygen' writes it to PREFIX.pub) or @FILE holding it");
    }
  }

  /** One bundle, or several, one per line; every one must read. */
  private List<ProofBundle> readBundles() throws UnusableInputException {
    String text = readText(bundleFile, "--bundle ");
    if (text.isBlank()) {
      throw new UnusableInputException("--bundle " + bundleFile + " is empty; 'chaukas prove --event-id ID -o FILE'"
          + " writes a bundle");
    }
    try {
      return List.of(ProofBundle.fromJson(text.strip()));
    } catch (IllegalArgumentException whole) {
      List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
      if (lines.size() < 2) {
        throw new UnusableInputException("--bundle " + bundleFile + " is not a proof bundle: " + whole.getMessage());
      }
      List<ProofBundle> bundles = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        try {
          bundles.add(ProofBundle.fromJson(lines.get(i).strip()));
        } catch (IllegalArgumentException e) {
          throw new UnusableInputException("--bundle " + bundleFile + " is not a proof bundle"
              + (i == 0 ? ": " + whole.getMessage() : " per line: bundle " + (i + 1) + ": " + e.getMessage()));
        }
      }
      return bundles;
    }
  }

  /** How many events and unreadable lines the --event file held, so far. */
  private static final class Tally {
    long events;
    long unreadable;
  }

  private Event readEvent() throws UnusableInputException {
    List<Event> matches = new ArrayList<>();
    Tally tally = new Tally();
    try (EventInputs inputs = EventInputs.open(List.of(eventFile), input)) {
      inputs.forEach((in, item) -> {
        if (item.error() != null) {
          tally.unreadable++;
          return true;
        }
        tally.events++;
        if (eventId == null ? matches.isEmpty() : item.event().getEventId().equals(eventId)) {
          matches.add(item.event());
        }
        return eventId != null || tally.events < 2;
      });
    } catch (IOException e) {
      throw new UnusableInputException("--event " + eventFile + ": read failed: " + e.getMessage(), e);
    }
    String unreadable = tally.unreadable == 0 ? "" : " (and " + tally.unreadable + " unreadable lines)";
    if (eventId == null) {
      if (tally.events != 1) {
        throw new UnusableInputException("--event " + eventFile + " holds " + (tally.events == 0 ? "no" : "several")
            + " events" + unreadable + "; " + (tally.events == 0 ? "give a file with the event" : "choose one with --event-id ID"));
      }
      return matches.get(0);
    }
    if (matches.size() != 1) {
      throw new UnusableInputException("--event " + eventFile + " holds " + matches.size() + " events with event_id "
          + Printable.of(eventId) + unreadable + "; " + (matches.isEmpty() ? "check the id" : "put the one to check in a file of its own"));
    }
    return matches.get(0);
  }

  private static String readText(Path file, String option) throws UnusableInputException {
    return Utf8Text.read(file, option + file, EventInput.MAX_DOCUMENT_BYTES);
  }
}
