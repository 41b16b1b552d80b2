package ai.chaukas.spec.cli;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.toolkit.integrity.CanonicalFormException;
import ai.chaukas.spec.toolkit.integrity.ChainKey;
import ai.chaukas.spec.toolkit.integrity.HashChain;
import ai.chaukas.spec.toolkit.json.JsonPrintException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chaukas chain}: sets {@code hash_prev} and {@code content_hash} on every event. */
@Command(
    name = "chain",
    description = {
      "Link the events of all FILEs into hash chains (docs/chaukas-hash-v1.md, section 7): one chain per"
          + " (tenant_id, project_id, session_id), in input order. Each event gets hash_prev, the"
          + " content_hash of the previous event of its chain (empty for the first), and then its own"
          + " content_hash. Existing values of both are replaced; worm_proof_id is cleared on events whose"
          + " content_hash changes (the proof named the old hash).",
      "Run it where events are produced, or after 'chaukas redact'. Do not run it to 'repair' a file"
          + " that 'chaukas verify' rejects: that would hide the evidence.",
      "JSON Lines are written streamed, in memory proportional to the number of chains; document"
          + " formats are written as one message, as 'chaukas convert' does.",
      "An event that cannot be hashed, or an unreadable JSON line, stops the command: leaving it out"
          + " would make the chain look intact without it. Fix or remove it, then run again.",
    },
    exitCodeList = {
      "0:every event linked and written",
      "1:an event cannot be hashed or a JSON line is unreadable; nothing is written to -o (standard output"
          + " holds the events before it)",
      "2:an input is unusable or the command line is wrong (nothing is written)"
    })
final class ChainCommand implements ChaukasCommand {

  @Mixin CommonOptions common;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to link, in this order; - reads standard input.")
  List<String> files;

  @Mixin InputOptions input;

  @Mixin OutputOptions outputOptions;

  @Option(names = "--resume-from", paramLabel = "TIPS",
      description = "Continue the chains listed in this tips file (written by --tips-out of chain or verify)"
          + " instead of starting them afresh.")
  Path resumeFrom;

  @Option(names = "--tips-out", paramLabel = "TIPS",
      description = "Write the last content_hash of every chain to this file (JSON Lines), for a later"
          + " --resume-from.")
  Path tipsOut;

  /** What linking has done so far, and why it stopped, if it did. */
  private static final class Progress {
    /** Events that carried another content_hash. */
    long resealed;
    long wormProofIdsCleared;
    String stop;
  }

  @Override
  public ExitCode execute() throws IOException {
    PrintWriter err = common.err();
    HashChain.Linker linker = HashChain.linker();
    Set<ChainKey> chains = new LinkedHashSet<>();
    if (resumeFrom != null) {
      try {
        ChainTips.read(resumeFrom).forEach((key, hash) -> {
          linker.resume(key, hash);
          chains.add(key);
        });
      } catch (UnusableInputException e) {
        err.println("chaukas chain: --resume-from " + e.getMessage());
        return ExitCode.UNUSABLE;
      }
    }
    try (EventInputs inputs = EventInputs.open(files, input)) {
      if (outputOptions.binaryToTerminal(inputs.all())) {
        err.println("chaukas chain: refusing to write binary to a terminal; add -o FILE or redirect the output");
        return ExitCode.UNUSABLE;
      }
      Progress progress = new Progress();
      try (EventOutput output = EventOutput.open(outputOptions, inputs.all(), err, "chain")) {
        try {
          inputs.forEach((in, item) -> {
            String where = EventInputs.where(in, item);
            if (item.error() != null) {
              progress.stop = EventInputs.unreadable(in, item) + "; fix or delete the line, then chain again";
              return false;
            }
            Event event = item.event();
            Event linked;
            try {
              linked = linker.append(event);
            } catch (CanonicalFormException e) {
              progress.stop = where + ": event " + EventInputs.idOf(event) + " cannot be hashed: " + e.reason() + ": "
                  + Printable.of(e.getMessage()) + "; fix the producer or remove the event, then chain again";
              return false;
            }
            if (!event.getContentHash().isEmpty() && !event.getContentHash().equals(linked.getContentHash())) {
              progress.resealed++;
            }
            if (!event.getWormProofId().isEmpty() && !event.getContentHash().equals(linked.getContentHash())) {
              linked = linked.toBuilder().clearWormProofId().build();
              progress.wormProofIdsCleared++;
            }
            chains.add(ChainKey.of(linked));
            output.write(linked);
            return true;
          });
        } catch (IOException e) {
          err.println("chaukas chain: " + output.failedAfter(e));
          return ExitCode.UNUSABLE;
        }
        if (progress.stop != null) {
          err.println("chaukas chain: " + progress.stop);
          err.println("chaukas chain: stopped; " + output.leftBehind());
          return ExitCode.FAILED;
        }
        try {
          output.commit();
        } catch (IllegalArgumentException | JsonPrintException e) {
          err.println("chaukas chain: " + e.getMessage());
          return ExitCode.UNUSABLE;
        }
        if (tipsOut != null) {
          Map<ChainKey, String> tips = new LinkedHashMap<>();
          for (ChainKey key : chains) {
            tips.put(key, linker.tip(key).orElseThrow());
          }
          ChainTips.write(tipsOut, tips);
        }
        err.println("chaukas chain: " + output.count() + " events linked in " + chains.size() + " chains ("
            + output.target().cliName() + ")"
            + (progress.resealed == 0 ? "" : "; " + progress.resealed + " carried another content_hash, now replaced")
            + (progress.wormProofIdsCleared == 0 ? "" : "; worm_proof_id cleared on " + progress.wormProofIdsCleared));
      }
    } catch (UnusableInputException e) {
      err.println("chaukas chain: " + e.getMessage());
      return ExitCode.UNUSABLE;
    } catch (IOException e) {
      err.println("chaukas chain: cannot write the output: " + EventOutput.describe(e));
      return ExitCode.UNUSABLE;
    }
    return ExitCode.OK;
  }
}
