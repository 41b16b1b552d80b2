package ai.chaukas.spec.toolkit.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.testing.internal.ChildJvm;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
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
    ChildJvm.Result child =
        ChildJvm.run(Duration.ofMinutes(5), List.of("-Xmx32m", "-XX:+UseSerialGC"), ChainStreamingMain.class);
    String output = child.output();
    assertThat(child.finished()).as("child finished; output so far:%n%s", output).isTrue();
    assertThat(child.exitCode()).as("exit code; output:%n%s", output).isZero();
    // The lost event's successor in its chain, CHAINS - 1 events later, is where the break shows.
    assertThat(output.lines()).containsExactly(
        "events " + (ChainStreamingMain.EVENTS - 1),
        "chains " + ChainStreamingMain.CHAINS,
        "breaks 1",
        "first break DELETED at " + (ChainStreamingMain.LOST + ChainStreamingMain.CHAINS - 1));
  }
}
