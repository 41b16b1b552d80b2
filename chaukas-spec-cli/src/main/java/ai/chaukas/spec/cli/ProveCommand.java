package ai.chaukas.spec.cli;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.toolkit.integrity.CanonicalFormException;
import ai.chaukas.spec.toolkit.integrity.ContentHash;
import ai.chaukas.spec.toolkit.integrity.merkle.CheckpointSigner;
import ai.chaukas.spec.toolkit.integrity.merkle.MerkleHashes;
import ai.chaukas.spec.toolkit.integrity.merkle.MerkleLog;
import ai.chaukas.spec.toolkit.integrity.merkle.SignedCheckpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chaukas prove}: a Merkle log of the events, a signed checkpoint and inclusion proofs. */
@Command(
    name = "prove",
    description = {
      "Append the content_hash of every event of all FILEs, in input order, to a Merkle log named"
          + " ORIGIN (leaf 0 is the first event; docs/chaukas-hash-v1.md, 'Merkle log, proofs and checkpoints'), sign its checkpoint"
          + " with the Ed25519 key, and write a proof bundle (chaukas-merkle-inclusion-v1 JSON) for each"
          + " event asked for with --event-id or --index, one per line, to -o or standard output. The"
          + " worm_proof_id (ORIGIN/INDEX) of each is printed too (to standard error when the bundles go"
          + " to standard output). Without --event-id and --index only the signed checkpoint is"
          + " written: to --checkpoint-out, -o or standard output.",
      "An event without content_hash is hashed here (chaukas-hash-v1) and that is said; store the hash"
          + " with 'chaukas chain' first, so that each event carries the hash its proof is for. An event"
          + " whose content_hash is not the hash of its content, an event that cannot be hashed, or an"
          + " unreadable JSON line stops the command: 'chaukas verify' shows why.",
      "The log is kept in memory, about 64 bytes per event.",
    },
    exitCodeList = {
      "0:checkpoint signed, bundles written",
      "1:an event cannot be proved (stored hash differs, cannot be hashed, unreadable line) or an event"
          + " asked for is not in the input; nothing is written",
      "2:an input or the key is unusable, or the command line is wrong"
    })
final class ProveCommand implements ChaukasCommand {

  private static final int SHOWN_PROBLEMS = 10;

