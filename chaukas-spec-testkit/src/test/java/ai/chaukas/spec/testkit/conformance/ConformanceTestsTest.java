package ai.chaukas.spec.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.grpc.Channel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * {@link ConformanceTests} turns checks into dynamic tests named {@code RULE name}: a failed check
 * fails its test with the detail, a skipped one is aborted. The subclass below runs only from here.
 */
class ConformanceTestsTest {

  private static final String RUNNING =
      "ai.chaukas.spec.testkit.conformance.ConformanceTestsTest#runningFromConformanceTestsTest";
  private static volatile boolean running;
  private static volatile Channel target;

  static boolean runningFromConformanceTestsTest() {
    return running;
  }

  @EnabledIf(RUNNING)
  static class AgainstABrokenServer extends ConformanceTests {
    @Override
    protected Channel channel() {
      return target;
    }

    @Override
    protected ConformanceSuite suite(Channel channel) {
      return ConformanceSuite.builder(channel).maxBatchEvents(0).build();
    }
  }

  @Test
  void checksBecomeDynamicTestsThatFailAndAbortLikeTheirResults() throws Exception {
    EngineExecutionResults results;
    try (BrokenServers.Running broken = BrokenServers.ordersWrongly()) {
      target = broken.channel();
      running = true;
      try {
        results =
            EngineTestKit.engine("junit-jupiter").selectors(selectClass(AgainstABrokenServer.class)).execute();
      } finally {
        running = false;
      }
    }
    Events tests = results.testEvents();
    int checks = ConformanceSuite.create(target).checks().size();
    assertThat(tests.started().count()).isEqualTo(checks);
    assertThat(names(tests.failed()))
        .containsExactlyInAnyOrder(
            "QRY-4 descendingByTimestampThenEventId",
            "QRY-4 unspecifiedOrderMeansDescending",
            "QRY-4 equalTimestampsAreOrderedByEventIdCodePoints",
            "QRY-7 pagesReturnEveryEventExactlyOnce");
    assertThat(names(tests.aborted()))
        .containsExactly("ING-7 batchAboveTheLimitIsInvalidArgumentAndStoresNothing");
    assertThat(tests.succeeded().count()).isEqualTo(checks - 5);
    Throwable failure =
        tests.failed().stream()
            .filter(e -> e.getTestDescriptor().getDisplayName().equals("QRY-4 unspecifiedOrderMeansDescending"))
            .findFirst()
            .orElseThrow()
            .getPayload(TestExecutionResult.class)
            .orElseThrow()
            .getThrowable()
            .orElseThrow();
    assertThat(failure).hasMessage(
        "QRY-4: SORT_ORDER_UNSPECIFIED: expected [d, b, a, B, z, c], got [d, B, a, b, z, c]");
  }

  private static List<String> names(Events events) {
    return events.stream().map(Event::getTestDescriptor).map(TestDescriptor::getDisplayName).toList();
  }
}
