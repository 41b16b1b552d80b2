package ai.chaukas.spec.reference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.HealthzRequest;
import ai.chaukas.spec.testing.internal.ChildJvm;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Healthz reports the heap's real state: in a JVM whose heap stays nearly full after garbage
 * collection it fails over gRPC and HTTP, saying so, and ingest is refused; once the memory is
 * free again it answers OK.
 */
class HealthzHeapIT {

  @Test
  void healthz_fails_while_the_heap_stays_full_and_recovers() throws Exception {
    ChildJvm.Result result = ChildJvm.run(Duration.ofSeconds(60),
        List.of("-Xmx96m", "-XX:+UseSerialGC"), FullHeap.class);
    assertThat(result.finished()).as(result.output()).isTrue();
    assertThat(result.output())
        .contains("full grpc: UNAVAILABLE: high memory usage")
        .contains("full http: 503 high memory usage")
        .contains("full ingest: 503 high memory usage")
        .contains("freed grpc: OK")
        .contains("freed http: 200");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  /** Fills its heap with live arrays, asks Healthz, frees them, asks again. */
  public static final class FullHeap {
    public static void main(String[] args) throws Exception {
      try (RunningServer running = ReferenceServer.create().start(0)) {
        ManagedChannel channel = NettyChannelBuilder.forTarget(running.target()).usePlaintext().build();
        HttpClient http = HttpClient.newHttpClient();
        List<byte[]> live = new ArrayList<>();
        long max = Runtime.getRuntime().maxMemory();
        Runtime runtime = Runtime.getRuntime();
        while (runtime.totalMemory() - runtime.freeMemory() < 0.93 * max) {
          live.add(new byte[256 * 1024]);
        }
        System.gc();
        System.out.println("full grpc: " + healthz(channel));
        System.out.println("full http: " + get(http, running, "/healthz"));
        System.out.println("full ingest: " + post(http, running));
        live.clear();
        System.gc();
        System.out.println("freed grpc: " + healthz(channel));
        System.out.println("freed http: " + get(http, running, "/healthz"));
        channel.shutdownNow();
      }
    }

    private static String healthz(ManagedChannel channel) {
      try {
        ChaukasServerServiceGrpc.newBlockingStub(channel).healthz(HealthzRequest.getDefaultInstance());
        return "OK";
      } catch (StatusRuntimeException e) {
        return e.getStatus().getCode() + ": " + e.getStatus().getDescription();
      }
    }

    private static String get(HttpClient http, RunningServer running, String path) throws Exception {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create("http://" + running.target() + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() + (response.statusCode() == 200 ? "" : " " + message(response.body()));
    }

    private static String post(HttpClient http, RunningServer running) throws Exception {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create(running.httpEndpoint() + "/events"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"event\":{}}"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() + " " + message(response.body());
    }

    private static String message(String json) {
      int at = json.indexOf("\"message\"");
      return at < 0 ? json : json.substring(json.indexOf('"', at + 10) + 1);
    }
  }
}
