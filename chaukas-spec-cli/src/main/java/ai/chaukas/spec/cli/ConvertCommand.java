package ai.chaukas.spec.cli;

import ai.chaukas.spec.toolkit.json.JsonPrintException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code chaukas convert}: rewrites events in another format. */
@Command(
    name = "convert",
    description = {
      "Convert the events of each FILE to another format, to standard output or -o FILE.",
      "To jsonl: one strict proto3 JSON event per line, streamed. To a document format: a single",
      "JSON or binary input keeps its message (event, batch, request); JSON Lines or several files",
      "become one EventBatch. Unreadable JSON lines are reported and skipped. With -o, the file is",
      "replaced only when the conversion succeeds.",
    },
    exitCodeList = {
      "0:everything converted",
      "1:some JSON lines were unreadable and skipped",
      "2:an input is unusable or the command line is wrong (nothing is written)"
    })
final class ConvertCommand implements ChaukasCommand {

  @Mixin CommonOptions common;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to convert; - reads standard input.")
  List<String> files;

  @Mixin OutputOptions output;

  @Mixin InputOptions input;

  /** Events left out: unreadable lines, and events the output form cannot hold. */
  private static final class Skipped {
    long count;
  }

  @Override
  public ExitCode execute() {
    PrintWriter err = common.err();
    if (output.to == null) {
      throw new CommandLine.ParameterException(common.command.commandLine(),
          "name the output format: --to jsonl, proto-json, openapi-json or binary");
    }
    if (output.binaryToTerminal(List.of())) {
      err.println("chaukas convert: refusing to write binary to a terminal; add -o FILE or redirect the output");
      return ExitCode.UNUSABLE;
    }
    Skipped skipped = new Skipped();
    try (EventInputs inputs = EventInputs.open(files, input);
        EventOutput out = EventOutput.open(output, inputs.all(), err, "convert")) {
      try {
        inputs.forEach((in, item) -> {
          if (item.error() != null) {
            skipped.count++;
            err.println("chaukas convert: " + EventInputs.where(in, item) + ": skipped: "
                + (item.incomplete() ? "incomplete last line (no line end; still being written?): " : "")
                + item.error());
          } else if (!writable(out, in, item, err)) {
            skipped.count++;
          }
          return true;
        });
      } catch (IOException e) {
        err.println("chaukas convert: " + out.failedAfter(e));
        return ExitCode.UNUSABLE;
      }
      try {
        out.commit();
      } catch (JsonPrintException e) {
        err.println("chaukas convert: " + Printable.of(e.getMessage()) + "; nothing was written");
        return ExitCode.FAILED;
      } catch (IllegalArgumentException e) {
        err.println("chaukas convert: " + e.getMessage());
        return ExitCode.UNUSABLE;
      }
    } catch (UnusableInputException e) {
      err.println("chaukas convert: " + e.getMessage());
      return ExitCode.UNUSABLE;
    } catch (IOException e) {
      err.println("chaukas convert: cannot write the output: " + EventOutput.describe(e));
      return ExitCode.UNUSABLE;
    }
    return skipped.count > 0 ? ExitCode.FAILED : ExitCode.OK;
  }

  /**
   * Writes one event; false when its values cannot be written in the output form (a non-finite
   * number in a JSON form), which is bad input, reported like an unreadable line.
   */
  private static boolean writable(EventOutput out, EventInput in, EventInput.Item item, PrintWriter err)
      throws IOException {
    try {
      out.write(item.event());
      return true;
    } catch (JsonPrintException e) {
      err.println("chaukas convert: " + EventInputs.where(in, item) + ": skipped: event " + EventInputs.idOf(item.event())
          + ": " + Printable.of(e.getMessage()));
      return false;
    }
  }
}
