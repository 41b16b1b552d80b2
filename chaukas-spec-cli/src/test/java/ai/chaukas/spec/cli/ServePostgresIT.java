package ai.chaukas.spec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import ai.chaukas.spec.testing.internal.Curl;
import ai.chaukas.spec.testing.internal.PostgresServer;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code chaukas serve --store postgresql://…} as users run it: two processes on one database, the
 * SDK's batch posted with curl to one and found by a query to the other; the password never
 * printed; an unreachable database named by host and port with exit code 2.
 */
class ServePostgresIT {

  private static PostgresServer postgres;

  @BeforeAll
  static void start() throws Exception {
    postgres = PostgresServer.start();
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  @Test
  void twoProcessesOnOneDatabaseSeeEachOthersEvents() throws Exception {
    assumeThat(Curl.isInstalled()).as("curl at " + Curl.PATH).isTrue();
    Path root = new File(ServePostgresIT.class.getResource("/vectors").toURI()).toPath().getParent();
    List<Event> sent =
        IngestEventBatchRequest.parseFrom(
                Files.readAllBytes(root.resolve("vectors/python-sdk/02-events_batch.bin")))
            .getEventBatch()
            .getEventsList();
    String tenant = sent.get(0).getTenantId();
    String url = postgres.createDatabase("serve");
    assertThat(url).contains(":secret@");

    try (ServeProcess one = ServeProcess.start(List.of(), "--port", "0", "--store", url);
        ServeProcess two = ServeProcess.start(List.of(), "--port", "0", "--store", url)) {
      String base = "http://127.0.0.1:" + one.port();
      assertThat(Curl.run(root, "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
              "--data-binary", "@vectors/python-sdk/02-events_batch.bin",
              "-H", "Content-Type: application/x-protobuf",
              base + "/v1/events/batch"))
          .isEqualTo("202");
      assertThat(queriedIds(root, "http://127.0.0.1:" + two.port(), tenant))
          .containsExactlyInAnyOrderElementsOf(sent.stream().map(Event::getEventId).toList());
      one.terminate();
      two.terminate();
      assertThat(one.awaitExit()).isZero();
      assertThat(two.awaitExit()).isZero();
      assertThat(one.out())
          .contains("events are stored in PostgreSQL at postgresql://postgres:***@127.0.0.1:"
              + postgres.port() + "/serve, committed before each acknowledgement")
          .doesNotContain("secret");
      assertThat(two.out()).contains("it held " + sent.size() + " events").doesNotContain("secret");
    }
  }

  @Test
  void anUnreachableDatabaseExitsWithTwoNamingItsHostAndPort() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (ServeProcess serve = ServeProcess.start(List.of(), "--port", "0",
        "--store", "postgresql://chaukas:hunter2@127.0.0.1:" + closedPort + "/events")) {
      assertThat(serve.awaitExit()).isEqualTo(2);
      assertThat(serve.err().lines().toList()).singleElement().asString()
          .startsWith("chaukas serve: cannot open the store postgresql://chaukas:***@127.0.0.1:"
              + closedPort + "/events: cannot connect to the PostgreSQL server at 127.0.0.1:" + closedPort)
          .doesNotContain("hunter2");
    }
  }

  /** The event ids in the JSON reply of a query over HTTP. */
  private static List<String> queriedIds(Path root, String base, String tenant) throws Exception {
    String json = Curl.run(root, "-sS", "-f", "-X", "POST",
        "-H", "Content-Type: application/json",
        "--data", "{\"filter\":{\"tenant_id\":\"" + tenant + "\"},\"order_by_time\":\"ASC\"}",
        base + "/v1/query");
    return Pattern.compile("\"event_id\":\\s*\"([^\"]+)\"")
        .matcher(json)
        .results()
        .map(m -> m.group(1))
        .toList();
  }
}
