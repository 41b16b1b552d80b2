package ai.chaukas.spec.toolkit.json;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.testing.internal.ChildJvm;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Memory per JSON Lines line is bounded by the limits, not by the line: {@link BoundedMemoryMain}
 * reads lines built to exhaust memory in a JVM with a 64 MB heap, which must report each of them
 * and read the events after them.
 */
class BoundedMemoryIT {

  private static final String VALUES = " JSON values in one Event (JsonLimits.maxValues)";

  @Test
  void hostileLinesFitInA64MegabyteHeap() throws IOException, InterruptedException {
    ChildJvm.Result child =
        ChildJvm.run(Duration.ofMinutes(5), List.of("-Xmx64m", "-XX:+UseSerialGC"), BoundedMemoryMain.class);
    String output = child.output();
    assertThat(child.finished()).as("child finished; output so far:%n%s", output).isTrue();
    assertThat(child.exitCode()).as("exit code; output:%n%s", output).isZero();
    // The value counts: 7 values precede the array elements of line 1 ({, "eventId", "array",
    // "metadata", {, "data", [), so element 131,065 is value 131,073; 5 precede the members of
    // line 9, whose name and value count two each; 7 precede the objects of line 11, of 3 each.
    assertThat(output.lines()).containsExactly(
        "line 1: metadata.data[131065]: more than 131072" + VALUES,
        "line 2 ok after-1",
        "line 3: metadata.n[131065]: more than 131072" + VALUES,
        "line 4 ok after-2",
        "line 5: metadata.s: string longer than the limit of 1048576 characters (JsonLimits.maxStringLength)",
        "line 6 ok after-3",
        "line 7: metadata.n: number longer than 1023 characters, more than any double or integer needs",
        "line 8 ok after-4",
        "line 9: metadata.k65533: more than 131072" + VALUES,
        "line 10 ok after-5",
        "line 11: metadata.o[43688]: more than 131072" + VALUES,
        "line 12 ok after-6",
        "line 13: tags[131067]: more than 131072" + VALUES,
        "line 14 ok after-7",
        "line 15 ok big",
        "line 16 ok after-8");
  }
}
