package ai.chaukas.spec.reference;

import static ai.chaukas.spec.testing.internal.SampleEvents.TENANT;
import static ai.chaukas.spec.testing.internal.SampleEvents.event;
import static ai.chaukas.spec.testing.internal.ServerCalls.failsWith;
import static ai.chaukas.spec.testing.internal.ServerCalls.ingest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.QueryEventsRequest;
import com.google.protobuf.Struct;
import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import com.google.protobuf.Value;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Over a real port, a query whose client stops waiting (a gRPC deadline, an HTTP/2 client that
 * gives up) stops reading the store: the server's summary line says where it stopped, and the
 * server answers the next call. The store holds enough events, each with many strings to parse,
 * that reading all of them takes far longer than the deadlines here.
 */
class DeadlineOverPortIT {

  private static final int EVENTS = 40;
  private static final List<String> SUMMARIES = new CopyOnWriteArrayList<>();
  private static RunningServer running;
  private static ManagedChannel channel;

  /** An event of about 1 MB in 10,000 metadata strings. */
  private static Event heavy(int i) {
    Struct.Builder metadata = Struct.newBuilder();
    for (int k = 0; k < 10_000; k++) {
      metadata.putFields("k" + k, Value.newBuilder().setStringValue(i + "-" + "v".repeat(95)).build());
    }
    return event("e-" + i, 1_000 + i).setMetadata(metadata).build();
  }

  @BeforeAll
  static void fill() throws Exception {
    running = ReferenceServer.builder().summaryListener(SUMMARIES::add).build().start(0);
    channel = NettyChannelBuilder.forTarget(running.target()).usePlaintext().build();
    for (int i = 0; i < EVENTS; i++) {
      ingest(stub(60_000), heavy(i));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    running.close();
  }

  private static ChaukasServerServiceBlockingStub stub(long millis) {
    return ChaukasServerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(millis, TimeUnit.MILLISECONDS);
  }

  /** A query that reads every event: no event holds its text. */
  private static QueryRequest everything() {
    return QueryRequest.newBuilder()
        .setFilter(QueryFilter.newBuilder().setTenantId(TENANT).setTextQuery("nowhere"))
        .setPageSize(1000)
        .build();
  }

  /** The first query summary line after {@code from}, waited for (the server writes it when its work ends). */
  private static String queryLineAfter(int from) throws InterruptedException {
    for (int waited = 0; waited < 120_000; waited += 50) {
      Optional<String> line = SUMMARIES.subList(from, SUMMARIES.size()).stream()
          .filter(l -> l.startsWith("QueryEvents")).findFirst();
      if (line.isPresent()) {
        return line.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the server never finished the query; its lines: " + SUMMARIES);
  }

  @Test
  void aGrpcQueryPastItsDeadlineStopsReadingTheStore() throws Exception {
    int from = SUMMARIES.size();
    failsWith(Status.Code.DEADLINE_EXCEEDED, () -> stub(100).queryEvents(
        QueryEventsRequest.newBuilder().setQuery(everything()).build()));
    String line = queryLineAfter(from);
    // The client's cancellation may reach the server before the server's own timer fires.
    assertThat(line).containsAnyOf("QueryEvents failed DEADLINE_EXCEEDED", "QueryEvents failed CANCELLED")
        .contains("stopped after reading");
    assertThat(readBefore(line)).isLessThan(EVENTS);
    assertThat(stub(60_000).queryEvents(QueryEventsRequest.newBuilder()
            .setQuery(QueryRequest.newBuilder().setFilter(QueryFilter.newBuilder().setTenantId(TENANT))
                .setPageSize(1)).build())
        .getResponse().getEventsCount()).isOne();
  }

  @Test
  void anHttpQueryWhoseClientGivesUpStopsReadingTheStore() throws Exception {
    int from = SUMMARIES.size();
    // Over HTTP/2 (h2c) a client that gives up resets its stream, which the server sees at once.
    // (Over HTTP/1.1 the server notices a closed connection only when it writes the reply.)
    WebClient client = WebClient.builder("h2c://" + running.target())
        .responseTimeout(Duration.ofMillis(100))
        .build();
    assertThatThrownBy(() -> client.execute(
            RequestHeaders.of(HttpMethod.POST, "/v1/query",
                HttpHeaderNames.CONTENT_TYPE, "application/x-protobuf"),
            QueryEventsRequest.newBuilder().setQuery(everything()).build().toByteArray())
        .aggregate().join())
        .hasRootCauseInstanceOf(ResponseTimeoutException.class);
    String line = queryLineAfter(from);
    assertThat(line).contains("QueryEvents failed", "stopped after reading");
    assertThat(readBefore(line)).isLessThan(EVENTS);
  }

  private static int readBefore(String line) {
    String after = line.substring(line.indexOf("stopped after reading ") + "stopped after reading ".length());
    return Integer.parseInt(after.substring(0, after.indexOf(' ')));
  }
}
