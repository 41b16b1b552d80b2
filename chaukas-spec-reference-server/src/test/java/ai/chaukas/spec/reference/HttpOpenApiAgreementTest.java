package ai.chaukas.spec.reference;

import static ai.chaukas.spec.reference.HttpTestSupport.JSON;
import static ai.chaukas.spec.reference.HttpTestSupport.PROTOBUF;
import static ai.chaukas.spec.reference.HttpTestSupport.send;
import static ai.chaukas.spec.testing.internal.SampleEvents.TENANT;
import static ai.chaukas.spec.testing.internal.SampleEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import ai.chaukas.spec.server.v1.IngestEventRequest;
import ai.chaukas.spec.server.v1.QueryEventsRequest;
import com.google.protobuf.Message;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The server answers exactly the paths and methods of {@code public.yaml}. */
class HttpOpenApiAgreementTest {

  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");
  private static final AtomicInteger IDS = new AtomicInteger();

  /** Path → method → documented statuses. */
  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Set<Integer>>> documented() {
    Map<String, Object> doc = HttpTestSupport.yaml("/openapi/chaukas/spec/v1/public.yaml");
    Map<String, Map<String, Set<Integer>>> out = new TreeMap<>();
    Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
    paths.forEach((path, item) -> {
      Map<String, Set<Integer>> methods = new TreeMap<>();
      ((Map<String, Object>) item).forEach((method, op) -> {
        if (METHODS.contains(method.toUpperCase())) {
          Set<Integer> codes = new TreeSet<>();
          ((Map<Object, Object>) ((Map<String, Object>) op).get("responses"))
              .keySet().forEach(k -> codes.add(Integer.parseInt(String.valueOf(k))));
          methods.put(method.toUpperCase(), codes);
        }
      });
      out.put(path, methods);
    });
    return out;
  }

  /** A valid request body for a documented POST: protobuf request message and JSON form. */
  private static Message protobufBody(String path) {
    switch (path) {
      case "/v1/events":
        return IngestEventRequest.newBuilder()
            .setEvent(event("p-" + IDS.incrementAndGet(), IDS.get())).build();
      case "/v1/events/batch":
        return IngestEventBatchRequest.newBuilder().setEventBatch(EventBatch.newBuilder()
            .addEvents(event("pb-" + IDS.incrementAndGet(), IDS.get()))).build();
      case "/v1/query":
        return QueryEventsRequest.newBuilder().setQuery(query()).build();
      default:
        throw new AssertionError("no protobuf body known for " + path);
    }
  }

  private static Message jsonBody(String path) {
    switch (path) {
      case "/v1/events":
        return event("j-" + IDS.incrementAndGet(), IDS.get()).build();
      case "/v1/events/batch":
        return EventBatch.newBuilder()
            .addEvents(event("jb-" + IDS.incrementAndGet(), IDS.get())).build();
      case "/v1/query":
        return query();
      default:
        throw new AssertionError("no JSON body known for " + path);
    }
  }

  private static QueryRequest query() {
    return QueryRequest.newBuilder().setFilter(QueryFilter.newBuilder().setTenantId(TENANT)).build();
  }

  @Test
  void everyDocumentedOperationSucceedsInBothForms() throws Exception {
    Map<String, Map<String, Set<Integer>>> doc = documented();
    assertThat(doc).isNotEmpty();
    try (RunningServer running = ReferenceServer.create().start(0)) {
      String root = "http://" + running.target();
      for (Map.Entry<String, Map<String, Set<Integer>>> path : doc.entrySet()) {
        for (Map.Entry<String, Set<Integer>> op : path.getValue().entrySet()) {
          Set<Integer> success = new TreeSet<>();
          op.getValue().stream().filter(c -> c / 100 == 2).forEach(success::add);
          assertThat(success).as(path.getKey() + " documents a success").isNotEmpty();
          String uri = root + path.getKey();
          HttpResponse<byte[]> proto;
          HttpResponse<byte[]> json;
          if (op.getKey().equals("GET")) {
            proto = send("GET", uri, null, null, "Accept", PROTOBUF);
            json = send("GET", uri, null, null, "Accept", JSON);
          } else {
            proto = send(op.getKey(), uri, PROTOBUF, protobufBody(path.getKey()).toByteArray());
            json = send(op.getKey(), uri, JSON, HttpTestSupport.OPENAPI.print(jsonBody(path.getKey()))
                .getBytes(StandardCharsets.UTF_8));
          }
          assertThat(proto.statusCode()).as(op.getKey() + " " + uri + " (protobuf): "
              + HttpTestSupport.text(proto)).isIn(success);
          assertThat(proto.headers().firstValue("content-type")).hasValue(PROTOBUF);
          assertThat(json.statusCode()).as(op.getKey() + " " + uri + " (JSON): "
              + HttpTestSupport.text(json)).isIn(success);
          assertThat(json.headers().firstValue("content-type").orElse("")).startsWith(JSON);
          HttpTestSupport.OPENAPI.merge(HttpTestSupport.text(json),
              com.google.protobuf.Struct.newBuilder());
        }
      }
      // The events posted were stored: 2 single, 2 batched.
      assertThat(running.server().eventCount()).isEqualTo(4);
    }
  }

  @Test
  void undocumentedPathsAre404AndWrongMethods405() throws Exception {
    Map<String, Map<String, Set<Integer>>> doc = documented();
    try (RunningServer running = ReferenceServer.create().start(0)) {
      String root = "http://" + running.target();
      for (String path : List.of("/v1/stats", "/v1/events/stats", "/v1/nope", "/v1/events/",
          "/v1/events/batch/x", "/v1/query/x", "/v1/Events", "/v1/capabilities/x")) {
        assertThat(send("GET", root + path, null, null).statusCode()).as("GET " + path).isEqualTo(404);
        assertThat(send("POST", root + path, JSON, "{}".getBytes(StandardCharsets.UTF_8))
            .statusCode()).as("POST " + path).isEqualTo(404);
      }
      for (Map.Entry<String, Map<String, Set<Integer>>> path : doc.entrySet()) {
        for (String method : METHODS) {
          if (path.getValue().containsKey(method)) {
            continue;
          }
          HttpResponse<byte[]> response = send(method, root + path.getKey(), JSON,
              method.equals("GET") ? null : "{}".getBytes(StandardCharsets.UTF_8));
          assertThat(response.statusCode()).as(method + " " + path.getKey()).isEqualTo(405);
          assertThat(response.headers().firstValue("allow"))
              .hasValue(String.join(", ", path.getValue().keySet()));
        }
      }
    }
  }

  @Test
  void theServedPathsAreTheDocumentedOnes() throws Exception {
    Map<String, Map<String, Set<Integer>>> doc = documented();
    ReferenceServer server = ReferenceServer.create();
    try (RunningServer running = server.start(0)) {
      assertThat(new TreeSet<>(server.http().paths())).isEqualTo(doc.keySet());
      for (String path : doc.keySet()) {
        assertThat(send("GET", "http://" + running.target() + path, null, null).statusCode())
            .as(path).isNotEqualTo(404);
      }
    }
  }
}
