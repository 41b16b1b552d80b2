package ai.chaukas.spec.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.client.v1.IngestEventBatchRequest;
import ai.chaukas.spec.client.v1.IngestEventRequest;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.exporter.ScriptedHttpServer.Received;
import ai.chaukas.spec.exporter.ScriptedHttpServer.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The HTTP transport against a platform that answers as told: what it sends (the Python SDK's
 * requests), and what it does with each answer a platform gives.
 */
class HttpTransportTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static ChaukasExporter.Builder exporter(ScriptedHttpServer server, Recorder recorder) {
    return ChaukasExporter.builder()
        .http(server.endpoint())
        .apiKey("key-123")
        .backoff(Duration.ofMillis(20), Duration.ofMillis(100))
        .scheduleDelay(Duration.ofSeconds(30))
        .listener(recorder);
  }

  private static Function<Received, Reply> acceptAll() {
    return request -> Reply.ok(request.path().endsWith("/batch") ? Bodies.accepted(request) : new byte[0]);
  }

  private static byte[] vector(String name) throws IOException {
    try (InputStream in = HttpTransportTest.class.getResourceAsStream("/vectors/python-sdk/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void sendsWhatThePythonSdkSends() throws Exception {
    IngestEventRequest single = IngestEventRequest.parseFrom(vector("01-events.bin"));
    IngestEventBatchRequest batch = IngestEventBatchRequest.parseFrom(vector("02-events_batch.bin"));
    Recorder recorder = new Recorder();
    try (ScriptedHttpServer server = new ScriptedHttpServer(acceptAll());
        ChaukasExporter exporter = exporter(server, recorder).build()) {
      exporter.export(single.getEvent());
      assertThat(exporter.flush(WAIT)).isTrue();
      exporter.exportAll(batch.getEventBatch().getEventsList());
      assertThat(exporter.flush(WAIT)).isTrue();

      assertThat(server.received).hasSize(2);
      Received first = server.received.get(0);
      Received second = server.received.get(1);
      // The Python SDK's endpoint was …/api/v1 and it posted to …/api/v1/events and …/events/batch.
      assertThat(first.method()).isEqualTo("POST");
      assertThat(first.path()).isEqualTo("/api/v1/events");
      assertThat(second.path()).isEqualTo("/api/v1/events/batch");
      for (Received request : server.received) {
        assertThat(request.header("Content-Type")).isEqualTo("application/x-protobuf");
        assertThat(request.header("Authorization")).isEqualTo("Bearer key-123");
        assertThat(request.header("User-Agent")).startsWith("chaukas-spec-exporter-java/");
      }
      // The bodies parse as the SDK's do, to the same events.
      assertThat(IngestEventRequest.parseFrom(first.body())).isEqualTo(single);
      IngestEventBatchRequest sent = IngestEventBatchRequest.parseFrom(second.body());
      assertThat(sent.getEventBatch().getEventsList()).isEqualTo(batch.getEventBatch().getEventsList());
      assertThat(sent.getEventBatch().getBatchId()).isNotEmpty();
      assertThat(sent.getEventBatch().hasTimestamp()).isTrue();
      assertThat(sent.getUnknownFields().asMap()).isEmpty();
      assertThat(recorder.sent).hasValue(5);
    }
  }

  @Test
  void highMemoryUsageSplitsTheBatchAndWaitsForRetryAfter() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Recorder recorder = new Recorder();
    try (ScriptedHttpServer server = new ScriptedHttpServer(request -> calls.incrementAndGet() == 1
            ? Reply.status(503, "high memory usage: try again", Map.of("Retry-After", "1"))
            : Reply.ok(Bodies.accepted(request)));
        ChaukasExporter exporter = exporter(server, recorder).build()) {
      exporter.exportAll(Bodies.events(8));
      assertThat(exporter.flush(WAIT)).isTrue();

      assertThat(server.received).hasSize(3);
      assertThat(Bodies.ids(server.received.get(1))).hasSize(4);
      assertThat(Bodies.ids(server.received.get(2))).hasSize(4);
      long waited = Math.min(server.received.get(1).nanos(), server.received.get(2).nanos())
          - server.received.get(0).nanos();
      assertThat(TimeUnit.NANOSECONDS.toMillis(waited)).isGreaterThanOrEqualTo(950);
      assertThat(recorder.sent).hasValue(8);
      String firstBatch = Bodies.batch(server.received.get(0)).getEventBatch().getBatchId();
      assertThat(Bodies.batch(server.received.get(1)).getEventBatch().getBatchId())
          .startsWith(firstBatch);
    }
  }

  @Test
  void aBusy503IsRetriedWholeAndAHealthyAnswerEndsIt() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Recorder recorder = new Recorder();
    try (ScriptedHttpServer server = new ScriptedHttpServer(request -> calls.incrementAndGet() <= 2
            ? Reply.status(503, "store is busy", Map.of())
            : Reply.ok(Bodies.accepted(request)));
        ChaukasExporter exporter = exporter(server, recorder).build()) {
      exporter.exportAll(Bodies.events(6));
      assertThat(exporter.flush(WAIT)).isTrue();
      assertThat(server.received).hasSize(3);
      // The same request each time: same batch id, same events.
      assertThat(server.received).extracting(Bodies::batch)
          .containsOnly(Bodies.batch(server.received.get(0)));
      assertThat(recorder.retries).hasSize(2);
      assertThat(exporter.stats().retried()).isEqualTo(2);
      assertThat(recorder.sent).hasValue(6);
    }
  }

  @Test
  void tooManyRequestsIsRetriedAfterRetryAfter() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedHttpServer server = new ScriptedHttpServer(request -> calls.incrementAndGet() == 1
            ? Reply.status(429, "slow down", Map.of("Retry-After", "1"))
            : Reply.ok(Bodies.accepted(request)));
        ChaukasExporter exporter = exporter(server, new Recorder()).build()) {
      exporter.exportAll(Bodies.events(3));
      assertThat(exporter.flush(WAIT)).isTrue();
      assertThat(server.received).hasSize(2);
      long waited = server.received.get(1).nanos() - server.received.get(0).nanos();
      assertThat(TimeUnit.NANOSECONDS.toMillis(waited)).isGreaterThanOrEqualTo(950);
      assertThat(exporter.stats().sent()).isEqualTo(3);
    }
  }

  @Test
  void tooLargeSplitsUntilOneEventIsRefusedAlone() throws Exception {
    Recorder recorder = new Recorder();
    // The platform takes nothing that holds e-1.
    try (ScriptedHttpServer server = new ScriptedHttpServer(request -> Bodies.ids(request).contains("e-1")
            ? Reply.status(413, "the body is larger than this server's limit", Map.of())
            : Reply.ok(request.path().endsWith("/batch") ? Bodies.accepted(request) : new byte[0]));
        ChaukasExporter exporter = exporter(server, recorder).build()) {
      exporter.exportAll(Bodies.events(4));
      assertThat(exporter.flush(WAIT)).isTrue();
      // [e-0..e-3] → [e-0, e-1] + [e-2, e-3] → [e-0] + [e-1]: e-1 alone is refused.
      assertThat(recorder.rejected).containsOnlyKeys("e-1");
      assertThat(recorder.rejected.get("e-1")).contains("HTTP 413");
      assertThat(recorder.sent).hasValue(3);
      assertThat(server.received).hasSize(5);
    }
  }

  @Test
  void badRequestIsRejectedAndNeverRetried() throws Exception {
    Recorder recorder = new Recorder();
    try (ScriptedHttpServer server = new ScriptedHttpServer(request ->
            Reply.status(400, "events[0].session_id: [EVT-3] required", Map.of()));
        ChaukasExporter exporter = exporter(server, recorder).build()) {
      exporter.exportAll(Bodies.events(2));
      assertThat(exporter.flush(WAIT)).isTrue();
      assertThat(server.received).hasSize(1);
      assertThat(recorder.rejected).containsOnlyKeys("e-0", "e-1");
      assertThat(recorder.rejected.get("e-0")).isEqualTo("HTTP 400: events[0].session_id: [EVT-3] required");
      assertThat(exporter.stats().rejected()).isEqualTo(2);
      assertThat(exporter.stats().retried()).isZero();
    }
  }

  @Test
  void eventsListedAsRejectedAreReportedAndTheRestCountAsSent() throws Exception {
    Recorder recorder = new Recorder();
    try (ScriptedHttpServer server = new ScriptedHttpServer(request ->
            Reply.ok(Bodies.accepted(request, "e-2")));
        ChaukasExporter exporter = exporter(server, recorder).build()) {
      exporter.exportAll(Bodies.events(5));
      assertThat(exporter.flush(WAIT)).isTrue();
      assertThat(server.received).hasSize(1);
      assertThat(recorder.rejected).containsOnlyKeys("e-2");
      assertThat(recorder.sent).hasValue(4);
      assertThat(exporter.stats().sent()).isEqualTo(4);
      assertThat(exporter.stats().rejected()).isEqualTo(1);
    }
  }

  @Test
  void aReplySlowerThanTheExportTimeoutIsRetried() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedHttpServer server = new ScriptedHttpServer(request -> {
          Reply ok = Reply.ok(Bodies.accepted(request));
          return calls.incrementAndGet() == 1 ? new Reply(202, ok.headers(), ok.body(), 3_000) : ok;
        });
        ChaukasExporter exporter = exporter(server, new Recorder())
            .exportTimeout(Duration.ofMillis(500)).build()) {
      exporter.exportAll(Bodies.events(3));
      assertThat(exporter.flush(WAIT)).isTrue();
      assertThat(server.received).hasSizeGreaterThanOrEqualTo(2);
      assertThat(Bodies.batch(server.received.get(1))).isEqualTo(Bodies.batch(server.received.get(0)));
      assertThat(exporter.stats().retried()).isGreaterThanOrEqualTo(1);
      assertThat(exporter.stats().sent()).isEqualTo(3);
    }
  }

  @Test
  void anUnreachablePlatformIsRetriedUntilTheBudgetThenDropped() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Recorder recorder = new Recorder();
    try (ChaukasExporter exporter = ChaukasExporter.builder()
        .http(URI.create("http://127.0.0.1:" + port + "/api/v1"))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(100))
        .retryBudget(Duration.ofSeconds(1))
        .listener(recorder)
        .build()) {
      exporter.exportAll(Bodies.events(3));
      assertThat(exporter.flush(WAIT)).isTrue();
      assertThat(recorder.dropped(DropReason.RETRY_BUDGET_EXHAUSTED)).isEqualTo(3);
      assertThat(exporter.stats().dropped(DropReason.RETRY_BUDGET_EXHAUSTED)).isEqualTo(3);
      assertThat(recorder.retries).isNotEmpty().allSatisfy(r -> assertThat(r).contains("cannot reach"));
      assertThat(exporter.stats().sent()).isZero();
    }
  }

  @Test
  void unauthorizedIsRejectedWithThePlatformsMessage() throws Exception {
    Recorder recorder = new Recorder();
    try (ScriptedHttpServer server = new ScriptedHttpServer(request ->
            Reply.status(401, "unknown API key", Map.of("WWW-Authenticate", "Bearer")));
        ChaukasExporter exporter = exporter(server, recorder).build()) {
      Event event = Bodies.events(1).get(0);
      exporter.export(event);
      assertThat(exporter.flush(WAIT)).isTrue();
      assertThat(recorder.rejected).containsEntry("e-0", "HTTP 401: unknown API key");
      assertThat(server.received).hasSize(1);
    }
  }
}
