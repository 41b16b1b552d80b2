package ai.chaukas.spec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code chaukas serve} in a JVM of its own, started as users start it, for what only a process
 * shows: how it stops on a signal, its exit code and everything it prints.
 */
final class ServeProcess implements AutoCloseable {

  private static final Pattern LISTENING =
      Pattern.compile("^chaukas serve: listening on 127\\.0\\.0\\.1:(\\d+) ");

  /** Bounds waits on the child, so that a broken build fails instead of hanging. */
  private static final long PATIENCE_SECONDS = 60;

  private final Process process;
  private final StringBuffer out = new StringBuffer();
  private final StringBuffer err = new StringBuffer();
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private final Thread outReader;
  private final Thread errReader;

  private ServeProcess(Process process) {
    this.process = process;
    this.outReader = reader(process.getInputStream(), out, true);
    this.errReader = reader(process.getErrorStream(), err, false);
  }

  /** Starts {@code java [jvmOptions] ai.chaukas.spec.cli.Chaukas serve [args]} on the test class path. */
  static ServeProcess start(List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Chaukas.class.getName(), "serve"));
    command.addAll(List.of(args));
    return new ServeProcess(new ProcessBuilder(command).start());
  }

  /**
   * Like {@link #start}, under a shell's {@code ulimit -n fileDescriptors}, so that a test can run
   * the process out of descriptors with a few hundred sockets.
   */
  static ServeProcess startWithDescriptorLimit(int fileDescriptors, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        "bash", "-c", "ulimit -n " + fileDescriptors + " && exec \"$@\"", "bash",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Chaukas.class.getName(), "serve"));
    command.addAll(List.of(args));
    return new ServeProcess(new ProcessBuilder(command).start());
  }

  private Thread reader(InputStream stream, StringBuffer into, boolean watchForPort) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                  into.append(line).append('\n');
                  Matcher m = LISTENING.matcher(line);
                  if (watchForPort && m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                  }
                }
              } catch (IOException e) {
                // Shows in what the test asserts on, rather than only on the console.
                into.append("(reading the child's output failed: ").append(e).append(")\n");
              } finally {
                if (watchForPort) {
                  port.completeExceptionally(
                      new AssertionError("chaukas serve ended without printing its address: " + out + err));
                }
              }
            },
            "chaukas-serve-child-output");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** The port it printed, once it listens. */
  int port() throws Exception {
    return port.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
  }

  long pid() {
    return process.pid();
  }

  /**
   * Sends SIGTERM, as {@code kill PID} and service managers do; through the process handle, since
   * {@link Process#destroy()} also closes the child's output before it is read.
   */
  void terminate() {
    assertThat(process.toHandle().destroy()).as("SIGTERM sent to %d", pid()).isTrue();
  }

  /** Sends SIGKILL and waits for the process to be gone: a crash, with nothing flushed or closed. */
  void kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    assertThat(process.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("killed").isTrue();
  }

  /** Sends {@code signal} (a name such as {@code INT}) with {@code kill}. */
  void signal(String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start();
    assertThat(kill.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -%s %d", signal, pid()).isZero();
  }

  /**
   * Whether the process ignores SIGINT, as processes started in the background by a shell do (and
   * their children inherit); false where {@code /proc} cannot tell.
   */
  boolean ignoresSigint() throws IOException {
    Path status = Path.of("/proc", Long.toString(pid()), "status");
    if (!Files.exists(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & (1L << 1)) != 0;
      }
    }
    throw new AssertionError(status + " has no SigIgn line");
  }

  /** Waits for it to exit and for its output to be read; its exit code. */
  int awaitExit() throws InterruptedException {
    assertThat(process.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("chaukas serve exited").isTrue();
    outReader.join(TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
    errReader.join(TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
    return process.exitValue();
  }

  /** What it printed on standard output so far. */
  String out() {
    return out.toString();
  }

  /** What it printed on standard error so far. */
  String err() {
    return err.toString();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
