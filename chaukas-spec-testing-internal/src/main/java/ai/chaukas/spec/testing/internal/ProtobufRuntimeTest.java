package ai.chaukas.spec.testing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.chaukas.spec.common.v1.Event;
import com.google.protobuf.Message;
import org.junit.jupiter.api.Test;

/**
 * Makes sure each test run used the protobuf-java runtime the build asked for, so that a green run
 * on both runtimes means what it says. It lives here, in main code, so that one class serves every
 * module: the parent pom has surefire scan this artifact ({@code dependenciesToScan}) and sets
 * {@code chaukas.expected.protobuf} for each run, the second run on protobuf-java 4.x included.
 */
class ProtobufRuntimeTest {

  @Test
  void runsOnTheRuntimeTheBuildAskedFor() {
    String expected = System.getProperty("chaukas.expected.protobuf");
    assertNotNull(expected, "system property chaukas.expected.protobuf");
    assertFalse(expected.isBlank(), "system property chaukas.expected.protobuf");

    String location = Message.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    assertTrue(location.endsWith("/protobuf-java-" + expected + ".jar"), location);
    assertEquals(expected.startsWith("4."), classExists("com.google.protobuf.RuntimeVersion"),
        "RuntimeVersion, which only 4.x runtimes have, is present");
  }

  @Test
  void generatedCodeLoadsOnThisRuntime() throws Exception {
    assertEquals("chaukas.spec.common.v1.Event", Event.getDescriptor().getFullName());
    assertEquals(SampleEvents.llmInvocation(), Event.parseFrom(SampleEvents.llmInvocation().toByteArray()));
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
