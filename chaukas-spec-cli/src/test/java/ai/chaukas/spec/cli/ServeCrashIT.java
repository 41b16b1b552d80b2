package ai.chaukas.spec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.common.v1.QueryResponse;
import ai.chaukas.spec.common.v1.SortOrder;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import ai.chaukas.spec.server.v1.IngestEventBatchResponse;
import ai.chaukas.spec.server.v1.QueryEventsRequest;
import ai.chaukas.spec.testing.internal.SampleEvents;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chaukas serve} with its store on disk, stopped while several clients ingest batches, then
 * restarted on the same directory. Killed with SIGKILL: every acknowledged event is there once and
 * byte-identical, and clients that retry what was not acknowledged, with the same ids, are
 * deduplicated. Stopped with SIGTERM: it answers the calls in flight, closes the store and exits 0.
 */
class ServeCrashIT {

  private static final int CLIENTS = 4;
  private static final int BATCH = 100;
  /** Acknowledged events before the kill: enough that it lands among many calls in flight. */
  private static final int ACKNOWLEDGED_BEFORE_KILL = 20_000;
  private static final String TENANT = "crash-test";

  @TempDir Path store;

  /** What each client sent, batch by batch, and whether the server acknowledged it. */
  private final Map<String, List<Event>> sent = new ConcurrentHashMap<>();
  private final Map<String, Boolean> acknowledged = new ConcurrentHashMap<>();

  @Test
  void everyAcknowledgedEventSurvivesSigkillOnceAndRetriesAreDeduplicated() throws Exception {
    try (ServeProcess serve = serve()) {
      loadUntilStopped(serve, () -> serve.kill());
    }
    long acked = acknowledged.values().stream().filter(a -> a).count();
    assertThat(acked * BATCH).isGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);
    assertThat(acknowledged.size() - acked).as("calls in flight when it was killed").isPositive();

    try (ServeProcess restarted = serve()) {
      ManagedChannel channel = channel(restarted.port());
      try {
        ChaukasServerServiceBlockingStub stub = ChaukasServerServiceGrpc.newBlockingStub(channel);
        assertAcknowledgedEventsStoredOnce(storedEvents(stub));
        // Retries of what was not acknowledged, with the same ids: accepted, stored once.
        for (Map.Entry<String, Boolean> batch : acknowledged.entrySet()) {
          if (!batch.getValue()) {
            IngestEventBatchResponse reply = ingest(stub, batch.getKey(), sent.get(batch.getKey()));
            assertThat(reply.getAcceptedCount()).isEqualTo(BATCH);
          }
        }
        Map<String, ByteString> after = storedEvents(stub);
        assertThat(after).hasSize(sent.size() * BATCH);
        for (List<Event> events : sent.values()) {
          for (Event event : events) {
            assertThat(after.get(event.getEventId())).isEqualTo(event.toByteString());
          }
        }
      } finally {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
      restarted.terminate();
      assertThat(restarted.awaitExit()).as(restarted.err()).isZero();
    }
  }

