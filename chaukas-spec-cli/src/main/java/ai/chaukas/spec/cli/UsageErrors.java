package ai.chaukas.spec.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * A wrong command line found by a command itself (not by picocli's parser): one line that says
 * what is wrong and what to write instead, and where the options are described, instead of the
 * whole usage text.
 */
final class UsageErrors {

  private UsageErrors() {}

  /** Prints {@code chaukas CMD: message} and a pointer to {@code --help}; returns exit code 2. */
  static int report(CommandLine.Model.CommandSpec spec, String message) {
    PrintWriter err = spec.commandLine().getErr();
    String name = spec.qualifiedName();
    err.println(name + ": " + message);
    err.println("Run '" + name + " --help' for the options.");
    err.flush();
    return 2;
  }
}
