package ai.chaukas.spec.reference;

import static ai.chaukas.spec.testing.internal.ServerCalls.allPages;
import static ai.chaukas.spec.testing.internal.ServerCalls.failsWith;
import static ai.chaukas.spec.testing.internal.ServerCalls.ids;
import static ai.chaukas.spec.testing.internal.ServerCalls.ingest;
import static ai.chaukas.spec.testing.internal.ServerCalls.ingestBatch;
import static ai.chaukas.spec.testing.internal.ServerCalls.page;
import static ai.chaukas.spec.testing.internal.ServerCalls.queryOf;
import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.common.v1.QueryResponse;
import ai.chaukas.spec.common.v1.SortOrder;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.IngestEventBatchResponse;
import ai.chaukas.spec.testing.internal.PostgresServer;
import ai.chaukas.spec.testing.internal.SampleEvents;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two reference servers on two ports, each with its own PostgreSQL store on one database. */
class PostgresServersIT {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final String TENANT = SampleEvents.TENANT;
  private static PostgresServer postgres;

  private final List<RunningServer> servers = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private ChaukasServerServiceBlockingStub first;
  private ChaukasServerServiceBlockingStub second;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = PostgresServer.start();
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @BeforeEach
  void startServers() throws IOException {
    String url = postgres.createDatabase("servers_" + DATABASES.incrementAndGet());
    first = stub(url);
    second = stub(url);
  }

  private ChaukasServerServiceBlockingStub stub(String url) throws IOException {
    RunningServer running = ReferenceServer.builder().storeAt(url).build().start(0);
    servers.add(running);
    ManagedChannel channel = NettyChannelBuilder.forTarget(running.target()).usePlaintext().build();
    channels.add(channel);
    return ChaukasServerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.MINUTES);
  }

  @AfterEach
  void stopServers() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
    servers.forEach(RunningServer::close);
  }

  @Test
  void theSameEventsSentToBothServersAtOnceAreStoredOnce() throws Exception {
    int rounds = 40;
    int threadsPerServer = 4;
    int threads = 2 * threadsPerServer;
    CyclicBarrier barrier = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<IngestEventBatchResponse>>> results = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        ChaukasServerServiceBlockingStub stub = t % 2 == 0 ? first : second;
        int thread = t;
        results.add(pool.submit(() -> {
          List<IngestEventBatchResponse> responses = new ArrayList<>();
          for (int round = 0; round < rounds; round++) {
            List<Event> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
              batch.add(SampleEvents.event("r" + round + "-e" + i, 1_764_000_000L + i).build());
            }
            // Each thread its own order, so that the servers' transactions meet the ids differently.
            Collections.shuffle(batch, new Random(thread * 1000L + round));
            barrier.await(1, TimeUnit.MINUTES);
            responses.add(ingestBatch(stub, "b-" + thread + "-" + round, batch));
          }
          return responses;
        }));
      }
      for (Future<List<IngestEventBatchResponse>> result : results) {
        for (IngestEventBatchResponse response : result.get(5, TimeUnit.MINUTES)) {
          assertThat(response.getAcceptedCount()).isEqualTo(20);
          assertThat(response.getRejectedEventIdsList()).isEmpty();
        }
      }
    } finally {
      pool.shutdownNow();
    }
    QueryRequest all = queryOf(TENANT).setPageSize(1000).build();
    assertThat(allPages(first, all)).hasSize(rounds * 20).doesNotHaveDuplicates();
    assertThat(servers.get(0).server().eventCount()).isEqualTo(rounds * 20);
    assertThat(servers.get(1).server().eventCount()).isEqualTo(rounds * 20);
  }

  @Test
  void aSameIdPairWithDifferentContentAtOnceGivesOneStoredAndOneConflict() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 30; round++) {
        Event event = SampleEvents.event("pair-" + round, 1_764_000_000L).build();
        Event changed = event.toBuilder().setAgentId("other-agent").build();
        CyclicBarrier barrier = new CyclicBarrier(2);
        Future<Status.Code> one = pool.submit(() -> outcome(first, event, barrier));
        Future<Status.Code> two = pool.submit(() -> outcome(second, changed, barrier));
        assertThat(List.of(one.get(1, TimeUnit.MINUTES), two.get(1, TimeUnit.MINUTES)))
            .as("round %d", round)
            .containsExactlyInAnyOrder(Status.Code.OK, Status.Code.ALREADY_EXISTS);
        Event stored = servers.get(1).server().event(TENANT, event.getEventId()).orElseThrow();
        assertThat(stored).isIn(event, changed);
        assertThat(servers.get(0).server().event(TENANT, event.getEventId())).contains(stored);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Status.Code outcome(ChaukasServerServiceBlockingStub stub, Event event, CyclicBarrier barrier)
      throws Exception {
    barrier.await(1, TimeUnit.MINUTES);
    try {
      ingest(stub, event);
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  @Test
  void aPageTokenOfOneServerContinuesOnTheOther() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      events.add(SampleEvents.event("e-" + i, 1_764_000_000L + i % 5).build());
    }
    ingestBatch(first, "b-1", events);
    QueryRequest query = queryOf(TENANT).setPageSize(10).setOrderByTime(SortOrder.SORT_ORDER_ASC).build();
    QueryResponse firstPage = page(first, query);
    assertThat(firstPage.getNextPageToken()).isNotEmpty();
    List<Event> rest = allPages(second, query.toBuilder().setPageToken(firstPage.getNextPageToken()).build());
    List<Event> all = new ArrayList<>(firstPage.getEventsList());
    all.addAll(rest);
    assertThat(ids(all)).containsExactlyElementsOf(ids(allPages(second, query)));
    assertThat(all).hasSize(25).doesNotHaveDuplicates();
    // A token is still bound to its query on the other server (QRY-6).
    failsWith(Status.Code.INVALID_ARGUMENT, () -> page(second, queryOf("other-tenant")
        .setPageSize(10).setPageToken(firstPage.getNextPageToken()).build()));
  }
}
