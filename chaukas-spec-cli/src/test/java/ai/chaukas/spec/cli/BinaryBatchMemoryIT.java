package ai.chaukas.spec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.testing.internal.ChildJvm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinaryBatchMemoryIT {

  /**
   * About 300 MB of EventBatch from the writer through a pipe to the reader in a child JVM with a
   * 64 MB heap: it fails there if either side holds the batch.
   */
  @Test
  void streamsABatchFarLargerThanTheHeap() throws Exception {
    ChildJvm.Result child = ChildJvm.run(
        Duration.ofMinutes(10), List.of("-Xmx64m", "-XX:+UseSerialGC"), BinaryBatchPipe.class, "30000", "10000");
    String output = child.output();
    assertThat(child.finished()).as("the child has exited: %s", output).isTrue();
    assertThat(child.exitCode()).as(output).isZero();
    assertThat(output).contains("read 30000 events");
  }
}
