package ai.chaukas.spec.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every command shares: {@code --help} and {@code --version}, the heading of its exit code
 * list, its output streams, and usage errors it finds itself.
 */
@Command(mixinStandardHelpOptions = true, exitCodeListHeading = "%nExit codes:%n")
final class CommonOptions {

  @Spec(Spec.Target.MIXEE) CommandSpec command;

  /** Where the command's results go. */
  PrintWriter out() {
    return command.commandLine().getOut();
  }

  /** Where the command's errors and notes go. */
  PrintWriter err() {
    return command.commandLine().getErr();
  }

  /**
   * A wrong command line found by the command itself (not by picocli's parser): prints one line,
   * {@code chaukas CMD: message}, and where the options are described, instead of the whole usage
   * text.
   */
  ExitCode usage(String message) {
    PrintWriter err = err();
    String name = command.qualifiedName();
    err.println(name + ": " + message);
    err.println("Run '" + name + " --help' for the options.");
    err.flush();
    return ExitCode.UNUSABLE;
  }
}
