package ai.chaukas.spec.reference;

import static ai.chaukas.spec.testing.internal.SampleEvents.TENANT;
import static ai.chaukas.spec.testing.internal.SampleEvents.event;
import static ai.chaukas.spec.testing.internal.ServerCalls.ingest;
import static ai.chaukas.spec.testing.internal.ServerCalls.page;
import static ai.chaukas.spec.testing.internal.ServerCalls.queryOf;
import static ai.chaukas.spec.testing.internal.Values.str;
import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc;
import ai.chaukas.spec.client.v1.HealthzRequest;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.QueryEventsRequest;
import com.google.protobuf.Struct;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that asks for large query pages and never reads them (an HTTP/2 window of zero, no
 * WINDOW_UPDATE): the replies it leaves in the server are bounded by the reply budget, further
 * queries are refused with RESOURCE_EXHAUSTED, other clients are still served, and the bytes are
 * released when the client goes away or its requests time out.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UnreadRepliesTest {

  private static final String QUERY = "/chaukas.spec.server.v1.ChaukasServerService/QueryEvents";
  private static final int EVENTS = 40;
  private static final int EVENT_BYTES = 100_000;
  /** Four pages of every event: a connection's share, a quarter, is one page, so a second unread one is refused. */
  private static final long BUDGET = 16L * EVENTS * EVENT_BYTES / 4;
  private static final int HOSTILE_QUERIES = 30;

  private RunningServer running;
  private ManagedChannel channel;
  private ChaukasServerServiceBlockingStub stub;

  void start(Duration requestTimeout) throws Exception {
    running = ReferenceServer.builder()
        .maxResponseBytesInFlight(BUDGET)
        .requestTimeout(requestTimeout)
        .build()
        .start(0);
    channel = NettyChannelBuilder.forTarget(running.target()).usePlaintext()
        .maxInboundMessageSize(64 << 20).build();
    stub = ChaukasServerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    String padding = "x".repeat(EVENT_BYTES);
    for (int i = 0; i < EVENTS; i++) {
      ingest(stub, event("e-" + i, 1_000 + i)
          .setMetadata(Struct.newBuilder().putFields("padding", str(padding))).build());
    }
  }

  @BeforeEach
  void noServerYet() {
    running = null;
  }

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (running != null) {
      running.close();
    }
  }

  @Test
  void unreadRepliesAreBoundedAndOthersAreStillServed() throws Exception {
    start(Duration.ofSeconds(60));
    byte[] query = QueryEventsRequest.newBuilder()
        .setQuery(queryOf(TENANT).setPageSize(EVENTS)).build().toByteArray();
    try (RawHttp2 hostile = RawHttp2.connect(running.address()).preface(0)) {
      for (int i = 0; i < HOSTILE_QUERIES; i++) {
        hostile.grpc(1 + 2 * i, QUERY, query);
      }
      Map<Integer, String> statuses = grpcStatuses(hostile, HOSTILE_QUERIES - 1);
      assertThat(statuses).as("every query but the first is refused").hasSize(HOSTILE_QUERIES - 1)
          .allSatisfy((stream, status) -> assertThat(status).isEqualTo("8"));
      long onePage = (long) EVENTS * EVENT_BYTES;
      assertThat(running.replies().inFlight())
          .as("bytes held for the client that does not read")
          .isBetween(onePage, onePage + onePage / 10);

      ChaukasClientServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
          .healthz(HealthzRequest.getDefaultInstance());
      assertThat(page(stub, queryOf(TENANT).setPageSize(EVENTS).build()).getEventsCount())
          .as("a client that reads gets its page").isEqualTo(EVENTS);
    }
    awaitReleased();
  }

  @Test
  void unreadRepliesAreDroppedAfterTheRequestTimeout() throws Exception {
    start(Duration.ofSeconds(2));
    byte[] query = QueryEventsRequest.newBuilder()
        .setQuery(queryOf(TENANT).setPageSize(EVENTS)).build().toByteArray();
    try (RawHttp2 hostile = RawHttp2.connect(running.address()).preface(0)) {
      hostile.grpc(1, QUERY, query);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (running.replies().inFlight() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(running.replies().inFlight()).isPositive();
      assertThat(hostile.closedWithin(Duration.ofSeconds(20)))
          .as("the connection of a reply not read within the request timeout is closed").isTrue();
      awaitReleased();
    }
  }

  /** Reads frames until {@code count} streams have a grpc-status; stream → status. */
  private static Map<Integer, String> grpcStatuses(RawHttp2 client, int count) throws Exception {
    Map<Integer, String> statuses = new HashMap<>();
    while (statuses.size() < count) {
      RawHttp2.Frame frame = client.read(Duration.ofSeconds(20));
      assertThat(frame).as("the server closed the connection").isNotNull();
      if (frame.type() == RawHttp2.HEADERS) {
        CharSequence status = frame.headers().get("grpc-status");
        if (status != null) {
          statuses.put(frame.stream(), status.toString());
        }
      }
    }
    return statuses;
  }

  private void awaitReleased() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (running.replies().inFlight() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(running.replies().inFlight()).as("bytes still held").isZero();
  }
}
