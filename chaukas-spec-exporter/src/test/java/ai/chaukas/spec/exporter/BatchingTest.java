package ai.chaukas.spec.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.exporter.ScriptedHttpServer.Reply;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Batches close on count, on request bytes and on the delay; too large an event is refused. */
class BatchingTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static ScriptedHttpServer acceptingServer() throws Exception {
    return new ScriptedHttpServer(request -> Reply.ok(
        request.path().endsWith("/batch") ? Bodies.accepted(request) : new byte[0]));
  }

  @Test
  void batchesCloseAtTheirCount() throws Exception {
    try (ScriptedHttpServer server = acceptingServer();
        ChaukasExporter exporter = ChaukasExporter.builder().http(server.endpoint())
            .maxBatchSize(10).scheduleDelay(Duration.ofMinutes(1)).build()) {
      exporter.exportAll(Bodies.events(25));
      assertThat(exporter.flush(WAIT)).isTrue();
      assertThat(server.received).extracting(r -> Bodies.ids(r).size())
          .containsExactlyInAnyOrder(10, 10, 5);
    }
  }

  @Test
  void batchesCloseBeforeTheirRequestOutgrowsTheByteLimit() throws Exception {
    long limit = 20_000;
    try (ScriptedHttpServer server = acceptingServer();
        ChaukasExporter exporter = ChaukasExporter.builder().http(server.endpoint())
            .maxRequestBytes(limit).scheduleDelay(Duration.ofMinutes(1)).build()) {
      List<Event> events = Bodies.events(60);
      exporter.exportAll(events);
      assertThat(exporter.flush(WAIT)).isTrue();
      int eventBytes = events.get(0).getSerializedSize();
      assertThat(server.received).allSatisfy(request ->
          assertThat((long) request.body().length).isLessThanOrEqualTo(limit));
      // Batches fill up to the limit: one more event would not have fitted.
      assertThat(server.received).anySatisfy(request ->
          assertThat((long) request.body().length + eventBytes + 3).isGreaterThan(limit));
      assertThat(server.received.stream().mapToInt(r -> Bodies.ids(r).size()).sum()).isEqualTo(60);
    }
  }

  @Test
  void aBatchIsSentWhenTheDelayPassesWithoutAFlush() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    try (ScriptedHttpServer server = new ScriptedHttpServer(request -> {
          arrived.countDown();
          return Reply.ok(new byte[0]);
        });
        ChaukasExporter exporter = ChaukasExporter.builder().http(server.endpoint())
            .scheduleDelay(Duration.ofMillis(200)).build()) {
      long start = System.nanoTime();
      exporter.export(Bodies.events(1).get(0));
      assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(150);
    }
  }

  @Test
  void anEventLargerThanARequestIsRefusedAtExport() throws Exception {
    Struct.Builder big = Struct.newBuilder();
    big.putFields("text", Value.newBuilder().setStringValue("x".repeat(5_000)).build());
    Event event = Bodies.events(1).get(0).toBuilder().setEventId("big-1").setMetadata(big).build();
    try (ScriptedHttpServer server = acceptingServer();
        ChaukasExporter exporter = ChaukasExporter.builder().http(server.endpoint())
            .maxRequestBytes(4_096).build()) {
      assertThatThrownBy(() -> exporter.export(event))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("big-1")
          .hasMessageContaining("maxRequestBytes 4096");
      assertThat(exporter.stats().accepted()).isZero();
      assertThat(exporter.flush(WAIT)).isTrue();
      assertThat(server.received).isEmpty();
    }
  }
}
