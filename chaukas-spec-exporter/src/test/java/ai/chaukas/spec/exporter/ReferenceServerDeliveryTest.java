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
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exporter against the reference server on a real port, over gRPC and HTTP: everything
 * exported is stored once, invalid events come back as rejections, and the rest is stored.
 */
class ReferenceServerDeliveryTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TENANT = SampleEvents.TENANT;

  private RunningServer running;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    running = ReferenceServer.create().start(0);
    channel = NettyChannelBuilder.forTarget(running.target()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    running.close();
  }

  private long stored() {
    return ChaukasServerServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .getEventStats(GetEventStatsRequest.newBuilder().setTenantId(TENANT).build())
        .getTotalEvents();
  }

  /** Valid events of the reference server's rules, e-0 … e-(n-1). */
  private static List<Event> varied(int n) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(SampleEvents.event("e-" + i, 1_764_000_000L + i).setSessionId("session-" + (i % 7))
          .build());
    }
    return events;
  }

  @Test
  void everythingExportedOverGrpcIsStoredOnce() throws Exception {
    Recorder recorder = new Recorder();
    try (ChaukasExporter exporter = ChaukasExporter.builder().grpc(channel).listener(recorder).build()) {
      List<Event> events = varied(3_000);
      assertThat(exporter.exportAll(events.subList(0, 2_000))).isEqualTo(2_000);
      assertThat(exporter.flush(WAIT)).isTrue();
      // Sent again (a retry after a lost reply looks like this): idempotent, stored once.
      assertThat(exporter.exportAll(events.subList(1_000, 3_000))).isEqualTo(2_000);
      assertThat(exporter.flush(WAIT)).isTrue();
      assertThat(exporter.stats().sent()).isEqualTo(4_000);
    }
    assertThat(recorder.rejected).isEmpty();
    assertThat(stored()).isEqualTo(3_000);
  }

  @Test
  void everythingExportedOverHttpIsStoredAndInvalidEventsAreRejected() throws Exception {
    Recorder recorder = new Recorder();
    List<Event> events = new ArrayList<>(varied(1_000));
    // No session: refused by the platform's rules, alone, and in a batch.
    events.add(500, events.get(500).toBuilder().setEventId("bad-1").clearSessionId().build());
    try (ChaukasExporter exporter = ChaukasExporter.builder()
        .http(URI.create(running.httpEndpoint()))
        .listener(recorder)
        .build()) {
      exporter.exportAll(events);
      assertThat(exporter.flush(WAIT)).isTrue();
      exporter.export(events.get(500));
      assertThat(exporter.flush(WAIT)).isTrue();
      assertThat(exporter.stats().sent()).isEqualTo(1_000);
      assertThat(exporter.stats().rejected()).isEqualTo(2);
    }
    assertThat(recorder.rejected).containsOnlyKeys("bad-1");
    assertThat(recorder.rejected.get("bad-1")).startsWith("HTTP 400").contains("session_id");
    assertThat(stored()).isEqualTo(1_000);
  }

  @Test
  void closeSendsWhatIsQueued() throws Exception {
    ChaukasExporter exporter = ChaukasExporter.builder()
        .grpc(channel)
        .scheduleDelay(Duration.ofMinutes(1))
        .build();
    exporter.exportAll(varied(100));
    exporter.close();
    assertThat(exporter.stats().sent()).isEqualTo(100);
    assertThat(stored()).isEqualTo(100);
    assertThat(exporter.export(varied(101).get(100))).isFalse();
    assertThat(exporter.stats().dropped(DropReason.SHUTDOWN)).isEqualTo(1);
  }
}
