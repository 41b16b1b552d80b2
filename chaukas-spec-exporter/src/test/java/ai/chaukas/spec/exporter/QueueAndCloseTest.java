package ai.chaukas.spec.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.exporter.ScriptedHttpServer.Reply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A full queue applies its policy and counts every drop; close ends every thread of the exporter.
 * The platform here holds its first request until told to answer, so nothing leaves the queue.
 */
class QueueAndCloseTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static ChaukasExporter.Builder stalled(ScriptedHttpServer server, Recorder recorder) {
    return ChaukasExporter.builder().http(server.endpoint())
        .maxConcurrentExports(1).maxBatchSize(5).maxQueueSize(10)
        .scheduleDelay(Duration.ofMillis(10)).listener(recorder);
  }

  private static ScriptedHttpServer holdingFirst(CountDownLatch release) throws Exception {
    return new ScriptedHttpServer(request -> {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Reply.ok(Bodies.accepted(request));
    });
  }

  /** Waits until the first batch is in flight, so that what follows stays queued. */
  private static void awaitFirstRequest(ScriptedHttpServer server) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.received.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(server.received).isNotEmpty();
  }

  @Test
  void dropNewestKeepsTheQueuedEventsAndCountsTheRest() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Recorder recorder = new Recorder();
    List<Event> events = Bodies.events(30);
    try (ScriptedHttpServer server = holdingFirst(release);
        ChaukasExporter exporter = stalled(server, recorder).build()) {
      exporter.exportAll(events.subList(0, 5));
      awaitFirstRequest(server);
      int queued = exporter.exportAll(events.subList(5, 30));
      assertThat(queued).isEqualTo(10);
      assertThat(exporter.stats().dropped(DropReason.QUEUE_FULL)).isEqualTo(15);
      assertThat(recorder.dropped(DropReason.QUEUE_FULL)).isEqualTo(15);
      release.countDown();
      assertThat(exporter.flush(WAIT)).isTrue();
      assertThat(server.received.stream().flatMap(r -> Bodies.ids(r).stream()))
          .containsExactlyInAnyOrderElementsOf(
              events.subList(0, 15).stream().map(Event::getEventId).toList());
    }
  }

  @Test
  void dropOldestKeepsTheNewestEvents() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Event> events = Bodies.events(30);
    try (ScriptedHttpServer server = holdingFirst(release);
        ChaukasExporter exporter = stalled(server, new Recorder())
            .queueFullPolicy(QueueFullPolicy.DROP_OLDEST).build()) {
      exporter.exportAll(events.subList(0, 5));
      awaitFirstRequest(server);
      assertThat(exporter.exportAll(events.subList(5, 30))).isEqualTo(25);
      assertThat(exporter.stats().dropped(DropReason.QUEUE_FULL)).isEqualTo(15);
      release.countDown();
      assertThat(exporter.flush(WAIT)).isTrue();
      List<String> sent = server.received.stream().flatMap(r -> Bodies.ids(r).stream()).toList();
      assertThat(sent).containsExactlyInAnyOrderElementsOf(
          java.util.stream.Stream.concat(events.subList(0, 5).stream(), events.subList(20, 30).stream())
              .map(Event::getEventId).toList());
    }
  }

  @Test
  void blockWaitsForRoomThenDrops() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Event> events = Bodies.events(16);
    try (ScriptedHttpServer server = holdingFirst(release);
        ChaukasExporter exporter = stalled(server, new Recorder())
            .queueFullPolicy(QueueFullPolicy.BLOCK).blockTimeout(Duration.ofMillis(300)).build()) {
      exporter.exportAll(events.subList(0, 5));
      awaitFirstRequest(server);
      assertThat(exporter.exportAll(events.subList(5, 15))).isEqualTo(10);
      long start = System.nanoTime();
      assertThat(exporter.export(events.get(15))).isFalse();
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(250);
      assertThat(exporter.stats().dropped(DropReason.QUEUE_FULL)).isEqualTo(1);
      release.countDown();
      assertThat(exporter.flush(WAIT)).isTrue();
      assertThat(exporter.stats().sent()).isEqualTo(15);
    }
  }

  @Test
  void closeEndsEveryThreadAndCountsWhatItCouldNotSend() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (ScriptedHttpServer server = holdingFirst(release)) {
      ChaukasExporter exporter = stalled(server, new Recorder()).build();
      exporter.exportAll(Bodies.events(5));
      awaitFirstRequest(server);
      exporter.exportAll(Bodies.events(10));
      assertThat(exporter.close(Duration.ofMillis(300))).isFalse();
      release.countDown();
      assertThat(exporter.stats().dropped(DropReason.SHUTDOWN)).isEqualTo(15);
      assertThat(exporterThreads()).isEmpty();
    }
  }

  @Test
  void aClosedExporterLeavesNoThread() throws Exception {
    try (ScriptedHttpServer server = new ScriptedHttpServer(r -> Reply.ok(Bodies.accepted(r)))) {
      for (int i = 0; i < 3; i++) {
        ChaukasExporter exporter = ChaukasExporter.builder().http(server.endpoint()).build();
        exporter.exportAll(Bodies.events(3));
        exporter.close();
        assertThat(exporter.stats().sent()).isEqualTo(3);
      }
      assertThat(exporterThreads()).isEmpty();
    }
  }

  private static List<String> exporterThreads() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    List<String> alive;
    do {
      alive = Thread.getAllStackTraces().keySet().stream()
          .filter(Thread::isAlive)
          .map(Thread::getName)
          .filter(name -> name.startsWith("chaukas-exporter"))
          .toList();
      if (!alive.isEmpty()) {
        Thread.sleep(20);
      }
    } while (!alive.isEmpty() && System.nanoTime() < deadline);
    return alive;
  }
}
