package ai.chaukas.spec.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import org.junit.jupiter.api.Test;

/**
 * The build runs this module's tests once per protobuf-java runtime (see its pom); this test makes
 * sure each run really used the runtime it claims, so a green run on both means what it says.
 */
class ProtobufRuntimeTest {

  @Test
  void runsOnTheRuntimeTheBuildAskedFor() {
    String expected = System.getProperty("chaukas.expected.protobuf");
    assertThat(expected).as("system property chaukas.expected.protobuf").isNotBlank();
    assertThat(Message.class.getProtectionDomain().getCodeSource().getLocation().getPath())
        .endsWith("/protobuf-java-" + expected + ".jar");
  }
}
