package ai.chaukas.spec.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.exporter.ScriptedHttpServer.Received;
import ai.chaukas.spec.exporter.ScriptedHttpServer.Reply;
import ai.chaukas.spec.testing.internal.SampleEvents;
import ai.chaukas.spec.toolkit.integrity.ChainReport;
import ai.chaukas.spec.toolkit.integrity.ChainVerifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With chaining, the events a platform receives form verifiable chains, retries and spool too. */
class ChainingTest {

  @TempDir Path dir;

  private static List<Event> twoSessions(int n) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(SampleEvents.event("c-" + i, 1_764_000_000L + i)
          .setSessionId(i % 2 == 0 ? "session-a" : "session-b").build());
    }
    return events;
  }

  private static List<Event> received(ScriptedHttpServer server) {
    List<Event> events = new ArrayList<>();
    for (Received request : server.received) {
      events.addAll(Bodies.batch(request).getEventBatch().getEventsList());
    }
    return events;
  }

  @Test
  void receivedEventsFormOneVerifiedChainPerSessionThroughRetriesAndTheSpool() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedHttpServer server = new ScriptedHttpServer(request -> calls.incrementAndGet() == 1
            ? Reply.status(503, "busy", Map.of())
            : Reply.ok(Bodies.accepted(request)));
        ChaukasExporter exporter = ChaukasExporter.builder().http(server.endpoint())
            .chain(true).spool(dir.resolve("spool"), SpoolMode.ASYNC)
            .backoff(Duration.ofMillis(10), Duration.ofMillis(20)).build()) {
      exporter.exportAll(twoSessions(40));
      assertThat(exporter.flush(Duration.ofSeconds(20))).isTrue();
      // The retry sent the same bytes, hashes included.
      assertThat(Bodies.batch(server.received.get(1))).isEqualTo(Bodies.batch(server.received.get(0)));
      List<Event> events = received(server).subList(0, 40);
      ChainReport report = ChainVerifier.verify(events);
      assertThat(report.ok()).as(report.toString()).isTrue();
      assertThat(report.chainCount()).isEqualTo(2);
      assertThat(events).allSatisfy(e -> assertThat(e.getContentHash()).hasSize(64));
    }
  }

  @Test
  void aSessionsEndForgetsItsChain() throws Exception {
    try (ScriptedHttpServer server = new ScriptedHttpServer(r -> Reply.ok(Bodies.accepted(r)));
        ChaukasExporter exporter = ChaukasExporter.builder().http(server.endpoint())
            .chain(true).build()) {
      List<Event> events = new ArrayList<>(twoSessions(2));
      events.add(SampleEvents.event("end-a", 1_764_000_010L).setSessionId("session-a")
          .setType(EventType.EVENT_TYPE_SESSION_END).build());
      events.add(SampleEvents.event("again-a", 1_764_000_011L).setSessionId("session-a").build());
      exporter.exportAll(events);
      assertThat(exporter.flush(Duration.ofSeconds(20))).isTrue();
      List<Event> sent = received(server);
      assertThat(sent.get(2).getHashPrev()).isEqualTo(sent.get(0).getContentHash());
      assertThat(sent.get(3).getHashPrev()).isEmpty();
    }
  }
}
