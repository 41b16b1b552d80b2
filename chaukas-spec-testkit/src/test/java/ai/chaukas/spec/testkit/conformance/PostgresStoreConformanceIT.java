package ai.chaukas.spec.testkit.conformance;

import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.reference.RunningServer;
import ai.chaukas.spec.testing.internal.PostgresServer;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The conformance suite against the reference server with its store in PostgreSQL, on a real
 * PostgreSQL server, over gRPC: every check passes there too.
 */
class PostgresStoreConformanceIT extends ConformanceTests {

  private static PostgresServer postgres;
  private static RunningServer running;
  private static ManagedChannel channel;

  @BeforeAll
  static void start() throws IOException {
    postgres = PostgresServer.start();
    running = ReferenceServer.builder().storeAt(postgres.createDatabase("conformance")).build().start(0);
    channel = NettyChannelBuilder.forTarget(running.target()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
    if (running != null) {
      running.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Override
  protected Channel channel() {
    return channel;
  }
}
