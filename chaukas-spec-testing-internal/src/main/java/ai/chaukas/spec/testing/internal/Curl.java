package ai.chaukas.spec.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** curl, run as the README shows it, for the tests that check those commands. */
public final class Curl {

  /** Where Debian installs it; `.ci/run` installs it there when missing. */
  public static final Path PATH = Path.of("/usr/bin/curl");

  private Curl() {}

  /** Whether curl is installed, for an assumption in the tests that need it. */
  public static boolean isInstalled() {
    return Files.isExecutable(PATH);
  }

  /**
   * Runs {@code curl args} in {@code dir} and returns what it printed; asserts it exits 0 within
   * 30 seconds. Its standard error goes to the test's.
   */
  public static String run(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(PATH.toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }
}
