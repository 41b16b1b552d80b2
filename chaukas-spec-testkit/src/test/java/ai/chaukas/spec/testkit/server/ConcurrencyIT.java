package ai.chaukas.spec.testkit.server;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.common.v1.QueryResponse;
import ai.chaukas.spec.common.v1.SortOrder;
import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.testing.internal.ServerCalls;
import ai.chaukas.spec.testkit.junit.ChaukasServerExtension;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;
import static ai.chaukas.spec.testing.internal.SampleEvents.TENANT;
import static ai.chaukas.spec.testing.internal.SampleEvents.event;
import static ai.chaukas.spec.testing.internal.ServerCalls.ids;
import static ai.chaukas.spec.testing.internal.ServerCalls.ingestBatch;
import static ai.chaukas.spec.testing.internal.ServerCalls.page;
import static ai.chaukas.spec.testing.internal.ServerCalls.queryOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several threads ingest batches (with duplicates and conflicts) while others page through the
 * tenant in both orders: QRY-7 and ING-5 hold, and the count stays exact.
 */
class ConcurrencyIT {

  @RegisterExtension
  static final ChaukasServerExtension chaukas = ChaukasServerExtension.loopback();

  private static final int WRITERS = 4;
  private static final int READERS = 4;
  private static final int BATCHES_PER_WRITER = 50;
  private static final int BATCH_SIZE = 20;
  private static final int EXISTING = 500;

  @RepeatedTest(3)
  void QRY_7_holdsUnderConcurrentIngestAndPaging(
      ChaukasServerServiceBlockingStub stub, ReferenceServer server) throws Exception {
    List<Event> existing = new ArrayList<>();
    for (int i = 0; i < EXISTING; i++) {
      // Few distinct timestamps, so ties are broken by event_id under load too.
      existing.add(event(String.format("old-%04d", i), i % 7).build());
    }
    for (int i = 0; i < EXISTING; i += BATCH_SIZE) {
      ingestBatch(stub, "old", existing.subList(i, i + BATCH_SIZE));
    }

    ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
    CountDownLatch go = new CountDownLatch(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers.add(pool.submit((Callable<Void>) () -> {
          go.await();
          for (int b = 0; b < BATCHES_PER_WRITER; b++) {
            List<Event> batch = new ArrayList<>();
            for (int i = 0; i < BATCH_SIZE; i++) {
              // Writers share ids pairwise: the same content twice is stored once.
              batch.add(event(String.format("new-%d-%03d-%02d", writer / 2, b, i), (b + i) % 7).build());
            }
            assertThat(ingestBatch(stub, "w" + writer, batch).getRejectedCount()).isZero();
          }
          return null;
        }));
      }
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < READERS; r++) {
        SortOrder order = r % 2 == 0 ? SortOrder.SORT_ORDER_ASC : SortOrder.SORT_ORDER_DESC;
        int pageSize = 7 + r * 13;
        readers.add(pool.submit((Callable<Void>) () -> {
          go.await();
          do {
            pageThrough(stub, order, pageSize);
          } while (writing.get());
          return null;
        }));
      }
      go.countDown();
      for (Future<?> writer : writers) {
        writer.get(60, TimeUnit.SECONDS);
      }
      writing.set(false);
      for (Future<?> reader : readers) {
        reader.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    int expected = EXISTING + (WRITERS / 2) * BATCHES_PER_WRITER * BATCH_SIZE;
    assertThat(server.eventCount()).isEqualTo(expected);
    assertThat(server.events(TENANT)).hasSize(expected);
  }

  /**
   * One pass over every page: in order, no event twice, and every event that existed before the
   * first page among them (QRY-7).
   */
  private static void pageThrough(
      ChaukasServerServiceBlockingStub stub, SortOrder order, int pageSize) {
    QueryRequest query = queryOf(TENANT).setOrderByTime(order).setPageSize(pageSize).build();
    Set<String> before =
        new HashSet<>(ids(ServerCalls.allPages(stub, query.toBuilder().setPageSize(1000).build())));
    List<Event> seen = new ArrayList<>();
    QueryResponse current = page(stub, query);
    while (true) {
      seen.addAll(current.getEventsList());
      if (current.getNextPageToken().isEmpty()) {
        break;
      }
      current = page(stub, query.toBuilder().setPageToken(current.getNextPageToken()).build());
    }
    Comparator<Event> ascending =
        Comparator.<Event>comparingLong(e -> e.getTimestamp().getSeconds())
            .thenComparingInt(e -> e.getTimestamp().getNanos())
            .thenComparing(
                Event::getEventId,
                (a, b) -> java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray()));
    assertThat(seen)
        .isSortedAccordingTo(order == SortOrder.SORT_ORDER_ASC ? ascending : ascending.reversed());
    assertThat(ids(seen)).doesNotHaveDuplicates().containsAll(before);
  }
}