  @Mixin CommonOptions common;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files whose events form the log, in order; - reads"
      + " standard input.")
  List<String> files;

  @Option(names = "--key", required = true, paramLabel = "PREFIX.key",
      description = "The Ed25519 private key (PKCS#8 PEM), e.g. from 'chaukas keygen'.")
  Path key;

  @Option(names = "--key-name", required = true, paramLabel = "NAME",
      description = "The key's name in the signature line; the one given to 'chaukas keygen --name'.")
  String keyName;

  @Option(names = "--origin", required = true, paramLabel = "ORIGIN",
      description = "The log's name, first line of the checkpoint and start of every worm_proof_id"
          + " (e.g. audit.example.com/tenant-a).")
  String origin;

  @Option(names = "--event-id", paramLabel = "ID", description = "Write the proof of the event(s) with this"
      + " event_id; repeatable.")
  List<String> eventIds = new ArrayList<>();

  @Option(names = "--index", paramLabel = "N", description = "Write the proof of the event at this 0-based"
      + " position of the input (its leaf index); repeatable.")
  List<Long> indices = new ArrayList<>();

  @Option(names = "--checkpoint-out", paramLabel = "FILE", description = "Also write the signed checkpoint here.")
  Path checkpointOut;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the bundles (or the checkpoint)"
      + " here instead of standard output.")
  Path output;

  @Mixin InputOptions input;

  /** An event whose proof bundle is written. */
  private record Proved(String eventId, String contentHash) {}

  /** What reading the events found: the problems that stop the command, and hashes computed here. */
  private static final class Findings {
    final List<String> shown = new ArrayList<>();
    long problems;
    /** Events without a content_hash, hashed here. */
    long hashedHere;

    void problem(String message) {
      if (problems++ < SHOWN_PROBLEMS) {
        shown.add(message);
      }
    }
  }

  @Override
  public ExitCode execute() {
    PrintWriter out = common.out();
    PrintWriter err = common.err();
    MerkleLog log;
    try {
      log = new MerkleLog(origin);
    } catch (IllegalArgumentException e) {
      return usage("--origin: " + e.getMessage());
    }
    for (long i : indices) {
      if (i < 0) {
        return usage("--index " + i + ": leaf indices start at 0");
      }
    }
    KeyPair pair;
    try {
      pair = Ed25519Keys.read(key);
    } catch (UnusableInputException e) {
      err.println("chaukas prove: --key " + e.getMessage());
      return ExitCode.UNUSABLE;
    }
    CheckpointSigner signer;
    try {
      signer = CheckpointSigner.create(keyName, pair);
    } catch (IllegalArgumentException e) {
      return usage("--key-name: " + e.getMessage());
    }
    warnIfPublishedKeyDiffers(signer, err);

    Set<String> wantedIds = new HashSet<>(eventIds);
    Set<Long> wantedIndices = new HashSet<>(indices);
    Set<String> foundIds = new HashSet<>();
    Map<Long, Proved> proofs = new TreeMap<>();
    Findings findings = new Findings();
    try (EventInputs inputs = EventInputs.open(files, input)) {
      inputs.forEach((in, item) -> {
        String where = EventInputs.where(in, item);
        if (item.error() != null) {
          findings.problem(where + ": unreadable: " + item.error());
          return true;
        }
        Event event = item.event();
        String hash;
        try {
          hash = ContentHash.of(event);
        } catch (CanonicalFormException e) {
          findings.problem(where + ": event " + EventInputs.idOf(event) + " cannot be hashed: "
              + e.reason() + ": " + Printable.of(e.getMessage()));
          return true;
        }
        String stored = event.getContentHash();
        if (stored.isEmpty()) {
          findings.hashedHere++;
        } else if (!stored.equals(hash)) {
          findings.problem(where + ": event " + EventInputs.idOf(event) + ": content_hash " + Printable.of(stored)
              + " is not the hash of its content (" + hash + "): it changed after it was hashed");
          return true;
        }
        if (findings.problems > 0) {
          return true; // nothing will be written; keep reading only to report every problem
        }
        long index = log.append(hash);
        boolean byId = wantedIds.contains(event.getEventId());
        if (byId) {
          foundIds.add(event.getEventId());
        }
        if (byId || wantedIndices.contains(index)) {
          proofs.put(index, new Proved(event.getEventId(), hash));
        }
        return true;
      });
    } catch (UnusableInputException e) {
      err.println("chaukas prove: " + e.getMessage());
      return ExitCode.UNUSABLE;
    } catch (IOException e) {
      err.println("chaukas prove: read failed: " + Printable.of(e.getMessage()) + "; nothing was written");
      return ExitCode.UNUSABLE;
    }
    for (String id : eventIds) {
      if (!foundIds.contains(id) && findings.problems == 0) {
        findings.problem("no event of the input has event_id " + Printable.of(id));
      }
    }
    for (long i : new LinkedHashSet<>(indices)) {
      if (i >= log.size() && findings.problems == 0) {
        findings.problem("--index " + i + ": the input has " + log.size() + " events (leaves 0 to "
            + (log.size() - 1) + ")");
      }
    }
    if (findings.problems > 0) {
      for (String p : findings.shown) {
        err.println("chaukas prove: " + p);
      }
      if (findings.problems > findings.shown.size()) {
        err.println("chaukas prove: ... and " + (findings.problems - findings.shown.size()) + " more");
      }
      err.println("chaukas prove: nothing was written; 'chaukas verify' and 'chaukas hash' show what is wrong");
      return ExitCode.FAILED;
    }

    SignedCheckpoint checkpoint = log.signCheckpoint(signer);
    boolean bundlesWanted = !eventIds.isEmpty() || !indices.isEmpty();
    StringBuilder data = new StringBuilder();
    if (bundlesWanted) {
      for (Long index : proofs.keySet()) {
        data.append(log.proofBundle(index, checkpoint).toJson()).append('\n');
      }
    }
    Path dataFile = bundlesWanted ? output : output != null ? output : checkpointOut;
    try {
      if (checkpointOut != null && (bundlesWanted || output != null)) {
        Files.writeString(checkpointOut, checkpoint.text(), StandardCharsets.UTF_8);
      }
      String text = bundlesWanted ? data.toString() : checkpoint.text();
      if (dataFile != null) {
        Files.writeString(dataFile, text, StandardCharsets.UTF_8);
      } else {
        out.print(text);
        out.flush();
      }
    } catch (IOException e) {
      err.println("chaukas prove: cannot write: " + e.getMessage());
      return ExitCode.UNUSABLE;
    }
    PrintWriter info = dataFile == null ? err : out;
    info.println("log " + origin + ": " + log.size() + " leaves, root " + MerkleHashes.toHex(log.root())
        + "; checkpoint signed by " + signer.keyName());
    for (Map.Entry<Long, Proved> p : proofs.entrySet()) {
      String eventId = p.getValue().eventId();
      info.println("leaf " + p.getKey() + ": worm_proof_id " + log.wormProofId(p.getKey()) + "  event "
          + (eventId.isEmpty() ? "(no event_id)" : Printable.of(eventId)) + "  content_hash " + p.getValue().contentHash());
    }
    if (findings.hashedHere > 0) {
      info.println(findings.hashedHere + " events had no content_hash; the hash of their content was used. Store it with"
          + " 'chaukas chain' so that each event carries the hash its proof is for.");
    }
    info.flush();
    return ExitCode.OK;
  }

  /** A PREFIX.pub next to PREFIX.key that another name or key would not verify these checkpoints. */
  private void warnIfPublishedKeyDiffers(CheckpointSigner signer, PrintWriter err) {
    String file = key.getFileName() == null ? "" : key.getFileName().toString();
    if (!file.endsWith(".key")) {
      return;
    }
    Path pub = key.resolveSibling(file.substring(0, file.length() - 4) + ".pub");
    try {
      if (Files.isRegularFile(pub)) {
        String published = Files.readString(pub, StandardCharsets.UTF_8).strip();
        String actual = signer.verifier().verifierKey();
        if (!published.equals(actual)) {
          err.println("chaukas prove: warning: " + pub + " holds the verifier key " + published + ", but this key"
              + " and --key-name give " + actual + "; readers using " + pub + " will not accept these checkpoints"
              + " (check --key-name)");
        }
      }
    } catch (IOException ignored) {
      // Only a hint.
    }
  }

  private ExitCode usage(String message) {
    return common.usage(message);
  }
}
