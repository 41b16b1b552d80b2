package ai.chaukas.spec.cli;

import ai.chaukas.spec.toolkit.integrity.ChainBreak;
import ai.chaukas.spec.toolkit.integrity.ChainKey;
import ai.chaukas.spec.toolkit.integrity.ChainReport;
import ai.chaukas.spec.toolkit.integrity.ChainVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chaukas verify}: checks the hash chains of all inputs in one pass. */
@Command(
    name = "verify",
    description = {
      "Verify the hash chains of the events of all FILEs, read in order as one stream"
          + " (docs/chaukas-hash-v1.md, section 8): every content_hash is recomputed, and every hash_prev must"
          + " name the previous event of its (tenant_id, project_id, session_id) chain. Prints",
      "  intact: N events in M chains",
      "or",
      "  tampered: first break at index I (event E, chain T/P/S): REASON — detail",
      "and up to 10 more breaks. The index counts the events of all FILEs together, from 0. REASON is"
          + " MODIFIED, INVALID, DELETED, INSERTED, REORDERED or FORKED (see the document). An unreadable"
          + " JSON line cannot be checked: it counts as a break (UNREADABLE), named by file and line. A last line"
          + " without a line end that cannot be read is a line still being written: it is reported as"
          + " incomplete (exit code 3), not as a break, and everything before it is verified.",
      "JSON Lines are read streamed; memory grows only with the number of chains. The last event of a"
          + " chain is protected only by the Merkle log: compare the tips (--tips) with a tip recorded"
          + " earlier, or check inclusion proofs ('chaukas prove', 'chaukas verify-proof').",
    },
    exitCodeList = {
      "0:intact: every chain verifies",
      "1:tampered: at least one break (or unreadable JSON line); the first is printed with its index",
      "2:a file is unusable (missing, not Chaukas data) or the command line is wrong; nothing was verified",
      "3:no break, but a file ends in an incomplete line (no line end), as a log still being written does; the"
          + " events before it verify, the line itself is not checked: run verify again when the writer is done"
    })
final class VerifyCommand implements ChaukasCommand {

  /** How many breaks are printed after the first. */
  static final int MORE_BREAKS = 10;

  @Mixin CommonOptions common;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to verify, in stored order; - reads standard input.")
  List<String> files;

  @Mixin InputOptions input;

  @Option(names = "--tips", description = "Also print the last content_hash of every chain.")
  boolean tips;

  @Option(names = "--tips-out", paramLabel = "TIPS",
      description = "When every chain verifies, write the last content_hash of every chain to this file (JSON"
          + " Lines), for a later --resume-from.")
  Path tipsOut;

  @Option(names = "--resume-from", paramLabel = "TIPS",
      description = "The chains listed in this tips file continue from the hash given there, instead of"
          + " having to start with an empty hash_prev.")
  Path resumeFrom;

  /** A break as printed: from the verifier, or an unreadable line. */
  private record Line(long index, boolean beforeIndex, String text) {}

  /** How many events were verified and lines could not be read, so far. */
  private static final class Tally {
    long events;
    long unreadable;
  }

  @Override
  public ExitCode execute() {
    PrintWriter out = common.out();
    PrintWriter err = common.err();
    ChainVerifier verifier = new ChainVerifier();
    if (resumeFrom != null) {
      try {
        ChainTips.read(resumeFrom).forEach(verifier::resume);
      } catch (UnusableInputException e) {
        err.println("chaukas verify: --resume-from " + e.getMessage());
        return ExitCode.UNUSABLE;
      }
    }
    Tally tally = new Tally();
    List<Line> unreadable = new ArrayList<>();
    List<String> incomplete = new ArrayList<>();
    try (EventInputs inputs = EventInputs.open(files, input)) {
      inputs.forEach((in, item) -> {
        if (item.incomplete()) {
          incomplete.add(EventInputs.where(in, item) + " (before index " + tally.events + ") has no line end and cannot be"
              + " read yet: " + item.error());
          return true;
        }
        if (item.error() != null) {
          if (tally.unreadable++ <= MORE_BREAKS) {
            unreadable.add(new Line(tally.events, true, EventInputs.where(in, item) + " (unreadable, before index "
                + tally.events + "): UNREADABLE — " + item.error() + "; the line cannot be checked, so it counts as a break"));
          }
          return true;
        }
        verifier.accept(item.event());
        tally.events++;
        return true;
      });
    } catch (UnusableInputException e) {
      err.println("chaukas verify: " + e.getMessage() + (tally.events == 0 ? "" : " (after " + tally.events + " events)")
          + "; nothing was verified");
      return ExitCode.UNUSABLE;
    } catch (IOException e) {
      err.println("chaukas verify: read failed after " + tally.events + " events: " + Printable.of(e.getMessage())
          + "; nothing was verified");
      return ExitCode.UNUSABLE;
    }
    ChainReport report = verifier.finish();
    long total = report.breakCount() + tally.unreadable;
    if (total == 0 && incomplete.isEmpty()) {
      out.println("intact: " + report.eventCount() + " events in " + report.chainCount() + " chains");
    } else if (total == 0) {
      out.println("incomplete: " + report.eventCount() + " events in " + report.chainCount() + " chains verify, but"
          + " the input ends in a line still being written; run verify again when the writer is done");
    } else {
      List<Line> lines = new ArrayList<>(unreadable);
      for (ChainBreak b : report.breaks().subList(0, Math.min(report.breaks().size(), MORE_BREAKS + 1))) {
        lines.add(new Line(b.index(), false, describe(b)));
      }
      // An unreadable line sits before the event that got its index.
      lines.sort((a, b) -> a.index() != b.index() ? Long.compare(a.index(), b.index())
          : Boolean.compare(!a.beforeIndex(), !b.beforeIndex()));
      out.println("tampered: first break at " + lines.get(0).text());
      int shown = 1;
      for (; shown < lines.size() && shown <= MORE_BREAKS; shown++) {
        out.println("  then at " + lines.get(shown).text());
      }
      if (total > shown) {
        out.println("  ... and " + (total - shown) + " more (" + total + " breaks in " + report.eventCount()
            + " events)");
      }
      out.println("See docs/chaukas-hash-v1.md, section 8.5, for what each reason means.");
    }
    for (String line : incomplete) {
      out.println("  incomplete: " + line);
    }
    if (tips) {
      for (Map.Entry<ChainKey, String> tip : ChainTips.sorted(report.tips())) {
        out.println("tip " + tip.getValue() + "  " + Printable.of(tip.getKey().toString()));
      }
    }
    out.flush();
    if (tipsOut != null && total == 0 && incomplete.isEmpty()) {
      try {
        ChainTips.write(tipsOut, report.tips());
      } catch (IOException e) {
        err.println("chaukas verify: cannot write " + Printable.of(tipsOut.toString()) + ": " + Printable.of(e.getMessage()));
        return ExitCode.UNUSABLE;
      }
    }
    return total > 0 ? ExitCode.FAILED : incomplete.isEmpty() ? ExitCode.OK : ExitCode.INCOMPLETE;
  }

  /** {@code index I (event E, chain T/P/S): REASON — detail}. */
  static String describe(ChainBreak b) {
    return "index " + b.index() + " (event " + (b.eventId().isEmpty() ? "(no event_id)" : Printable.of(b.eventId()))
        + ", chain " + Printable.of(b.chain().toString()) + "): " + b.reason() + " — " + Printable.of(b.detail());
  }
}
