package ai.chaukas.spec.exporter.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.exporter.internal.Spool.Mode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process appending in {@link Mode#SYNC} and checks that no returned append is lost. A
 * SIGKILL leaves the page cache alone, so this checks framing, recovery and the order of append and
 * return, not the forces: only losing power would.
 */
class SpoolCrashTest {

  private static final int NUMBERS_BEFORE_KILL = 3000;

  @TempDir Path dir;

  @Test
  void everyAppendThatReturnedBeforeSigkillIsRecovered() throws Exception {
    Path spoolDir = dir.resolve("spool");
    Path stderr = dir.resolve("child-stderr.txt");
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                SpoolCrashChild.class.getName(),
                spoolDir.toString())
            .redirectError(stderr.toFile())
            .start();
    Set<Long> printed = new HashSet<>();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
      while (printed.size() < NUMBERS_BEFORE_KILL) {
        String line = lines.readLine();
        assertThat(line)
            .as("the child ended early; its stderr: %s", Files.readString(stderr))
            .isNotNull();
        printed.add(Long.parseLong(line));
      }
      // The child's lock keeps this process out while it runs.
      assertThatThrownBy(
              () -> Spool.open(spoolDir, Mode.SYNC, Duration.ofSeconds(1), 1L << 30, 1 << 16))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(spoolDir.toString());
    } finally {
      // SIGKILL on Linux: no shutdown hook, no close, no flush.
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    try (Spool spool = Spool.open(spoolDir, Mode.SYNC, Duration.ofSeconds(1), 1L << 30, 1 << 16)) {
      List<Spool.Record> recovered = spool.recovered();
      Set<Long> numbers = new HashSet<>();
      for (Spool.Record record : recovered) {
        String text = new String(record.bytes(), UTF_8);
        assertThat(text).as("record %s", record.id()).matches("[0-9]+");
        assertThat(numbers.add(Long.parseLong(text))).as("%s recovered twice", text).isTrue();
      }
      assertThat(numbers).containsAll(printed);
      assertThat(recovered).extracting(Spool.Record::id).isSorted().doesNotHaveDuplicates();
      // Appends go on after the crash.
      spool.append("after".getBytes(UTF_8));
    }
  }
}
