package ai.chaukas.spec.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.chaukas.spec.common.v1.QueryResponse;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The curl commands of the README, run as written from a directory holding {@code vectors/}. */
class HttpCurlTest {

  private static final Path CURL = Path.of("/usr/bin/curl");

  private static String run(Path dir, String... command) throws Exception {
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }

  @Test
  void readmeCurlCommandsStoreAndQueryTheSdkBatch() throws Exception {
    assumeThat(Files.isExecutable(CURL)).as("curl at " + CURL).isTrue();
    // The test resources hold vectors/ as the repository root does.
    Path dir = new File(HttpCurlTest.class.getResource("/vectors").toURI()).toPath().getParent();
    try (RunningServer running = ReferenceServer.create().start(0)) {
      String endpoint = running.httpEndpoint();
      List<String> post = List.of("curl", "-sS", "-X", "POST",
          "--data-binary", "@vectors/python-sdk/02-events_batch.bin",
          "-H", "Content-Type: application/x-protobuf",
          "-H", "Authorization: Bearer test-key",
          endpoint + "/events/batch");
      System.out.println("README: " + String.join(" ", post));
      run(dir, post.toArray(new String[0]));
      assertThat(running.server().eventCount()).isEqualTo(4);

      List<String> query = List.of("curl", "-sS", "-X", "POST",
          "-H", "Content-Type: application/json",
          "-H", "Authorization: Bearer test-key",
          "--data", "{\"filter\":{\"tenant_id\":\"tenant-probe\"},\"order_by_time\":\"ASC\"}",
          endpoint + "/query");
      System.out.println("README: " + String.join(" ", query));
      String json = run(dir, query.toArray(new String[0]));
      QueryResponse page =
          HttpTestSupport.OPENAPI.merge(json, QueryResponse.newBuilder()).build();
      assertThat(page.getEventsList()).hasSize(4)
          .containsExactlyInAnyOrderElementsOf(running.server().events("tenant-probe"));

      List<String> health = List.of("curl", "-sS", "-f", "http://" + running.target() + "/healthz");
      System.out.println("README: " + String.join(" ", health));
      assertThat(run(dir, health.toArray(new String[0]))).isEqualTo("{}");
    }
  }
}
