package ai.chaukas.spec.testing.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a class's {@code main} in a child JVM with this JVM's {@code java} and class path: for checks
 * that need a heap of their own, such as a bound on memory, which a test cannot measure reliably in
 * its own JVM.
 */
public final class ChildJvm {

  /**
   * How the child ended.
   *
   * @param finished whether it exited before the timeout (it is killed otherwise)
   * @param exitCode its exit code; -1 when it did not finish
   * @param output what it wrote to standard output and standard error, interleaved
   */
  public record Result(boolean finished, int exitCode, String output) {}

  private ChildJvm() {}

  /**
   * Runs {@code main} with {@code jvmOptions} and {@code args}, its standard input empty. The
   * timeout only keeps a broken child from hanging the build; it is not a measurement.
   */
  public static Result run(Duration timeout, List<String> jvmOptions, Class<?> main, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command()
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    // A file rather than a pipe, so that a child writing more than a pipe holds never blocks.
    Path output = Files.createTempFile("child-jvm-", ".log");
    try {
      Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      child.getOutputStream().close();
      boolean finished = child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        child.destroyForcibly().waitFor();
      }
      return new Result(finished, finished ? child.exitValue() : -1, Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
