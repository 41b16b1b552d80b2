package ai.chaukas.spec.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.chaukas.spec.common.v1.QueryResponse;
import ai.chaukas.spec.testing.internal.Curl;
import java.io.File;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The curl commands of the README, run as written from a directory holding {@code vectors/}. */
class HttpCurlTest {

  @Test
  void readmeCurlCommandsStoreAndQueryTheSdkBatch() throws Exception {
    assumeThat(Curl.isInstalled()).as("curl at " + Curl.PATH).isTrue();
    // The test resources hold vectors/ as the repository root does.
    Path dir = new File(HttpCurlTest.class.getResource("/vectors").toURI()).toPath().getParent();
    try (RunningServer running = ReferenceServer.create().start(0)) {
      String endpoint = running.httpEndpoint();
      Curl.run(dir, "-sS", "-X", "POST",
          "--data-binary", "@vectors/python-sdk/02-events_batch.bin",
          "-H", "Content-Type: application/x-protobuf",
          "-H", "Authorization: Bearer test-key",
          endpoint + "/events/batch");
      assertThat(running.server().eventCount()).isEqualTo(4);

      String json = Curl.run(dir, "-sS", "-X", "POST",
          "-H", "Content-Type: application/json",
          "-H", "Authorization: Bearer test-key",
          "--data", "{\"filter\":{\"tenant_id\":\"tenant-probe\"},\"order_by_time\":\"ASC\"}",
          endpoint + "/query");
      QueryResponse page =
          HttpTestSupport.OPENAPI.merge(json, QueryResponse.newBuilder()).build();
      assertThat(page.getEventsList()).hasSize(4)
          .containsExactlyInAnyOrderElementsOf(running.server().events("tenant-probe"));

      assertThat(Curl.run(dir, "-sS", "-f", "http://" + running.target() + "/healthz"))
          .isEqualTo("{}");
    }
  }
}
