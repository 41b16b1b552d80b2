package ai.chaukas.spec.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.reference.RunningServer;
import io.grpc.ManagedChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs test classes that fail or misuse the extension and checks that channels and servers are
 * shut down anyway and that misuse is reported with a message saying what to do. The classes run
 * only from here: {@link #RUNNING} disables them for a build that selects them directly.
 */
class ExtensionCleanupTest {

  private static final String RUNNING =
      "ai.chaukas.spec.testkit.junit.ExtensionCleanupTest#runningFromExtensionCleanupTest";
  private static volatile boolean running;

  static final List<ManagedChannel> channels = new CopyOnWriteArrayList<>();
  static final List<RunningServer> loopbacks = new CopyOnWriteArrayList<>();

  static boolean runningFromExtensionCleanupTest() {
    return running;
  }

  /** Kept so that the outer test can check both are shut down after the failing test. */
  static void keep(ManagedChannel channel, RunningServer loopback) {
    channels.add(channel);
    loopbacks.add(loopback);
  }

  private static EngineExecutionResults run(Class<?> testClass) {
    channels.clear();
    loopbacks.clear();
    running = true;
    try {
      return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    } finally {
      running = false;
    }
  }

  @EnabledIf(RUNNING)
  static class FailingPerTest {
    @RegisterExtension static final ChaukasServerExtension chaukas = ChaukasServerExtension.loopback();

    @Test
    void failsAnAssertion(ManagedChannel channel, RunningServer loopback) {
      keep(channel, loopback);
      throw new AssertionError("failed on purpose");
    }

    @Test
    void throwsAnException(ManagedChannel channel, RunningServer loopback) {
      keep(channel, loopback);
      throw new IllegalStateException("thrown on purpose");
    }
  }

  @EnabledIf(RUNNING)
  static class FailingPerClass {
    @RegisterExtension
    static final ChaukasServerExtension chaukas = ChaukasServerExtension.loopback().perClass();

    @Test
    void fails(ManagedChannel channel, RunningServer loopback) {
      keep(channel, loopback);
      throw new AssertionError("failed on purpose");
    }
  }

  @EnabledIf(RUNNING)
  static class FailingBeforeEach {
    @RegisterExtension static final ChaukasServerExtension chaukas = ChaukasServerExtension.inProcess();

    @BeforeEach
    void fail(ManagedChannel channel) {
      channels.add(channel);
      throw new IllegalStateException("set-up failed on purpose");
    }

    @Test
    void neverRuns() {}
  }

  @EnabledIf(RUNNING)
  static class PerClassInAnInstanceField {
    @RegisterExtension final ChaukasServerExtension chaukas = ChaukasServerExtension.inProcess().perClass();

    @Test
    void test(ReferenceServer server) {}
  }

  @EnabledIf(RUNNING)
  static class LoopbackServerInProcess {
    @RegisterExtension static final ChaukasServerExtension chaukas = ChaukasServerExtension.inProcess();

    @Test
    void test(RunningServer loopback) {}
  }

  @EnabledIf(RUNNING)
  static class PerTestServerInBeforeAll {
    @RegisterExtension static final ChaukasServerExtension chaukas = ChaukasServerExtension.inProcess();

    @BeforeAll
    static void setUp(ReferenceServer server) {}

    @Test
    void test() {}
  }

  @Test
  void perTestServersAreClosedWhenTestsFail() {
    run(FailingPerTest.class).testEvents().assertStatistics(s -> s.started(2).failed(2));
    assertThat(channels).hasSize(2).allMatch(ManagedChannel::isTerminated);
    assertThat(loopbacks).hasSize(2).allMatch(RunningServer::isTerminated);
  }

  @Test
  void perClassServerIsClosedWhenATestFails() {
    run(FailingPerClass.class).testEvents().assertStatistics(s -> s.started(1).failed(1));
    assertThat(channels).hasSize(1).allMatch(ManagedChannel::isTerminated);
    assertThat(loopbacks).hasSize(1).allMatch(RunningServer::isTerminated);
  }

  @Test
  void serverIsClosedWhenSetUpFails() {
    run(FailingBeforeEach.class).testEvents().assertStatistics(s -> s.started(1).failed(1));
    assertThat(channels).hasSize(1).allMatch(ManagedChannel::isTerminated);
  }

  @Test
  void perClassInAnInstanceFieldSaysToUseAStaticField() {
    run(PerClassInAnInstanceField.class)
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            finishedWithFailure(
                instanceOf(ExtensionConfigurationException.class), message(m -> m.contains("static field"))));
  }

  @Test
  void loopbackServerIsOnlyInjectedOnLoopback() {
    run(LoopbackServerInProcess.class)
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            finishedWithFailure(
                instanceOf(ParameterResolutionException.class),
                message(m -> m.contains("ChaukasServerExtension.loopback()"))));
  }

  @Test
  void perTestServerIsNotAvailableInBeforeAll() {
    run(PerTestServerInBeforeAll.class)
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            finishedWithFailure(
                instanceOf(ParameterResolutionException.class),
                message(m -> m.contains("no Chaukas server is running"))));
  }
}
