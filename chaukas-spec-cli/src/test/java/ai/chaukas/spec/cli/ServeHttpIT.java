package ai.chaukas.spec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import ai.chaukas.spec.testing.internal.Curl;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the README shows: {@code chaukas serve} with its store on disk, the Python SDK's batch
 * posted with curl exactly as the SDK posts it, then found by a query, before and after a restart.
 */
class ServeHttpIT {

  @TempDir Path store;

  @Test
  void theSdkBatchPostedWithCurlIsStoredAndQueriedAcrossARestart() throws Exception {
    assumeThat(Curl.isInstalled()).as("curl at " + Curl.PATH).isTrue();
    // The test resources hold vectors/ as the repository root does.
    Path root = new File(ServeHttpIT.class.getResource("/vectors").toURI()).toPath().getParent();
    List<Event> sent =
        IngestEventBatchRequest.parseFrom(
                Files.readAllBytes(root.resolve("vectors/python-sdk/02-events_batch.bin")))
            .getEventBatch()
            .getEventsList();
    String tenant = sent.get(0).getTenantId();

    try (ServeProcess serve = ServeProcess.start(List.of(), "--port", "0", "--store", store.toString())) {
      String base = "http://127.0.0.1:" + serve.port();
      assertThat(Curl.run(root, "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
              "--data-binary", "@vectors/python-sdk/02-events_batch.bin",
              "-H", "Content-Type: application/x-protobuf",
              "-H", "Authorization: Bearer test-key",
              base + "/v1/events/batch"))
          .isEqualTo("202");
      assertThat(queriedIds(root, base, tenant)).containsExactlyInAnyOrderElementsOf(ids(sent));
      assertThat(serve.out()).contains("IngestEventBatch batch_id=");
      serve.terminate();
      assertThat(serve.awaitExit()).isZero();
    }
    try (ServeProcess restarted =
        ServeProcess.start(List.of(), "--port", "0", "--store", store.toString())) {
      String base = "http://127.0.0.1:" + restarted.port();
      assertThat(queriedIds(root, base, tenant)).containsExactlyInAnyOrderElementsOf(ids(sent));
      restarted.terminate();
      assertThat(restarted.awaitExit()).isZero();
      assertThat(restarted.out()).contains("; " + sent.size() + " stored now");
    }
  }

  private static List<String> ids(List<Event> events) {
    return events.stream().map(Event::getEventId).toList();
  }

  /** The event ids in the JSON reply of the README's query, in the order returned. */
  private static List<String> queriedIds(Path root, String base, String tenant) throws Exception {
    String json = Curl.run(root, "-sS", "-f", "-X", "POST",
        "-H", "Content-Type: application/json",
        "-H", "Authorization: Bearer test-key",
        "--data", "{\"filter\":{\"tenant_id\":\"" + tenant + "\"},\"order_by_time\":\"ASC\"}",
        base + "/v1/query");
    return Pattern.compile("\"event_id\":\\s*\"([^\"]+)\"")
        .matcher(json)
        .results()
        .map(m -> m.group(1))
        .toList();
  }
}
