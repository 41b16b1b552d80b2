package ai.chaukas.spec.reference;

import static ai.chaukas.spec.reference.HttpTestSupport.JSON;
import static ai.chaukas.spec.reference.HttpTestSupport.OPENAPI;
import static ai.chaukas.spec.reference.HttpTestSupport.PROTOBUF;
import static ai.chaukas.spec.reference.HttpTestSupport.post;
import static ai.chaukas.spec.reference.HttpTestSupport.send;
import static ai.chaukas.spec.reference.HttpTestSupport.text;
import static ai.chaukas.spec.testing.internal.SampleEvents.OTHER_TENANT;
import static ai.chaukas.spec.testing.internal.SampleEvents.TENANT;
import static ai.chaukas.spec.testing.internal.SampleEvents.event;
import static ai.chaukas.spec.testing.internal.ServerCalls.failsWith;
import static ai.chaukas.spec.testing.internal.ServerCalls.ids;
import static ai.chaukas.spec.testing.internal.ServerCalls.ingest;
import static ai.chaukas.spec.testing.internal.ServerCalls.ingestBatch;
import static ai.chaukas.spec.testing.internal.ServerCalls.page;
import static ai.chaukas.spec.testing.internal.ServerCalls.queryOf;
import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.QueryResponse;
import ai.chaukas.spec.reference.ApiKeys.Scope;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.GetCapabilitiesRequest;
import ai.chaukas.spec.server.v1.GetEventStatsRequest;
import ai.chaukas.spec.server.v1.HealthzRequest;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import ai.chaukas.spec.server.v1.IngestEventBatchResponse;
import ai.chaukas.spec.server.v1.IngestEventRequest;
import com.google.protobuf.Struct;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TEN-1 with API keys, on a real port over gRPC and HTTP: a key reads, counts and writes only its
 * tenant (and project), only with its scopes; the server never prints a key.
 */
class TenancyTest {

  private static final String KEY_A = ApiKeys.newKey();
  private static final String KEY_B = ApiKeys.newKey();
  private static final String KEY_A_INGEST_ONLY = ApiKeys.newKey();
  private static final String KEY_A_PROJECT_X = ApiKeys.newKey();
  private static final String KEY_OPERATOR = ApiKeys.newKey();
  private static final List<String> KEYS =
      List.of(KEY_A, KEY_B, KEY_A_INGEST_ONLY, KEY_A_PROJECT_X, KEY_OPERATOR);

  @TempDir static Path dir;

