package ai.chaukas.spec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinaryBatchMemoryIT {

  @TempDir Path dir;

  /**
   * About 300 MB of EventBatch from the writer through a pipe to the reader in a child JVM with a
   * 64 MB heap: it fails there if either side holds the batch.
   */
  @Test
  void streamsABatchFarLargerThanTheHeap() throws Exception {
    String java = ProcessHandle.current().info().command()
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path log = dir.resolve("child.log");
    Process child = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        BinaryBatchPipe.class.getName(), "30000", "10000")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    boolean exited = child.waitFor(10, TimeUnit.MINUTES);
    if (!exited) {
      child.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(exited).as("the child has exited: %s", output).isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output).contains("read 30000 events");
  }
}
