package ai.chaukas.spec.benchmarks.exporter;

import ai.chaukas.spec.exporter.ChaukasExporter;
import ai.chaukas.spec.exporter.DropReason;
import ai.chaukas.spec.exporter.ExporterStats;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * An exporter under full load while its server is down: producers export the 1.5 KB benchmark
 * event (fresh ids) as fast as they can, with the default settings (queue 2048, DROP_NEWEST), to
 * a port where nothing listens for {@code --outage-seconds}; then the reference server starts on
 * that port (a JVM of its own), the load goes on for {@code --after-seconds}, and the exporter
 * flushes and closes. Run it with a bounded heap ({@code -Xmx256m}): what it shows is that the
 * exporter's memory stays at its queue plus the batches in flight however long the outage.
 *
 * <p>Every 10 s it prints the heap in use after the latest collection (GC notifications), the
 * queue depth and the counts; at the end one {@code OUTAGE} line, with {@code ok=true} when
 * every event offered was accepted or refused for a full queue, every event accepted was sent
 * (sent == accepted: no other drop, no rejection), and the server stored exactly the events sent.
 *
 * <p>Usage: {@code ExporterOutage [--outage-seconds 60] [--after-seconds 10] [--producers 1]}.
 */
public final class ExporterOutage {

  private static final AtomicLong lastAfterGc = new AtomicLong();
  private static final AtomicLong maxAfterGc = new AtomicLong();
  private static volatile boolean stopping;
  private static final java.util.concurrent.atomic.LongAdder offered =
      new java.util.concurrent.atomic.LongAdder();

  private ExporterOutage() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = ExporterThroughput.options(args);
    int outage = Integer.parseInt(options.getOrDefault("outage-seconds", "60"));
    int after = Integer.parseInt(options.getOrDefault("after-seconds", "10"));
    int producers = Integer.parseInt(options.getOrDefault("producers", "1"));
    watchCollections();

    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    ChaukasExporter exporter =
        ChaukasExporter.builder().grpcTarget("127.0.0.1:" + port).usePlaintext(true).build();
    Thread[] threads = new Thread[producers];
    for (int i = 0; i < producers; i++) {
      threads[i] = new Thread(() -> {
        UniqueEvents events = new UniqueEvents();
        long n = 0;
        while (!stopping) {
          exporter.export(events.next());
          n++;
        }
        offered.add(n);
      }, "producer-" + i);
      threads[i].start();
    }

    long start = System.nanoTime();
    for (int s = 10; s <= outage; s += 10) {
      sleepUntil(start, s);
      report("down", s, exporter.stats());
    }
    sleepUntil(start, outage);
    ExporterStats down = exporter.stats();
    // A full collection now shows what the outage left live: the queue and batches in flight.
    System.gc();
    long heapAfterFullGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long maxDuringOutage = maxAfterGc.get();

    boolean passed;
    try (ServerProcess server = ServerProcess.start(port)) {
      System.err.printf(Locale.ROOT, "server up on port %d after %d s%n", port, outage);
      for (int s = 10; s <= after; s += 10) {
        sleepUntil(start, outage + s);
        report("up", outage + s, exporter.stats());
      }
      sleepUntil(start, outage + after);
      stopping = true;
      for (Thread thread : threads) {
        thread.join();
      }
      boolean flushed = exporter.flush(Duration.ofMinutes(3));
      exporter.close();
      ExporterStats stats = exporter.stats();
      long stored = server.stored(UniqueEvents.tenant());
      // DROP_NEWEST refuses an event when the queue is full: dropped, never accepted. Every event
      // accepted is sent, rejected or dropped for another reason (none expected here).
      long queueFull = stats.dropped(DropReason.QUEUE_FULL);
      boolean ok = flushed && offered.sum() == stats.accepted() + queueFull
          && stats.sent() + stats.rejected() + stats.dropped() - queueFull == stats.accepted()
          && stored == stats.sent();
      long max = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
      System.out.printf(Locale.ROOT,
          "OUTAGE outage_s=%d heap_max_mib=%d max_heap_after_gc_mib=%.1f"
              + " heap_after_full_gc_mib=%.1f queue_depth=%d accepted_during_outage=%d"
              + " dropped_during_outage=%d retried_during_outage=%d accepted=%d sent=%d dropped=%d"
              + " dropped_by_reason=%s offered=%d stored=%d flushed=%s ok=%s%n",
          outage, max >> 20, maxDuringOutage / 1048576.0, heapAfterFullGc / 1048576.0,
          down.queueDepth(), down.accepted(), down.dropped(), down.retried(), stats.accepted(),
          stats.sent(), stats.dropped(), nonZero(stats.droppedByReason()), offered.sum(), stored,
          flushed, ok);
      passed = ok;
    }
    // After the try block: System.exit inside it would skip closing the server's JVM.
    System.exit(passed ? 0 : 1);
  }

  private static void report(String server, int second, ExporterStats stats) {
    System.err.printf(Locale.ROOT,
        "t=%ds server=%s heap_after_gc_mib=%.1f queue=%d accepted=%d sent=%d dropped=%d"
            + " retried=%d%n",
        second, server, lastAfterGc.get() / 1048576.0, stats.queueDepth(), stats.accepted(),
        stats.sent(), stats.dropped(), stats.retried());
  }

  /** Records the heap in use after each collection, summed over the heap's pools. */
  private static void watchCollections() {
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
        if (!notification.getType().equals(
            GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
          return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
            (CompositeData) notification.getUserData());
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool :
            info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
          if (isHeap(pool.getKey())) {
            used += pool.getValue().getUsed();
          }
        }
        lastAfterGc.set(used);
        if (!stopping) {
          maxAfterGc.accumulateAndGet(used, Math::max);
        }
      }, null, null);
    }
  }

  /** Heap pools of every collector (Eden, Survivor, Old/Tenured), not Metaspace or code. */
  private static boolean isHeap(String pool) {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .anyMatch(p -> p.getName().equals(pool)
            && p.getType() == java.lang.management.MemoryType.HEAP);
  }

  private static Map<?, Long> nonZero(Map<?, Long> counts) {
    Map<Object, Long> out = new java.util.TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    counts.forEach((k, v) -> {
      if (v != 0) {
        out.put(k, v);
      }
    });
    return out;
  }

  private static void sleepUntil(long start, int second) throws InterruptedException {
    long left = start + TimeUnit.SECONDS.toNanos(second) - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }
}
