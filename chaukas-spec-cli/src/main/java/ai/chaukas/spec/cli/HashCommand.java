package ai.chaukas.spec.cli;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.toolkit.integrity.CanonicalFormException;
import ai.chaukas.spec.toolkit.integrity.ContentHash;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code chaukas hash}: the chaukas-hash-v1 content hash of every event, compared with the stored one. */
@Command(
    name = "hash",
    mixinStandardHelpOptions = true,
    description = {
      "Print the chaukas-hash-v1 content hash (docs/integrity.md) of every event of each FILE, as"
          + " stored, one line per event:",
      "  <content_hash>  <event_id>  <file>:<location>",
      "followed by '(stored hash differs: STORED)' when the event carries another content_hash. An event"
          + " that has no canonical form (NaN, unknown fields or enum values, ...) is printed as"
          + " '(unhashable)' with the reason, an unreadable JSON line as '(unreadable)'. A summary goes to"
          + " standard error. JSON Lines are read streamed.",
      "This checks each event on its own; 'chaukas verify' also checks the links between events.",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every stored content_hash matches (or no event stores one)",
      "1:a stored content_hash differs, an event cannot be hashed, or a JSON line is unreadable",
      "2:a file is unusable (missing, not Chaukas data) or the command line is wrong"
    })
final class HashCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to hash; - reads standard input.")
  List<String> files;

  @Mixin InputOptions input;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long[] counts = new long[5]; // events, matching, without stored hash, differing, unhashable
    long[] unreadable = {0};
    try (EventInputs inputs = EventInputs.open(files, input)) {
      inputs.forEach((in, item) -> {
        String where = EventInputs.where(in, item);
        if (item.error() != null) {
          unreadable[0]++;
          out.println("(unreadable)  -  " + where + ": " + item.error());
          return true;
        }
        Event event = item.event();
        counts[0]++;
        String hash;
        try {
          hash = ContentHash.of(event);
        } catch (CanonicalFormException e) {
          counts[4]++;
          out.println("(unhashable)  " + EventInputs.idOf(event) + "  " + where + ": " + e.reason() + ": " + Printable.of(e.getMessage()));
          return true;
        }
        String stored = event.getContentHash();
        String mark = "";
        if (stored.isEmpty()) {
          counts[2]++;
        } else if (stored.equals(hash)) {
          counts[1]++;
        } else {
          counts[3]++;
          mark = "  (stored hash differs: " + Printable.of(stored) + ")";
        }
        out.println(hash + "  " + EventInputs.idOf(event) + "  " + where + mark);
        return true;
      });
    } catch (UnusableInputException e) {
      err.println("chaukas hash: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      out.flush();
      err.println("chaukas hash: read failed after " + counts[0] + " events: " + Printable.of(e.getMessage()));
      return 2;
    }
    out.flush();
    err.printf("chaukas hash: %d events: %d match their stored content_hash, %d store none, %d differ, %d cannot be"
        + " hashed%s%n", counts[0], counts[1], counts[2], counts[3], counts[4],
        unreadable[0] == 0 ? "" : "; " + unreadable[0] + " unreadable lines");
    err.flush();
    return counts[3] + counts[4] + unreadable[0] > 0 ? 1 : 0;
  }
}
