package ai.chaukas.spec.tests;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import com.google.protobuf.Message;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * The build runs this module's tests once per protobuf-java runtime (see its pom); this test makes
 * sure each run really used the runtime it claims, so a green matrix means what it says.
 */
class ProtobufRuntimeTest {

  @Test
  void runsOnTheRuntimeTheBuildAskedFor() {
    String expected = System.getProperty("chaukas.expected.protobuf");
    assertThat(expected).as("system property chaukas.expected.protobuf").isNotBlank();

    URL location = Message.class.getProtectionDomain().getCodeSource().getLocation();
    assertThat(location.getPath()).endsWith("/protobuf-java-" + expected + ".jar");

    boolean isFourX = classExists("com.google.protobuf.RuntimeVersion");
    assertThat(isFourX).isEqualTo(expected.startsWith("4."));
  }

  @Test
  void generatedCodeLoadsOnThisRuntime() {
    assertThat(Event.getDescriptor().getFullName()).isEqualTo("chaukas.spec.common.v1.Event");
    assertThat(ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.getServiceDescriptor().getName())
        .isEqualTo("chaukas.spec.server.v1.ChaukasServerService");
    assertThat(ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc.getServiceDescriptor().getName())
        .isEqualTo("chaukas.spec.client.v1.ChaukasClientService");
  }

  private static boolean classExists(String name) {
    try {
      Class.forName(name);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
