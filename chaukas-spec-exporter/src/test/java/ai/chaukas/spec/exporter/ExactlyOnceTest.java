package ai.chaukas.spec.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.reference.RunningServer;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.GetEventStatsRequest;
import ai.chaukas.spec.testing.internal.SampleEvents;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Between the exporter and the reference server, a proxy closes connections after the server has
 * answered, so the server stores a batch and the exporter never hears of it. The exporter retries
 * with the same batch and event ids, and the server's idempotency (ING-5) stores each event once:
 * every event exported is stored exactly once.
 */
class ExactlyOnceTest {

  private static final int EVENTS = 3_000;
  private static final Duration WAIT = Duration.ofSeconds(60);

  private RunningServer running;
  private ManagedChannel direct;

  @BeforeEach
  void start() throws Exception {
    running = ReferenceServer.create().start(0);
    direct = NettyChannelBuilder.forTarget(running.target()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws Exception {
    direct.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    running.close();
  }

  private static List<Event> events() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      events.add(SampleEvents.event("once-" + i, 1_764_000_000L + i).build());
    }
    return events;
  }

  private long stored() {
    return ChaukasServerServiceGrpc.newBlockingStub(direct).withDeadlineAfter(10, TimeUnit.SECONDS)
        .getEventStats(GetEventStatsRequest.newBuilder().setTenantId(SampleEvents.TENANT).build())
        .getTotalEvents();
  }

  private InetSocketAddress server() {
    String[] hostPort = running.target().split(":");
    return new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
  }

  private void assertStoredOnce(ChaukasExporter exporter, DroppingProxy proxy) {
    assertThat(exporter.flush(WAIT)).isTrue();
    ExporterStats stats = exporter.stats();
    assertThat(proxy.dropped.get()).as("answers the proxy dropped").isPositive();
    assertThat(stats.retried()).isPositive();
    assertThat(stats.sent()).isEqualTo(EVENTS);
    assertThat(stats.dropped() + stats.rejected()).isZero();
    assertThat(stored()).isEqualTo(EVENTS);
  }

  @Test
  void overHttpEveryEventIsStoredOnce() throws Exception {
    try (DroppingProxy proxy = new DroppingProxy(server(), 0.3, 0, 42);
        ChaukasExporter exporter = ChaukasExporter.builder()
            .http(URI.create("http://127.0.0.1:" + proxy.port() + "/v1"))
            .maxBatchSize(100)
            .queueFullPolicy(QueueFullPolicy.BLOCK)
            .blockTimeout(WAIT)
            .backoff(Duration.ofMillis(10), Duration.ofMillis(50))
            .build()) {
      exporter.exportAll(events());
      assertStoredOnce(exporter, proxy);
    }
  }

  @Test
  void overGrpcEveryEventIsStoredOnce() throws Exception {
    try (DroppingProxy proxy = new DroppingProxy(server(), 0.3, 512, 43)) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", proxy.port()).usePlaintext().build();
      try (ChaukasExporter exporter = ChaukasExporter.builder()
          .grpc(channel)
          .maxBatchSize(100)
          .queueFullPolicy(QueueFullPolicy.BLOCK)
          .blockTimeout(WAIT)
          .backoff(Duration.ofMillis(10), Duration.ofMillis(50))
          .build()) {
        exporter.exportAll(events());
        assertStoredOnce(exporter, proxy);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
