package ai.chaukas.spec.toolkit.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A verifier's memory does not grow with the number of events: {@link ChainStreamingMain} streams a
 * million of them through one verifier in a JVM with a 32 MB heap (it needs under 8), which must
 * finish and report the one lost event. (A verifier that kept a set of seen hashes would hold about
 * 150 MB here.)
 */
class ChainStreamingIT {

  @Test
  void aMillionEventsInA32MegabyteHeap() throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "-Xmx32m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        ChainStreamingMain.class.getName())
        .redirectErrorStream(true)
        .start();
    child.getOutputStream().close();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // Only so that a broken child cannot hang the build; not a measurement.
    assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("child finished; output so far:%n%s", output).isTrue();
    assertThat(child.exitValue()).as("exit code; output:%n%s", output).isZero();
    // The lost event's successor in its chain, CHAINS - 1 events later, is where the break shows.
    assertThat(output.lines()).containsExactly(
        "events " + (ChainStreamingMain.EVENTS - 1),
        "chains " + ChainStreamingMain.CHAINS,
        "breaks 1",
        "first break DELETED at " + (ChainStreamingMain.LOST + ChainStreamingMain.CHAINS - 1));
  }
}
