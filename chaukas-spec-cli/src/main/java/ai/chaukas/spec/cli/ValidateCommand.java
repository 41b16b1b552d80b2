package ai.chaukas.spec.cli;

import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.toolkit.validation.EventValidator;
import ai.chaukas.spec.toolkit.validation.ValidationOptions;
import ai.chaukas.spec.toolkit.validation.Violation;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chaukas validate}: checks every event against the spec's rules. */
@Command(
    name = "validate",
    description = {
      "Check every event of each FILE against the rules in docs/validation.md.",
      "Prints one line per rejected event (rule ids and field paths), then a summary.",
    },
    exitCodeList = {
      "0:every event is valid",
      "1:at least one event is invalid or one JSON line is unreadable",
      "2:a file is unusable (missing, not Chaukas data) or the command line is wrong",
      "3:every event read is valid, but a file ends in an incomplete line (no line end), as a file still being"
          + " written does; the line is reported and not counted"
    })
final class ValidateCommand implements ChaukasCommand {

  @Mixin CommonOptions common;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to check; - reads standard input.")
  List<String> files;

  @Mixin InputOptions input;

  @Option(names = "--require-tenant", description = "Reject events without tenant_id (rule tenant-required).")
  boolean requireTenant;

  @Mixin RequireProjectOption project;

  @Option(names = "--max-string-length", paramLabel = "N",
      description = "Longest string allowed, in characters (default: ${DEFAULT-VALUE}).")
  int maxStringLength = ValidationOptions.DEFAULT_MAX_STRING_LENGTH;

  @Option(names = {"-q", "--quiet"}, description = "Print only the summary.")
  boolean quiet;

  @Override
  public ExitCode execute() {
    PrintWriter out = common.out();
    PrintWriter err = common.err();
    EventValidator validator = EventValidator.of(ValidationOptions.builder()
        .requireTenant(requireTenant)
        .requireProject(project.requireProject)
        .maxStringLength(maxStringLength)
        .build());
    long totalEvents = 0;
    long totalRejected = 0;
    boolean unusable = false;
    boolean batchInvalid = false;
    boolean incomplete = false;
    for (String file : files) {
      String label = Printable.of(file);
      long events = 0;
      long rejected = 0;
      try (EventInput in = EventInput.open(file, input.format, input.container)) {
        for (Optional<EventInput.Item> next; (next = in.next()).isPresent(); ) {
          EventInput.Item item = next.get();
          if (item.incomplete()) {
            incomplete = true;
            report(out, label + ":" + item.location() + ": incomplete: the file ends in a line without a line end,"
                + " as a file still being written does; it is not counted: " + item.error());
            continue;
          }
          events++;
          if (item.error() != null) {
            rejected++;
            report(out, label + ":" + item.location() + ": unreadable: " + item.error());
            continue;
          }
          List<Violation> violations = validator.validate(item.event());
          if (!violations.isEmpty()) {
            rejected++;
            report(out, label + ":" + item.location() + ": " + EventInputs.idOf(item.event()) + ": " + join(violations));
          }
        }
        EventBatch batch = in.batch();
        List<Violation> batchLevel = batch == null ? List.of()
            // Only the batch's own fields: its events were validated one by one above.
            : validator.validateBatchFields(batch, (int) Math.min(events, Integer.MAX_VALUE));
        if (!batchLevel.isEmpty()) {
          batchInvalid = true;
          report(out, label + ": batch: " + join(batchLevel));
        }
        out.printf("%s: %d events, %d valid, %d rejected (%s)%s%n", label, events, events - rejected, rejected,
            in.describeFormat(), batchLevel.isEmpty() ? "" : "; the batch itself is invalid ("
                + batchLevel.stream().map(v -> v.rule().id()).distinct().collect(Collectors.joining(", ")) + ")");
      } catch (UnusableInputException e) {
        err.println("chaukas validate: " + e.getMessage() + (events == 0 ? "" : " (after " + events + " events)"));
        unusable = true;
      } catch (IOException e) {
        err.println("chaukas validate: " + label + ": read failed after " + events + " events: "
            + Printable.of(e.getMessage()));
        unusable = true;
      }
      totalEvents += events;
      totalRejected += rejected;
    }
    if (files.size() > 1) {
      out.printf("total: %d events, %d rejected in %d files%n", totalEvents, totalRejected, files.size());
    }
    out.flush();
    return unusable ? ExitCode.UNUSABLE
        : totalRejected > 0 || batchInvalid ? ExitCode.FAILED
        : incomplete ? ExitCode.INCOMPLETE
        : ExitCode.OK;
  }

  private void report(PrintWriter out, String line) {
    if (!quiet) {
      out.println(line);
    }
  }

  private static String join(List<Violation> violations) {
    return violations.stream().map(v -> Printable.of(v.toString())).collect(Collectors.joining("; "));
  }
}