  private static final List<String> summaries = Collections.synchronizedList(new ArrayList<>());
  private static ApiKeys keys;
  private static RunningServer running;
  private static String base;
  private static final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Path file = dir.resolve("keys.txt");
    Files.write(file, List.of(
        "# tenant-a's agents",
        ApiKeys.fileLine(KEY_A, TENANT, null, Set.of(Scope.INGEST, Scope.QUERY), "a"),
        ApiKeys.fileLine(KEY_B, OTHER_TENANT, null, Set.of(Scope.INGEST, Scope.QUERY), null),
        ApiKeys.fileLine(KEY_A_INGEST_ONLY, TENANT, null, Set.of(Scope.INGEST), "a-ingest"),
        ApiKeys.fileLine(KEY_A_PROJECT_X, TENANT, "project-x", Set.of(Scope.INGEST, Scope.QUERY), "a-x"),
        ApiKeys.fileLine(KEY_OPERATOR, "*", null, Set.of(Scope.INGEST, Scope.QUERY, Scope.METRICS), "ops")));
    keys = ApiKeys.load(file);
    running = ReferenceServer.builder().apiKeys(keys).summaryListener(summaries::add).build().start(0);
    base = running.httpEndpoint();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    running.close();
    // Every line the server printed while the tests ran.
    assertThat(String.join("\n", summaries)).doesNotContain(KEYS);
  }

  @AfterEach
  void clear() {
    running.server().clear();
  }

  /** A stub that sends {@code authorization: Bearer key}; none with a null key. */
  private static ChaukasServerServiceBlockingStub grpc(String key) {
    ManagedChannel channel = NettyChannelBuilder.forTarget(running.target()).usePlaintext().build();
    channels.add(channel);
    ChaukasServerServiceBlockingStub stub =
        ChaukasServerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    return key == null ? stub : stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(key)));
  }

  private static Metadata bearer(String key) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
    return headers;
  }

  private static Event ofTenant(String id, String tenant) {
    return event(id, 10).setTenantId(tenant).build();
  }

  private static GetEventStatsRequest stats(String tenant, String project) {
    return GetEventStatsRequest.newBuilder().setTenantId(tenant).setProjectId(project).build();
  }

  // ── gRPC ──────────────────────────────────────────────────────────────────

  @Test
  void withoutAKnownKeyEveryCallButHealthzIsUnauthenticatedAndStoresNothing() {
    for (String key : new String[] {null, "ck_unknown"}) {
      ChaukasServerServiceBlockingStub stub = grpc(key);
      stub.healthz(HealthzRequest.getDefaultInstance());
      assertThat(failsWith(Status.Code.UNAUTHENTICATED, () -> ingest(stub, ofTenant("e-1", TENANT))))
          .contains(key == null ? "IngestEvent needs an API key" : "not known to this server");
      failsWith(Status.Code.UNAUTHENTICATED, () -> ingestBatch(stub, "b", List.of(ofTenant("e-2", TENANT))));
      failsWith(Status.Code.UNAUTHENTICATED, () -> page(stub, queryOf(TENANT).build()));
      failsWith(Status.Code.UNAUTHENTICATED, () -> stub.getEventStats(stats(TENANT, "")));
      failsWith(Status.Code.UNAUTHENTICATED,
          () -> stub.getCapabilities(GetCapabilitiesRequest.getDefaultInstance()));
    }
    assertThat(running.server().eventCount()).isZero();
    assertThat(summaries).contains("request refused: UNAUTHENTICATED: IngestEvent: IngestEvent needs an"
        + " API key: send the header authorization: Bearer KEY (this server's operator makes keys with"
        + " chaukas api-key)");
  }

  @Test
  void aKeyOfTenantANeverWritesTenantB() {
    ChaukasServerServiceBlockingStub a = grpc(KEY_A);
    assertThat(failsWith(Status.Code.PERMISSION_DENIED, () -> ingest(a, ofTenant("e-b", OTHER_TENANT))))
        .isEqualTo("API key 'a' is for tenant tenant-a, not the tenant_id of the event; use a key of"
            + " that tenant (nothing was read or stored)");
    assertThat(running.server().eventCount()).isZero();

    IngestEventBatchResponse batch = ingestBatch(a, "mixed",
        List.of(ofTenant("e-a1", TENANT), ofTenant("e-b1", OTHER_TENANT), ofTenant("e-a2", TENANT)));
    assertThat(batch.getAcceptedCount()).isEqualTo(2);
    assertThat(batch.getRejectedCount()).isEqualTo(1);
    assertThat(batch.getRejectedEventIdsList()).containsExactly("e-b1");
    assertThat(ids(running.server().events(TENANT))).containsExactlyInAnyOrder("e-a1", "e-a2");
    assertThat(running.server().events(OTHER_TENANT)).isEmpty();
  }

  @Test
  void aKeyOfTenantANeverReadsOrCountsTenantB() {
    ingest(grpc(KEY_B), ofTenant("e-b", OTHER_TENANT));
    ingest(grpc(KEY_A), ofTenant("e-a", TENANT));
    ChaukasServerServiceBlockingStub a = grpc(KEY_A);
    assertThat(failsWith(Status.Code.PERMISSION_DENIED, () -> page(a, queryOf(OTHER_TENANT).build())))
        .contains("is for tenant tenant-a, not the tenant_id of query.filter");
    failsWith(Status.Code.PERMISSION_DENIED, () -> a.getEventStats(stats(OTHER_TENANT, "")));
    assertThat(ids(page(a, queryOf(TENANT).build()).getEventsList())).containsExactly("e-a");
    assertThat(a.getEventStats(stats(TENANT, "")).getTotalEvents()).isEqualTo(1);
  }

  @Test
  void anEventWithoutTenantIsInvalidNotFilledInFromTheKey() {
    ChaukasServerServiceBlockingStub a = grpc(KEY_A);
    assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> ingest(a, ofTenant("e-none", ""))))
        .contains("tenant_id");
    assertThat(running.server().eventCount()).isZero();
  }

  @Test
  void aKeyWithoutTheScopeIsPermissionDenied() {
    ChaukasServerServiceBlockingStub ingestOnly = grpc(KEY_A_INGEST_ONLY);
    ingest(ingestOnly, ofTenant("e-a", TENANT));
    assertThat(failsWith(Status.Code.PERMISSION_DENIED, () -> page(ingestOnly, queryOf(TENANT).build())))
        .contains("lacks the scope query that QueryEvents needs");
    failsWith(Status.Code.PERMISSION_DENIED, () -> ingestOnly.getEventStats(stats(TENANT, "")));
  }

  @Test
  void aProjectKeyStaysInItsProject() {
    ChaukasServerServiceBlockingStub x = grpc(KEY_A_PROJECT_X);
    ingest(x, ofTenant("e-x", TENANT));
    Event otherProject = event("e-y", 10).setProjectId("project-y").build();
    assertThat(failsWith(Status.Code.PERMISSION_DENIED, () -> ingest(x, otherProject)))
        .contains("is for project project-x of its tenant");
    IngestEventBatchResponse batch = ingestBatch(x, "b", List.of(otherProject, event("e-x2", 11).build()));
    assertThat(batch.getRejectedEventIdsList()).containsExactly("e-y");
    ingest(grpc(KEY_A), otherProject);

    failsWith(Status.Code.PERMISSION_DENIED, () -> page(x, queryOf(TENANT).build()));
    failsWith(Status.Code.PERMISSION_DENIED, () -> x.getEventStats(stats(TENANT, "")));
    failsWith(Status.Code.PERMISSION_DENIED, () -> x.getEventStats(stats(TENANT, "project-y")));
    QueryResponse own = page(x, queryOf(TENANT).setFilter(queryOf(TENANT).getFilter().toBuilder()
        .setProjectId("project-x")).build());
    assertThat(ids(own.getEventsList())).containsExactlyInAnyOrder("e-x", "e-x2");
    assertThat(x.getEventStats(stats(TENANT, "project-x")).getTotalEvents()).isEqualTo(2);
  }

  @Test
  void anOperatorKeyServesEveryTenant() {
    ChaukasServerServiceBlockingStub ops = grpc(KEY_OPERATOR);
    ingestBatch(ops, "both", List.of(ofTenant("e-a", TENANT), ofTenant("e-b", OTHER_TENANT)));
    assertThat(ids(page(ops, queryOf(OTHER_TENANT).build()).getEventsList())).containsExactly("e-b");
    assertThat(ops.getEventStats(stats(TENANT, "")).getTotalEvents()).isEqualTo(1);
  }

  @Test
  void keysAreCheckedOnInProcessServersToo() throws Exception {
    ReferenceServer server = ReferenceServer.builder().apiKeys(keys).build();
    String name = InProcessServerBuilder.generateName();
    Server inProcess = InProcessServerBuilder.forName(name).directExecutor()
        .addServices(server.serviceDefinitions()).build().start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    try {
      ChaukasServerServiceBlockingStub stub = ChaukasServerServiceGrpc.newBlockingStub(channel);
      failsWith(Status.Code.UNAUTHENTICATED, () -> ingest(stub, ofTenant("e-a", TENANT)));
      ChaukasServerServiceBlockingStub a =
          stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(KEY_A)));
      failsWith(Status.Code.PERMISSION_DENIED, () -> ingest(a, ofTenant("e-b", OTHER_TENANT)));
      ingest(a, ofTenant("e-a", TENANT));
      assertThat(server.eventCount()).isEqualTo(1);
    } finally {
      channel.shutdownNow();
      inProcess.shutdownNow().awaitTermination();
      server.close();
    }
  }

  // ── HTTP ──────────────────────────────────────────────────────────────────

  private static String[] authorization(String key) {
    return key == null ? new String[0] : new String[] {"Authorization", "Bearer " + key};
  }

  private static HttpResponse<byte[]> postJson(String path, String key, Object body) throws Exception {
    String json = body instanceof String s ? s : OPENAPI.print((com.google.protobuf.MessageOrBuilder) body);
    return post(base + path, JSON, json.getBytes(StandardCharsets.UTF_8), authorization(key));
  }

  private static String code(HttpResponse<byte[]> response) {
    return OPENAPI.merge(text(response), Struct.newBuilder()).build()
        .getFieldsOrThrow("code").getStringValue();
  }

  @Test
  void overHttpAMissingOrUnknownKeyIs401WithWwwAuthenticate() throws Exception {
    for (String key : new String[] {null, "ck_unknown"}) {
      HttpResponse<byte[]> json = postJson("/events", key, ofTenant("e-1", TENANT));
      assertThat(json.statusCode()).isEqualTo(401);
      assertThat(json.headers().firstValue("www-authenticate")).hasValue("Bearer");
      assertThat(code(json)).isEqualTo("unauthenticated");

      HttpResponse<byte[]> proto = post(base + "/events/batch", PROTOBUF,
          IngestEventBatchRequest.newBuilder().setEventBatch(EventBatch.newBuilder()
              .addEvents(ofTenant("e-2", TENANT))).build().toByteArray(), authorization(key));
      assertThat(proto.statusCode()).isEqualTo(401);
      assertThat(com.google.rpc.Status.parseFrom(proto.body()).getCode())
          .isEqualTo(com.google.rpc.Code.UNAUTHENTICATED_VALUE);

      assertThat(send("GET", base + "/capabilities", null, null, authorization(key)).statusCode())
          .isEqualTo(401);
      assertThat(send("GET", "http://" + running.target() + "/metrics", null, null, authorization(key))
          .statusCode()).isEqualTo(401);
    }
    assertThat(send("GET", "http://" + running.target() + "/healthz", null, null).statusCode()).isEqualTo(200);
    assertThat(running.server().eventCount()).isZero();
  }

  @Test
  void overHttpAKeyOfTenantANeverReadsCountsOrWritesTenantB() throws Exception {
    HttpResponse<byte[]> single = postJson("/events", KEY_A, ofTenant("e-b", OTHER_TENANT));
    assertThat(single.statusCode()).isEqualTo(403);
    assertThat(code(single)).isEqualTo("permission_denied");

    HttpResponse<byte[]> batch = post(base + "/events/batch", PROTOBUF,
        IngestEventBatchRequest.newBuilder().setEventBatch(EventBatch.newBuilder().setBatchId("m")
            .addEvents(ofTenant("e-a", TENANT)).addEvents(ofTenant("e-b", OTHER_TENANT)))
            .build().toByteArray(), authorization(KEY_A));
    assertThat(batch.statusCode()).isEqualTo(202);
    IngestEventBatchResponse reply = IngestEventBatchResponse.parseFrom(batch.body());
    assertThat(reply.getAcceptedCount()).isEqualTo(1);
    assertThat(reply.getRejectedEventIdsList()).containsExactly("e-b");
    assertThat(running.server().events(OTHER_TENANT)).isEmpty();

    ingest(grpc(KEY_B), ofTenant("e-b", OTHER_TENANT));
    HttpResponse<byte[]> query = postJson("/query", KEY_A,
        "{\"filter\":{\"tenant_id\":\"" + OTHER_TENANT + "\"}}");
    assertThat(query.statusCode()).isEqualTo(403);
    assertThat(text(query)).doesNotContain("e-b\"");
    HttpResponse<byte[]> own = postJson("/query", KEY_A, "{\"filter\":{\"tenant_id\":\"" + TENANT + "\"}}");
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(ids(OPENAPI.merge(text(own), QueryResponse.newBuilder()).build().getEventsList()))
        .containsExactly("e-a");
  }

  @Test
  void overHttpAKeyWithoutTheScopeIs403() throws Exception {
    HttpResponse<byte[]> query = postJson("/query", KEY_A_INGEST_ONLY,
        "{\"filter\":{\"tenant_id\":\"" + TENANT + "\"}}");
    assertThat(query.statusCode()).isEqualTo(403);
    assertThat(text(query)).contains("lacks the scope query");
    assertThat(postJson("/events", KEY_A_INGEST_ONLY, ofTenant("e-a", TENANT)).statusCode()).isEqualTo(202);
    assertThat(post(base + "/events", PROTOBUF,
        IngestEventRequest.newBuilder().setEvent(ofTenant("e-a2", TENANT)).build().toByteArray(),
        authorization(KEY_A)).statusCode()).isEqualTo(202);
  }

  @Test
  void metricsNeedTheMetricsScope() throws Exception {
    String metrics = "http://" + running.target() + "/metrics";
    assertThat(send("GET", metrics, null, null, authorization(KEY_A)).statusCode()).isEqualTo(403);
    HttpResponse<byte[]> ops = send("GET", metrics, null, null, authorization(KEY_OPERATOR));
    assertThat(ops.statusCode()).isEqualTo(200);
    assertThat(text(ops)).contains("chaukas_request_seconds_count{method=\"Metrics\",outcome=\"PERMISSION_DENIED\"");
  }
}
