package ai.chaukas.spec.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the command line in a child JVM, as a user runs it: its own heap, signals, standard streams. */
final class ChildCli {

  private ChildCli() {}

  /**
   * Starts {@code chaukas ARGS} with the given JVM options; standard error goes to {@code err},
   * standard output to {@code out} (null: a pipe the caller reads).
   */
  static Process start(List<String> jvmOptions, Path out, Path err, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Chaukas.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
    if (out != null) {
      builder.redirectOutput(out.toFile());
    }
    return builder.start();
  }

  /** Sends {@code signal} (INT, TERM, KILL) to the process. */
  static void signal(Process process, String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + signal + " " + process.pid() + " failed");
    }
  }
}
