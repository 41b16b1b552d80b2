package ai.chaukas.spec.cli;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.toolkit.integrity.CanonicalFormException;
import ai.chaukas.spec.toolkit.integrity.ContentHash;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code chaukas hash}: the chaukas-hash-v1 content hash of every event, compared with the stored one. */
@Command(
    name = "hash",
    description = {
      "Print the chaukas-hash-v1 content hash (docs/chaukas-hash-v1.md) of every event of each FILE, as"
          + " stored, one line per event:",
      "  <content_hash>  <event_id>  <file>:<location>",
      "followed by '(stored hash differs: STORED)' when the event carries another content_hash. An event"
          + " that has no canonical form (NaN, unknown fields or enum values, ...) is printed as"
          + " '(unhashable)' with the reason, an unreadable JSON line as '(unreadable)'. A summary goes to"
          + " standard error. JSON Lines are read streamed.",
      "This checks each event on its own; 'chaukas verify' also checks the links between events.",
    },
    exitCodeList = {
      "0:every stored content_hash matches (or no event stores one)",
      "1:a stored content_hash differs, an event cannot be hashed, or a JSON line is unreadable",
      "2:a file is unusable (missing, not Chaukas data) or the command line is wrong"
    })
final class HashCommand implements ChaukasCommand {

  @Mixin CommonOptions common;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to hash; - reads standard input.")
  List<String> files;

  @Mixin InputOptions input;

  /** What the hashes of the events read so far say. */
  private static final class Tally {
    long events;
    long matching;
    long withoutStoredHash;
    long differing;
    long unhashable;
    long unreadable;
  }

  @Override
  public ExitCode execute() {
    PrintWriter out = common.out();
    PrintWriter err = common.err();
    Tally tally = new Tally();
    try (EventInputs inputs = EventInputs.open(files, input)) {
      inputs.forEach((in, item) -> {
        String where = EventInputs.where(in, item);
        if (item.error() != null) {
          tally.unreadable++;
          out.println("(unreadable)  -  " + where + ": " + item.error());
          return true;
        }
        Event event = item.event();
        tally.events++;
        String hash;
        try {
          hash = ContentHash.of(event);
        } catch (CanonicalFormException e) {
          tally.unhashable++;
          out.println("(unhashable)  " + EventInputs.idOf(event) + "  " + where + ": " + e.reason() + ": " + Printable.of(e.getMessage()));
          return true;
        }
        String stored = event.getContentHash();
        String mark = "";
        if (stored.isEmpty()) {
          tally.withoutStoredHash++;
        } else if (stored.equals(hash)) {
          tally.matching++;
        } else {
          tally.differing++;
          mark = "  (stored hash differs: " + Printable.of(stored) + ")";
        }
        out.println(hash + "  " + EventInputs.idOf(event) + "  " + where + mark);
        return true;
      });
    } catch (UnusableInputException e) {
      err.println("chaukas hash: " + e.getMessage());
      return ExitCode.UNUSABLE;
    } catch (IOException e) {
      out.flush();
      err.println("chaukas hash: read failed after " + tally.events + " events: " + Printable.of(e.getMessage()));
      return ExitCode.UNUSABLE;
    }
    out.flush();
    err.printf("chaukas hash: %d events: %d match their stored content_hash, %d store none, %d differ, %d cannot be"
        + " hashed%s%n", tally.events, tally.matching, tally.withoutStoredHash, tally.differing, tally.unhashable,
        tally.unreadable == 0 ? "" : "; " + tally.unreadable + " unreadable lines");
    err.flush();
    return tally.differing + tally.unhashable + tally.unreadable > 0 ? ExitCode.FAILED : ExitCode.OK;
  }
}
