package ai.chaukas.spec.reference;

import static ai.chaukas.spec.reference.HttpTestSupport.JSON;
import static ai.chaukas.spec.reference.HttpTestSupport.OPENAPI;
import static ai.chaukas.spec.reference.HttpTestSupport.PROTOBUF;
import static ai.chaukas.spec.reference.HttpTestSupport.post;
import static ai.chaukas.spec.reference.HttpTestSupport.postJson;
import static ai.chaukas.spec.reference.HttpTestSupport.text;
import static ai.chaukas.spec.reference.HttpTestSupport.violations;
import static ai.chaukas.spec.testing.internal.SampleEvents.TENANT;
import static ai.chaukas.spec.testing.internal.SampleEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.common.v1.QueryResponse;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import ai.chaukas.spec.server.v1.IngestEventBatchResponse;
import ai.chaukas.spec.server.v1.IngestEventRequest;
import ai.chaukas.spec.server.v1.QueryEventsRequest;
import ai.chaukas.spec.server.v1.QueryEventsResponse;
import com.google.protobuf.Struct;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules of server-semantics over HTTP: status codes, error bodies, both body forms. */
class HttpRulesTest {

  private static RunningServer running;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    running = ReferenceServer.create().start(0);
    base = running.httpEndpoint();
  }

  @AfterAll
  static void stop() {
    running.close();
  }

  private static byte[] ingestRequest(Event event) {
    return IngestEventRequest.newBuilder().setEvent(event).build().toByteArray();
  }

  /** The Error object of a JSON error reply, as a Struct. */
  private static Struct error(HttpResponse<byte[]> response) {
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
        t -> assertThat(t).startsWith(JSON));
    return OPENAPI.merge(text(response), Struct.newBuilder()).build();
  }

  @Test
  void invalidEventIs400WithTheBadRequestOfTheStatus() throws Exception {
    Event invalid = event("no-timestamp", 1).clearTimestamp().build();

    HttpResponse<byte[]> proto = post(base + "/events", PROTOBUF, ingestRequest(invalid));
    assertThat(proto.statusCode()).isEqualTo(400);
    assertThat(proto.headers().firstValue("content-type")).hasValue(PROTOBUF);
    com.google.rpc.Status status = com.google.rpc.Status.parseFrom(proto.body());
    assertThat(status.getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
    assertThat(status.getMessage()).contains("timestamp");
    assertThat(violations(status)).extracting(BadRequest.FieldViolation::getField)
        .contains("event.timestamp");

    HttpResponse<byte[]> json = postJson(base + "/events", invalid);
    assertThat(json.statusCode()).isEqualTo(400);
    Struct error = error(json);
    assertThat(error.getFieldsOrThrow("code").getStringValue()).isEqualTo("invalid_argument");
    assertThat(error.getFieldsOrThrow("message").getStringValue()).isEqualTo(status.getMessage());
    // In JSON the paths are relative to the body, a bare Event.
    assertThat(error.getFieldsOrThrow("field_path").getStringValue()).isEqualTo("timestamp");
    assertThat(error.getFieldsOrThrow("field_violations").getListValue().getValuesList())
        .extracting(v -> v.getStructValue().getFieldsOrThrow("field").getStringValue())
        .contains("timestamp");
    assertThat(running.server().event(TENANT, "no-timestamp")).isEmpty();
  }

  @Test
  void conflictingEventIs409InBothForms() throws Exception {
    Event first = event("dup-1", 10).build();
    assertThat(post(base + "/events", PROTOBUF, ingestRequest(first)).statusCode()).isEqualTo(202);
    // The same event again is accepted (idempotent).
    assertThat(postJson(base + "/events", first).statusCode()).isEqualTo(202);
    Event changed = first.toBuilder().setAgentName("someone else").build();

    HttpResponse<byte[]> proto = post(base + "/events", PROTOBUF, ingestRequest(changed));
    assertThat(proto.statusCode()).isEqualTo(409);
    assertThat(com.google.rpc.Status.parseFrom(proto.body()).getCode())
        .isEqualTo(Code.ALREADY_EXISTS_VALUE);
    HttpResponse<byte[]> json = postJson(base + "/events", changed);
    assertThat(json.statusCode()).isEqualTo(409);
    assertThat(error(json).getFieldsOrThrow("code").getStringValue()).isEqualTo("already_exists");
  }

  @Test
  void batchWithRejectedEventsIsAcceptedWithCounts() throws Exception {
    EventBatch batch = EventBatch.newBuilder()
        .setBatchId("b-1")
        .addEvents(event("b-ok", 20))
        .addEvents(event("b-bad", 21).clearTimestamp())
        .build();
    HttpResponse<byte[]> proto = post(base + "/events/batch", PROTOBUF,
        IngestEventBatchRequest.newBuilder().setEventBatch(batch).build().toByteArray());
    assertThat(proto.statusCode()).isEqualTo(202);
    IngestEventBatchResponse reply = IngestEventBatchResponse.parseFrom(proto.body());
    assertThat(reply.getAcceptedCount()).isEqualTo(1);
    assertThat(reply.getRejectedCount()).isEqualTo(1);
    assertThat(reply.getRejectedEventIdsList()).containsExactly("b-bad");

    HttpResponse<byte[]> json = postJson(base + "/events/batch", batch);
    assertThat(json.statusCode()).isEqualTo(202);
    IngestEventBatchResponse jsonReply =
        OPENAPI.merge(text(json), IngestEventBatchResponse.newBuilder()).build();
    assertThat(jsonReply).isEqualTo(reply);
  }

  @Test
  void oversizeBodyIs413() throws Exception {
    try (RunningServer small =
        ReferenceServer.builder().maxInboundMessageSize(1024).build().start(0)) {
      byte[] big = ingestRequest(event("big", 1).setAgentName("x".repeat(4096)).build());
      HttpResponse<byte[]> response = post(small.httpEndpoint() + "/events", PROTOBUF, big);
      assertThat(response.statusCode()).as(text(response)).isEqualTo(413);
      assertThat(com.google.rpc.Status.parseFrom(response.body()).getCode())
          .isEqualTo(Code.RESOURCE_EXHAUSTED_VALUE);
      // Without Content-Length (chunked), the limit is found while the body is read.
      java.net.http.HttpRequest chunked = java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(small.httpEndpoint() + "/events"))
          .header("Content-Type", "application/json")
          .POST(java.net.http.HttpRequest.BodyPublishers.fromPublisher(
              java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                  OPENAPI.print(event("big", 1).setAgentName("x".repeat(4096))).getBytes(StandardCharsets.UTF_8))))
          .build();
      HttpResponse<byte[]> streamed =
          HttpTestSupport.CLIENT.send(chunked, HttpResponse.BodyHandlers.ofByteArray());
      assertThat(streamed.statusCode()).isEqualTo(413);
      assertThat(error(streamed).getFieldsOrThrow("code").getStringValue())
          .isEqualTo("resource_exhausted");
      assertThat(small.server().eventCount()).isZero();
      // It still serves.
      assertThat(post(small.httpEndpoint() + "/events", PROTOBUF, ingestRequest(event("s", 1).build()))
          .statusCode()).isEqualTo(202);
    }
  }

  @Test
  void unsupportedMediaTypeIs415NamingTheAcceptedTypes() throws Exception {
    HttpResponse<byte[]> response =
        post(base + "/events", "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(text(response)).contains("application/x-protobuf").contains("application/json");
    assertThat(post(base + "/events", "application/x-www-form-urlencoded", new byte[] {1})
        .statusCode()).isEqualTo(415);
  }

  @Test
  void malformedProtobufIs400() throws Exception {
    HttpResponse<byte[]> response =
        post(base + "/events/batch", PROTOBUF, new byte[] {0x0A, (byte) 0xFF, 0x01});
    assertThat(response.statusCode()).isEqualTo(400);
    com.google.rpc.Status status = com.google.rpc.Status.parseFrom(response.body());
    assertThat(status.getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
    assertThat(status.getMessage()).contains("IngestEventBatchRequest");
    assertThat(post(base + "/query", PROTOBUF, new byte[] {(byte) 0xFF}).statusCode()).isEqualTo(400);
  }

  @Test
  void malformedJsonIs400NamingThePath() throws Exception {
    HttpResponse<byte[]> notJson =
        post(base + "/events", JSON, "{not json".getBytes(StandardCharsets.UTF_8));
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(error(notJson).getFieldsOrThrow("code").getStringValue()).isEqualTo("invalid_argument");

    HttpResponse<byte[]> wrongType = post(base + "/events/batch", JSON,
        "{\"events\":[{\"event_id\":\"a\",\"type\":\"NOT_A_TYPE\"}]}".getBytes(StandardCharsets.UTF_8));
    assertThat(wrongType.statusCode()).isEqualTo(400);
    Struct error = error(wrongType);
    assertThat(error.getFieldsOrThrow("field_path").getStringValue()).isEqualTo("events[0].type");
    assertThat(error.getFieldsOrThrow("message").getStringValue()).contains("events[0].type");

    HttpResponse<byte[]> notUtf8 = post(base + "/events", JSON,
        new byte[] {'{', '"', 'e', 'v', 'e', 'n', 't', '_', 'i', 'd', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'});
    assertThat(notUtf8.statusCode()).isEqualTo(400);
    assertThat(error(notUtf8).getFieldsOrThrow("message").getStringValue()).contains("UTF-8");

    HttpResponse<byte[]> unknownField =
        post(base + "/query", JSON, "{\"filters\":{}}".getBytes(StandardCharsets.UTF_8));
    assertThat(unknownField.statusCode()).isEqualTo(400);
    assertThat(error(unknownField).getFieldsOrThrow("field_path").getStringValue()).isEqualTo("filters");
  }

  @Test
  void jsonAndProtobufGiveEqualResults() throws Exception {
    String tenant = "tenant-forms";
    Event viaProto = event("form-p", 30).setTenantId(tenant).build();
    Event viaJson = event("form-j", 31).setTenantId(tenant).build();
    assertThat(post(base + "/events", PROTOBUF, ingestRequest(viaProto)).statusCode()).isEqualTo(202);
    HttpResponse<byte[]> json = postJson(base + "/events", viaJson);
    assertThat(json.statusCode()).isEqualTo(202);
    Map<String, com.google.protobuf.Value> fields = error(json).getFieldsMap();
    assertThat(fields.get("event_id").getStringValue()).isEqualTo("form-j");
    assertThat(fields.get("status").getStringValue()).isEqualTo("accepted");

    QueryRequest query = QueryRequest.newBuilder()
        .setFilter(QueryFilter.newBuilder().setTenantId(tenant)).build();
    HttpResponse<byte[]> protoPage = post(base + "/query", PROTOBUF,
        QueryEventsRequest.newBuilder().setQuery(query).build().toByteArray());
    HttpResponse<byte[]> jsonPage = postJson(base + "/query", query);
    assertThat(protoPage.statusCode()).isEqualTo(200);
    assertThat(jsonPage.statusCode()).isEqualTo(200);
    QueryResponse fromProto = QueryEventsResponse.parseFrom(protoPage.body()).getResponse();
    QueryResponse fromJson = OPENAPI.merge(text(jsonPage), QueryResponse.newBuilder()).build();
    assertThat(fromJson).isEqualTo(fromProto);
    assertThat(fromProto.getEventsList()).containsExactlyInAnyOrder(viaProto, viaJson);

    // A query error is the same in both forms.
    QueryRequest noTenant = QueryRequest.getDefaultInstance();
    HttpResponse<byte[]> protoError = post(base + "/query", PROTOBUF,
        QueryEventsRequest.newBuilder().setQuery(noTenant).build().toByteArray());
    HttpResponse<byte[]> jsonError = postJson(base + "/query", noTenant);
    assertThat(protoError.statusCode()).isEqualTo(400);
    assertThat(jsonError.statusCode()).isEqualTo(400);
    com.google.rpc.Status status = com.google.rpc.Status.parseFrom(protoError.body());
    assertThat(violations(status)).extracting(BadRequest.FieldViolation::getField)
        .containsExactly("query.filter.tenant_id");
    assertThat(error(jsonError).getFieldsOrThrow("field_path").getStringValue())
        .isEqualTo("filter.tenant_id");
    assertThat(error(jsonError).getFieldsOrThrow("message").getStringValue())
        .isEqualTo(status.getMessage());
  }

  @Test
  void protobufAliasIsAccepted() throws Exception {
    assertThat(post(base + "/events", "application/protobuf", ingestRequest(event("alias", 40).build()))
        .statusCode()).isEqualTo(202);
    assertThat(post(base + "/events", "application/json; charset=utf-8",
        OPENAPI.print(event("alias-j", 41)).getBytes(StandardCharsets.UTF_8)).statusCode())
        .isEqualTo(202);
  }
}
