package ai.chaukas.spec.benchmarks.store;

import ai.chaukas.spec.benchmarks.ingest.RequestTemplate;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.reference.internal.EmbeddedStore;
import ai.chaukas.spec.reference.internal.EventStore;
import ai.chaukas.spec.reference.internal.MemoryStore;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import ai.chaukas.spec.toolkit.validation.EventValidator;
import ai.chaukas.spec.toolkit.validation.SerializedEvent;
import ai.chaukas.spec.toolkit.validation.ValidationOptions;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The store's own write limit, no server in front: {@code W} writer threads (the load driver's
 * calls in flight) each build a batch from the very request bytes the driver sends ({@link
 * RequestTemplate}: the ~1.5 KB benchmark event, unique ids), validate its events in place with
 * {@link EventValidator#validateSerialized} as the server does (each event a view of its request),
 * hand them to {@link EventStore#store} and wait for the future, then start the next.
 *
 * <p>Prints {@code RESULT store=… batch=… writers=… events_per_s=… store_share_pct=…}: events stored
 * per second over the measured window, and the share of the writers' time spent inside {@code
 * store} (the rest is copying the template and validating: with a share near 100 the figure is the
 * store's limit). The in-memory store is cleared whenever it holds {@code --clear-every} events
 * (default 2,000,000), or the heap would fill within seconds; a clear runs on a writer, inside the
 * window.
 *
 * <p>Usage: {@code StoreLimit memory|DIR BATCH [WRITERS=4] [SECONDS=10] [WARMUP=5]}. With a
 * directory, the store on disk ({@link EmbeddedStore#open}) is opened in a fresh subdirectory
 * {@code DIR/store-limit-BATCH-MILLIS}.
 */
public final class StoreLimit {

  private StoreLimit() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: StoreLimit memory|DIR BATCH [WRITERS=4] [SECONDS=10] [WARMUP=5]");
      System.exit(2);
    }
    String where = args[0];
    int batch = Integer.parseInt(args[1]);
    int writers = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 5;
    long clearEvery = Long.getLong("clearEvery", 2_000_000L);

    EventStore store = open(where, batch);
    EventValidator validator = EventValidator.of(ValidationOptions.builder().requireTenant(true).build());
    RequestTemplate template = RequestTemplate.batch(batch, new SecureRandom().nextInt());
    int[][] events = eventRanges(template.next());

    LongAdder measuredEvents = new LongAdder();
    LongAdder storeNanos = new LongAdder();
    LongAdder busyNanos = new LongAdder();
    LongAdder outcomesNotStored = new LongAdder();
    long start = System.nanoTime();
    long measureStart = start + TimeUnit.SECONDS.toNanos(warmup);
    long measureEnd = measureStart + TimeUnit.SECONDS.toNanos(seconds);
    List<Thread> threads = new ArrayList<>();
    Throwable[] failure = new Throwable[1];
    for (int w = 0; w < writers; w++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= measureEnd) {
                      return;
                    }
                    byte[] request;
                    synchronized (template) {
                      request = template.next();
                    }
                    List<SerializedEvent> serialized = new ArrayList<>(events.length);
                    for (int[] range : events) {
                      SerializedEvent e = validator.validateSerialized(request, range[0], range[1]);
                      if (!e.isValid()) {
                        throw new IllegalStateException("invalid benchmark event: " + e.violations());
                      }
                      serialized.add(e);
                    }
                    if (clearEvery > 0 && where.equals("memory") && store.size() >= clearEvery) {
                      synchronized (store) {
                        if (store.size() >= clearEvery) {
                          store.clear();
                        }
                      }
                    }
                    long t1 = System.nanoTime();
                    List<EventStore.Outcome> outcomes = store.store(serialized, request.length).get();
                    long t2 = System.nanoTime();
                    for (EventStore.Outcome o : outcomes) {
                      if (o != EventStore.Outcome.STORED) {
                        outcomesNotStored.increment();
                      }
                    }
                    if (t0 >= measureStart && t2 <= measureEnd) {
                      measuredEvents.add(outcomes.size());
                      storeNanos.add(t2 - t1);
                      busyNanos.add(t2 - t0);
                    }
                  }
                } catch (Throwable e) {
                  synchronized (failure) {
                    if (failure[0] == null) {
                      failure[0] = e;
                    }
                  }
                }
              },
              "writer-" + w);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    long stored = store.size();
    store.close();
    if (failure[0] != null) {
      failure[0].printStackTrace();
      System.exit(1);
    }
    double window = seconds;
    System.out.println(
        String.format(
            Locale.ROOT,
            "RESULT store=%s batch=%d writers=%d seconds=%d events=%d events_per_s=%.0f store_share_pct=%.1f"
                + " store_us_per_event=%.2f not_stored=%d held_at_end=%d",
            where.equals("memory") ? "memory" : "embedded",
            batch,
            writers,
            seconds,
            measuredEvents.sum(),
            measuredEvents.sum() / window,
            busyNanos.sum() == 0 ? 0.0 : 100.0 * storeNanos.sum() / busyNanos.sum(),
            measuredEvents.sum() == 0 ? 0.0 : storeNanos.sum() / 1e3 / measuredEvents.sum(),
            outcomesNotStored.sum(),
            stored));
  }

  static EventStore open(String where, int batch) throws IOException {
    if (where.equals("memory")) {
      return new MemoryStore(Long.MAX_VALUE, Long.MAX_VALUE);
    }
    Path dir = Path.of(where).resolve("store-limit-" + batch + "-" + System.currentTimeMillis());
    Files.createDirectories(dir);
    System.err.println("StoreLimit: store on disk in " + dir);
    return EmbeddedStore.open(dir, (events, nanos) -> {});
  }

  /** Offset and length of each event in a serialized IngestEventBatchRequest. */
  static int[][] eventRanges(byte[] request) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(request);
    List<int[]> ranges = new ArrayList<>();
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      if (WireFormat.getTagFieldNumber(tag) == IngestEventBatchRequest.EVENT_BATCH_FIELD_NUMBER
          && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        int length = in.readRawVarint32();
        int end = in.getTotalBytesRead() + length;
        while (in.getTotalBytesRead() < end) {
          int inner = in.readTag();
          if (WireFormat.getTagFieldNumber(inner) == EventBatch.EVENTS_FIELD_NUMBER
              && WireFormat.getTagWireType(inner) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int n = in.readRawVarint32();
            ranges.add(new int[] {in.getTotalBytesRead(), n});
            in.skipRawBytes(n);
          } else {
            in.skipField(inner);
          }
        }
      } else {
        in.skipField(tag);
      }
    }
    return ranges.toArray(new int[0][]);
  }
}
