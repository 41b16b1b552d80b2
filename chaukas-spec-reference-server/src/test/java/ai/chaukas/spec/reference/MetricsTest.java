package ai.chaukas.spec.reference;

import static ai.chaukas.spec.testing.internal.SampleEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics}: what was ingested and refused, call latency, and the store's commits. */
class MetricsTest {

  @TempDir Path store;

  @Test
  void countsEventsCallsAndCommitsInPrometheusTextFormat() throws Exception {
    try (RunningServer running = ReferenceServer.builder().storeIn(store).build().start(0)) {
      Event valid = event("e-1", 1).build();
      Event invalid = event("e-2", 2).clearTimestamp().build();
      IngestEventBatchRequest request =
          IngestEventBatchRequest.newBuilder()
              .setEventBatch(EventBatch.newBuilder().setBatchId("b").addEvents(valid).addEvents(invalid))
              .build();
      ManagedChannel channel = NettyChannelBuilder.forTarget(running.target()).usePlaintext().build();
      try {
        ChaukasServerServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .ingestEventBatch(request);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      HttpResponse<byte[]> http =
          HttpTestSupport.send("POST", running.httpEndpoint() + "/events/batch",
              HttpTestSupport.PROTOBUF,
              request.toBuilder().setEventBatch(request.getEventBatch().toBuilder().setBatchId("b2"))
                  .build().toByteArray());
      assertThat(http.statusCode()).isEqualTo(202);

      HttpResponse<String> metrics =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(URI.create("http://" + running.target() + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("text/plain"));
      String text = metrics.body();
      // Two calls of one valid and one invalid event: the second valid copy is accepted again.
      assertThat(value(text, "chaukas_events_ingested_total")).isEqualTo(2);
      assertThat(value(text, "chaukas_events_rejected_total")).isEqualTo(2);
      assertThat(value(text, "chaukas_events_ingested_bytes_total"))
          .isEqualTo(2.0 * valid.getSerializedSize());
      assertThat(value(text, "chaukas_events_rejected_bytes_total"))
          .isEqualTo(2.0 * invalid.getSerializedSize());
      assertThat(value(text,
              "chaukas_request_seconds_count{method=\"IngestEventBatch\",outcome=\"OK\",protocol=\"grpc\"}"))
          .isEqualTo(1);
      assertThat(value(text,
              "chaukas_request_seconds_count{method=\"IngestEventBatch\",outcome=\"OK\",protocol=\"http\"}"))
          .isEqualTo(1);
      // Only the first call stored something new; a commit runs for every call that reaches the store.
      assertThat(value(text, "chaukas_store_commit_seconds_count")).isGreaterThanOrEqualTo(1);
      assertThat(value(text, "chaukas_store_commit_events_sum")).isEqualTo(2);
      assertThat(value(text, "chaukas_store_queue")).isZero();
      assertThat(text).contains("chaukas_request_seconds_bucket{");
    }
  }

  private static double value(String text, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
    assertThat(m.find()).as("%s in%n%s", series, text).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
