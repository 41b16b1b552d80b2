package ai.chaukas.spec.testkit.conformance;

import io.grpc.Channel;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance suite as JUnit 5 tests: extend it in your test sources, say where the server is,
 * and every check runs as a dynamic test named {@code RULE name} (e.g. {@code QRY-7
 * pagesReturnEveryEventExactlyOnce}). A failed check fails its test with the check's detail; a check
 * that ends in an error fails it too; a skipped check is reported as aborted.
 *
 * <pre>{@code
 * class MyPlatformConformanceTest extends ConformanceTests {
 *   static ManagedChannel channel;
 *
 *   @BeforeAll
 *   static void connect() {
 *     channel = NettyChannelBuilder.forTarget("127.0.0.1:50051").usePlaintext().build();
 *   }
 *
 *   @AfterAll
 *   static void disconnect() throws InterruptedException {
 *     channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
 *   }
 *
 *   @Override
 *   protected Channel channel() {
 *     return channel;
 *   }
 * }
 * }</pre>
 *
 * <p>Override {@link #suite(Channel)} to set options such as the server's limits. The tests need
 * {@code junit-jupiter} (the engine) on the test class path, and a transport such as {@code
 * grpc-netty-shaded}, which this artifact brings.
 *
 * @since 1.0.5
 */
public abstract class ConformanceTests {

  /** For subclasses. */
  protected ConformanceTests() {}

  /**
   * The channel to the server under test; called once per test class instance, before any check
   * runs. The tests do not close it.
   *
   * @return a channel to the server
   */
  protected abstract Channel channel();

  /**
   * The suite to run; by default {@link ConformanceSuite#create(Channel)}. Override it to pass
   * options, e.g. {@code ConformanceSuite.builder(channel).maxBatchEvents(500).build()}.
   *
   * @param channel the channel from {@link #channel()}
   * @return the suite whose checks become the tests
   */
  protected ConformanceSuite suite(Channel channel) {
    return ConformanceSuite.create(channel);
  }

  /**
   * One dynamic test per check, in the suite's order.
   *
   * @return the tests
   */
  @TestFactory
  public Stream<DynamicTest> conformance() {
    return suite(channel()).checks().stream()
        .map(check -> DynamicTest.dynamicTest(check.toString(), () -> verify(check.run())));
  }

  private static void verify(CheckResult result) {
    switch (result.status()) {
      case PASS -> { }
      case SKIPPED -> Assumptions.abort(result.detail());
      case FAIL -> Assertions.fail(result.rule() + ": " + result.detail());
      case ERROR -> Assertions.fail(result.rule() + " could not be checked: " + result.detail());
    }
  }
}