  @Test
  void sigtermUnderLoadAnswersCallsInFlightClosesTheStoreAndExitsZero() throws Exception {
    int exit;
    try (ServeProcess serve = serve()) {
      loadUntilStopped(serve, serve::terminate);
      exit = serve.awaitExit();
      assertThat(exit).as(serve.out() + serve.err()).isZero();
      assertThat(serve.out()).containsPattern("chaukas serve: stopped; it held \\d+ events");
    }
    // Closed cleanly: SQLite folded its write-ahead log into the database when the last
    // connection closed.
    assertThat(store.resolve("events.db-wal")).doesNotExist();
    try (ServeProcess restarted = serve()) {
      ManagedChannel channel = channel(restarted.port());
      try {
        assertAcknowledgedEventsStoredOnce(
            storedEvents(ChaukasServerServiceGrpc.newBlockingStub(channel)));
      } finally {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
      restarted.terminate();
      assertThat(restarted.awaitExit()).isZero();
    }
  }

  private ServeProcess serve() throws Exception {
    return ServeProcess.start(List.of(), "--port", "0", "--store", store.toString(), "-q");
  }

  /**
   * Runs {@link #CLIENTS} clients that ingest batches until the server stops answering; once
   * {@link #ACKNOWLEDGED_BEFORE_KILL} events are acknowledged, {@code stop} stops the server.
   */
  private void loadUntilStopped(ServeProcess serve, Stopper stop) throws Exception {
    AtomicInteger acknowledgedEvents = new AtomicInteger();
    CountDownLatch enough = new CountDownLatch(1);
    List<Thread> clients = new ArrayList<>();
    ManagedChannel channel = channel(serve.port());
    try {
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        Thread thread = new Thread(() -> {
          ChaukasServerServiceBlockingStub stub = ChaukasServerServiceGrpc.newBlockingStub(channel);
          for (int b = 0; ; b++) {
            String batchId = "c" + client + "-b" + b;
            List<Event> events = batch(batchId);
            sent.put(batchId, events);
            acknowledged.put(batchId, false);
            try {
              IngestEventBatchResponse reply = ingest(stub, batchId, events);
              assertThat(reply.getAcceptedCount()).isEqualTo(BATCH);
              acknowledged.put(batchId, true);
              if (acknowledgedEvents.addAndGet(BATCH) >= ACKNOWLEDGED_BEFORE_KILL) {
                enough.countDown();
              }
            } catch (StatusRuntimeException e) {
              return; // the server is gone or going: this batch stays unacknowledged
            }
          }
        }, "load-client-" + c);
        thread.start();
        clients.add(thread);
      }
      assertThat(enough.await(120, TimeUnit.SECONDS)).as("clients acknowledged").isTrue();
      stop.stop();
      for (Thread client : clients) {
        client.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(client.isAlive()).as(client.getName() + " ended").isFalse();
      }
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** Stops the server under load. */
  private interface Stopper {
    void stop() throws Exception;
  }

  private void assertAcknowledgedEventsStoredOnce(Map<String, ByteString> stored) {
    for (Map.Entry<String, Boolean> batch : acknowledged.entrySet()) {
      if (batch.getValue()) {
        for (Event event : sent.get(batch.getKey())) {
          assertThat(stored.get(event.getEventId()))
              .as("acknowledged event %s, byte for byte", event.getEventId())
              .isEqualTo(event.toByteString());
        }
      }
    }
  }

  private static ManagedChannel channel(int port) {
    return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  private static IngestEventBatchResponse ingest(
      ChaukasServerServiceBlockingStub stub, String batchId, List<Event> events) {
    return stub.withDeadlineAfter(30, TimeUnit.SECONDS)
        .ingestEventBatch(
            IngestEventBatchRequest.newBuilder()
                .setEventBatch(EventBatch.newBuilder().setBatchId(batchId).addAllEvents(events))
                .build());
  }

  private static List<Event> batch(String batchId) {
    List<Event> events = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      events.add(
          SampleEvents.event(batchId + "-e" + i, 1_700_000_000L + i)
              .setTenantId(TENANT)
              .build());
    }
    return events;
  }

  /** Every stored event of the tenant by id, each id asserted to come back once only. */
  private static Map<String, ByteString> storedEvents(ChaukasServerServiceBlockingStub stub) {
    Map<String, ByteString> stored = new HashMap<>();
    String token = "";
    do {
      QueryResponse page =
          stub.withDeadlineAfter(60, TimeUnit.SECONDS)
              .queryEvents(
                  QueryEventsRequest.newBuilder()
                      .setQuery(
                          QueryRequest.newBuilder()
                              .setFilter(QueryFilter.newBuilder().setTenantId(TENANT))
                              .setOrderByTime(SortOrder.SORT_ORDER_ASC)
                              .setPageSize(1000)
                              .setPageToken(token))
                      .build())
              .getResponse();
      for (Event event : page.getEventsList()) {
        assertThat(stored.put(event.getEventId(), event.toByteString()))
            .as("event %s returned once", event.getEventId())
            .isNull();
      }
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return stored;
  }
}
