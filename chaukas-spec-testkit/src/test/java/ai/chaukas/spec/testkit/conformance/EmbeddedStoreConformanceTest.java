package ai.chaukas.spec.testkit.conformance;

import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.reference.RunningServer;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The conformance suite against the reference server with its store on disk, as {@code chaukas
 * serve} runs it by default: every check passes there too.
 */
class EmbeddedStoreConformanceTest extends ConformanceTests {

  private static Path directory;
  private static RunningServer running;
  private static ManagedChannel channel;

  @BeforeAll
  static void start() throws IOException {
    directory = Files.createTempDirectory("chaukas-conformance-store");
    running = ReferenceServer.builder().storeIn(directory).build().start(0);
    channel = NettyChannelBuilder.forTarget(running.target()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws Exception {
    channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    running.close();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  @Override
  protected Channel channel() {
    return channel;
  }
}
