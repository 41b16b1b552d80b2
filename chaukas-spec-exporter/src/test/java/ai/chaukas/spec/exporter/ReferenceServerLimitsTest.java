package ai.chaukas.spec.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.reference.RunningServer;
import ai.chaukas.spec.testing.internal.SampleEvents;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The reference server's own limits, met by an exporter configured beyond them: requests larger
 * than the server takes are halved until they pass, over gRPC and HTTP; a full store is retried,
 * never taken for a request that is too large.
 */
class ReferenceServerLimitsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static List<Event> events(int n) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(SampleEvents.llmInvocation().toBuilder().setEventId("limit-" + i)
          .setSpanId("span-" + i).build());
    }
    return events;
  }

  @Test
  void requestsOverTheServersSizeLimitAreHalvedUntilTheyPass() throws Exception {
    try (RunningServer running = ReferenceServer.builder().maxInboundMessageSize(64 * 1024)
        .build().start(0)) {
      ManagedChannel channel = NettyChannelBuilder.forTarget(running.target()).usePlaintext().build();
      Recorder overGrpc = new Recorder();
      Recorder overHttp = new Recorder();
      try (ChaukasExporter grpc = ChaukasExporter.builder().grpc(channel).listener(overGrpc)
              .maxRequestBytes(1024 * 1024).build();
          ChaukasExporter http = ChaukasExporter.builder().http(URI.create(running.httpEndpoint()))
              .listener(overHttp).maxRequestBytes(1024 * 1024).build()) {
        List<Event> events = events(600);
        grpc.exportAll(events.subList(0, 300));
        http.exportAll(events.subList(300, 600));
        assertThat(grpc.flush(WAIT)).isTrue();
        assertThat(http.flush(WAIT)).isTrue();
        assertThat(overGrpc.rejected).isEmpty();
        assertThat(overHttp.rejected).isEmpty();
        assertThat(grpc.stats().sent()).isEqualTo(300);
        assertThat(http.stats().sent()).isEqualTo(300);
        assertThat(overGrpc.retries).anySatisfy(r -> assertThat(r).contains("split in two"));
        assertThat(overHttp.retries).anySatisfy(r -> assertThat(r).contains("split in two"));
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aFullStoreIsRetriedUntilTheBudgetAndNeverRejected() throws Exception {
    try (RunningServer running = ReferenceServer.builder().maxEvents(100).build().start(0)) {
      ManagedChannel channel = NettyChannelBuilder.forTarget(running.target()).usePlaintext().build();
      try {
        Recorder recorder = intoAFullStore(ChaukasExporter.builder().grpc(channel));
        assertThat(recorder.retries).allSatisfy(r -> assertThat(r).contains("the store is full")
            .doesNotContain("split"));
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aFullStoreOverHttpIsRetriedAndNeverRejected() throws Exception {
    try (RunningServer running = ReferenceServer.builder().maxEvents(100).build().start(0)) {
      Recorder recorder =
          intoAFullStore(ChaukasExporter.builder().http(URI.create(running.httpEndpoint())));
      assertThat(recorder.retries).allSatisfy(r -> assertThat(r).startsWith("50 HTTP 429"));
    }
  }

  /**
   * Exports 150 events in batches of 50 through {@code transport} to a server that stores 100:
   * the last batch is retried until a 1 s budget ends, never rejected. What the listener heard.
   */
  private static Recorder intoAFullStore(ChaukasExporter.Builder transport) throws Exception {
    Recorder recorder = new Recorder();
    try (ChaukasExporter exporter = transport.listener(recorder).maxBatchSize(50)
        .backoff(Duration.ofMillis(20), Duration.ofMillis(100))
        .retryBudget(Duration.ofSeconds(1)).build()) {
      exporter.exportAll(events(150));
      assertThat(exporter.flush(WAIT)).isTrue();
      assertThat(recorder.rejected).isEmpty();
      assertThat(exporter.stats().sent()).isEqualTo(100);
      assertThat(exporter.stats().dropped(DropReason.RETRY_BUDGET_EXHAUSTED)).isEqualTo(50);
    }
    return recorder;
  }
}
