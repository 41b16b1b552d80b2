package ai.chaukas.spec.testkit.conformance;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The conformance suite against any server, plaintext:
 *
 * <pre>
 * ./mvnw -pl chaukas-spec-testkit -am test -Dtest=RemoteConformanceTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dchaukas.conformance.target=127.0.0.1:50051
 * </pre>
 *
 * Skipped when {@code chaukas.conformance.target} is not set.
 */
@EnabledIfSystemProperty(named = RemoteConformanceTest.TARGET, matches = ".+")
class RemoteConformanceTest extends ConformanceTests {

  static final String TARGET = "chaukas.conformance.target";

  private static ManagedChannel channel;

  @BeforeAll
  static void connect() {
    channel = NettyChannelBuilder.forTarget(System.getProperty(TARGET)).usePlaintext().build();
  }

  @AfterAll
  static void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Override
  protected Channel channel() {
    return channel;
  }
}
