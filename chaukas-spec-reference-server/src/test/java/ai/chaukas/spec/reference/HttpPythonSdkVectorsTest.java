package ai.chaukas.spec.reference;

import static ai.chaukas.spec.reference.HttpTestSupport.PROTOBUF;
import static ai.chaukas.spec.reference.HttpTestSupport.nestedEvents;
import static ai.chaukas.spec.reference.HttpTestSupport.post;
import static ai.chaukas.spec.reference.HttpTestSupport.resource;
import static ai.chaukas.spec.reference.HttpTestSupport.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.common.v1.SortOrder;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.IngestEventBatchResponse;
import ai.chaukas.spec.server.v1.IngestEventRequest;
import ai.chaukas.spec.server.v1.IngestEventResponse;
import ai.chaukas.spec.server.v1.QueryEventsRequest;
import ai.chaukas.spec.server.v1.QueryEventsResponse;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the published Python SDK sends ({@code vectors/python-sdk/}), posted as it sends it to an
 * endpoint of {@code http://host:port/v1}, is stored byte for byte and reads back over HTTP and
 * gRPC.
 */
class HttpPythonSdkVectorsTest {

  private static final String DIR = "/vectors/python-sdk/";

  /** Posts one vector with the headers the SDK sent, the key replaced; the path after /v1. */
  private static HttpResponse<byte[]> postVector(RunningServer running, String name) throws Exception {
    Map<String, Object> recorded = yaml(DIR + name + ".request.json");
    assertThat(recorded.get("method")).isEqualTo("POST");
    String path = (String) recorded.get("path");
    assertThat(path).startsWith("/api/v1/");
    @SuppressWarnings("unchecked")
    Map<String, String> headers = (Map<String, String>) recorded.get("headers");
    List<String> sent = new ArrayList<>();
    for (Map.Entry<String, String> h : headers.entrySet()) {
      String key = h.getKey();
      // The JDK client sets these itself (and refuses to be told).
      if (List.of("host", "connection", "content-length", "content-type").contains(key.toLowerCase())) {
        continue;
      }
      sent.add(key);
      sent.add(key.equals("Authorization") ? "Bearer test-key" : h.getValue());
    }
    byte[] body = resource(DIR + name + ".bin");
    assertThat(body).hasSize((Integer) recorded.get("body_len"));
    // The SDK's endpoint was http://127.0.0.1:18080/api/v1; here it is httpEndpoint(), …/v1.
    String uri = running.httpEndpoint() + path.substring("/api/v1".length());
    return post(uri, headers.get("Content-Type"), body, sent.toArray(new String[0]));
  }

  @Test
  void sdkRequestsAreStoredAsSentAndReadBackOverHttpAndGrpc() throws Exception {
    try (RunningServer running = ReferenceServer.create().start(0)) {
      HttpResponse<byte[]> single = postVector(running, "01-events");
      assertThat(single.statusCode()).as(new String(single.body())).isEqualTo(202);
      assertThat(single.headers().firstValue("content-type")).hasValue(PROTOBUF);
      IngestEventRequest singleRequest = IngestEventRequest.parseFrom(resource(DIR + "01-events.bin"));
      assertThat(IngestEventResponse.parseFrom(single.body()).getEventId())
          .isEqualTo(singleRequest.getEvent().getEventId());

      HttpResponse<byte[]> batch = postVector(running, "02-events_batch");
      assertThat(batch.statusCode()).as(new String(batch.body())).isEqualTo(202);
      IngestEventBatchResponse batchReply = IngestEventBatchResponse.parseFrom(batch.body());
      assertThat(batchReply.getAcceptedCount()).isEqualTo(4);
      assertThat(batchReply.getRejectedCount()).isZero();

      // The events as the SDK serialized them: the bytes inside the request bodies.
      List<ByteString> expected = new ArrayList<>(nestedEventsOfSingle());
      expected.addAll(nestedEvents(resource(DIR + "02-events_batch.bin"), 3));
      assertThat(expected).hasSize(5);
      String tenant = singleRequest.getEvent().getTenantId();
      QueryRequest query = QueryRequest.newBuilder()
          .setFilter(QueryFilter.newBuilder().setTenantId(tenant))
          .setOrderByTime(SortOrder.SORT_ORDER_ASC)
          .build();

      // HTTP, protobuf: the events inside the reply's bytes.
      HttpResponse<byte[]> page = post(running.httpEndpoint() + "/query", PROTOBUF,
          QueryEventsRequest.newBuilder().setQuery(query).build().toByteArray(),
          "Authorization", "Bearer test-key");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(nestedEvents(page.body(), 1)).containsExactlyInAnyOrderElementsOf(expected);

      // HTTP, JSON: the same events.
      HttpResponse<byte[]> jsonPage = HttpTestSupport.postJson(running.httpEndpoint() + "/query", query);
      assertThat(jsonPage.statusCode()).isEqualTo(200);
      ai.chaukas.spec.common.v1.QueryResponse.Builder parsed =
          HttpTestSupport.OPENAPI.merge(HttpTestSupport.text(jsonPage),
              ai.chaukas.spec.common.v1.QueryResponse.newBuilder());
      assertThat(parsed.getEventsList()).containsExactlyInAnyOrderElementsOf(
          QueryEventsResponse.parseFrom(page.body()).getResponse().getEventsList());

      // gRPC.
      ManagedChannel channel = NettyChannelBuilder.forTarget(running.target()).usePlaintext().build();
      try {
        QueryEventsResponse grpc = ChaukasServerServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .queryEvents(QueryEventsRequest.newBuilder().setQuery(query).build());
        assertThat(nestedEvents(grpc.toByteArray(), 1)).containsExactlyInAnyOrderElementsOf(expected);
        List<ByteString> reserialized = new ArrayList<>();
        grpc.getResponse().getEventsList().forEach(e -> reserialized.add(e.toByteString()));
        assertThat(reserialized).containsExactlyInAnyOrderElementsOf(expected);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static List<ByteString> nestedEventsOfSingle() throws Exception {
    return HttpTestSupport.fieldBytes(ByteString.copyFrom(resource(DIR + "01-events.bin")), 1);
  }
}
