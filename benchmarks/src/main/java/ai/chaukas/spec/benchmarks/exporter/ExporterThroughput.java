package ai.chaukas.spec.benchmarks.exporter;

import ai.chaukas.spec.benchmarks.ingest.ProcessCpu;
import ai.chaukas.spec.exporter.ChaukasExporter;
import ai.chaukas.spec.exporter.ExportListener;
import ai.chaukas.spec.exporter.ExporterStats;
import ai.chaukas.spec.exporter.QueueFullPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sustained throughput of one {@link ChaukasExporter} (one gRPC channel, or the HTTP transport)
 * to the reference server's in-memory store in a JVM of its own ({@link ServerProcess}). Producer
 * threads export the 1.5 KB benchmark event, each with its own id, as fast as the exporter takes
 * them ({@link QueueFullPolicy#BLOCK}); after a warm-up, events acknowledged per second over the
 * measured interval. At the end it flushes, closes, and checks with {@code GetEventStats} that
 * the server stored exactly the events acknowledged.
 *
 * <p>Prints one line, {@code EXPORTER transport=… batch=… events_per_s=… sent=… dropped=…
 * stored=… ok=…}, and on standard error where the CPU went: this JVM's threads and the
 * server's.
 *
 * <p>Usage: {@code ExporterThroughput [--transport grpc|http] [--batch 512] [--warmup-seconds 5]
 * [--seconds 15] [--producers 1] [--in-flight 4]} ({@code --in-flight}: the exporter's {@code
 * maxConcurrentExports}, its default unless given). Exit status 1 when a count does not add up.
 */
public final class ExporterThroughput {

  private ExporterThroughput() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    String transport = options.getOrDefault("transport", "grpc");
    int batch = Integer.parseInt(options.getOrDefault("batch", "512"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup-seconds", "5"));
    int seconds = Integer.parseInt(options.getOrDefault("seconds", "15"));
    int producers = Integer.parseInt(options.getOrDefault("producers", "1"));
    String inFlight = options.get("in-flight");

    boolean passed;
    try (ServerProcess server = ServerProcess.start(0)) {
      ChaukasExporter.Builder builder = ChaukasExporter.builder()
          .maxBatchSize(batch)
          .queueFullPolicy(QueueFullPolicy.BLOCK)
          // Long enough that a producer never gives up while the server is merely slow.
          .blockTimeout(Duration.ofSeconds(30));
      if (transport.equals("http")) {
        builder.http(URI.create("http://" + server.target() + "/v1"));
      } else {
        builder.grpcTarget(server.target()).usePlaintext(true);
      }
      if (inFlight != null) {
        builder.maxConcurrentExports(Integer.parseInt(inFlight));
      }
      Causes causes = new Causes();
      builder.listener(causes);
      ChaukasExporter exporter = builder.build();

      LongAdder refused = new LongAdder();
      LongAdder exportNanos = new LongAdder();
      LongAdder makeNanos = new LongAdder();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < producers; i++) {
        Thread thread = new Thread(() -> produce(exporter, refused, makeNanos, exportNanos),
            "producer-" + i);
        threads.add(thread);
      }
      threads.forEach(Thread::start);

      Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
      ProcessCpu self = new ProcessCpu(ProcessHandle.current().pid());
      ProcessCpu serverCpu = new ProcessCpu(server.pid());
      Map<String, Long> threadsBefore = self.microsByThreadName();
      long selfBefore = self.totalMicros();
      long serverBefore = serverCpu.totalMicros();
      long machineBefore = ProcessCpu.machineMicros();
      long makeBefore = makeNanos.sum();
      long exportBefore = exportNanos.sum();
      long sentBefore = exporter.stats().sent();
      long start = System.nanoTime();
      Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
      long sentAfter = exporter.stats().sent();
      double elapsed = (System.nanoTime() - start) / 1e9;
      long selfCpu = self.totalMicros() - selfBefore;
      long serverUsed = serverCpu.totalMicros() - serverBefore;
      long machine = ProcessCpu.machineMicros() - machineBefore;
      Map<String, Long> threadsAfter = self.microsByThreadName();
      double makeS = (makeNanos.sum() - makeBefore) / 1e9;
      double exportS = (exportNanos.sum() - exportBefore) / 1e9;

      stop(threads);
      boolean flushed = exporter.flush(Duration.ofSeconds(60));
      exporter.close();
      ExporterStats stats = exporter.stats();
      long stored = server.stored(UniqueEvents.tenant());
      boolean ok = flushed && stats.sent() + stats.dropped() + stats.rejected() == stats.accepted()
          && stored == stats.sent() && stats.rejected() == 0;

      double micros = elapsed * 1e6;
      System.err.printf(Locale.ROOT,
          "CPU %s batch=%d: exporter_jvm=%.0f%% server_jvm=%.0f%% others=%.0f%% of one core;"
              + " producers spent %.1f s making events and %.1f s in export() (of %.1f s each)%n",
          transport, batch, 100 * selfCpu / micros, 100 * serverUsed / micros,
          100 * (machine - selfCpu - serverUsed) / micros, makeS, exportS, elapsed);
      causes.print(transport + " batch=" + batch);
      System.err.println("THREADS " + transport + " batch=" + batch + ": "
          + topThreads(threadsBefore, threadsAfter, micros));
      System.out.printf(Locale.ROOT,
          "EXPORTER transport=%s batch=%d in_flight=%s producers=%d seconds=%.1f events_per_s=%.0f accepted=%d"
              + " sent=%d dropped=%d rejected=%d retried=%d refused_by_export=%d stored=%d ok=%s%n",
          transport, batch, inFlight == null ? "default" : inFlight, producers, elapsed, (sentAfter - sentBefore) / elapsed,
          stats.accepted(), stats.sent(), stats.dropped(), stats.rejected(), stats.retried(),
          refused.sum(), stored, ok);
      passed = ok;
    }
    // After the try block: System.exit inside it would skip closing the server's JVM.
    System.exit(passed ? 0 : 1);
  }

  private static volatile boolean stopping;

  /** Counts why events were rejected and requests retried, printed at the end (stderr). */
  private static final class Causes implements ExportListener {
    private final Map<String, LongAdder> counts = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void rejected(String eventId, String reason) {
      counts.computeIfAbsent("rejected: " + reason, k -> new LongAdder()).increment();
    }

    @Override
    public void retried(int events, String cause, Duration delay) {
      counts.computeIfAbsent("retried: " + cause, k -> new LongAdder()).increment();
    }

    void print(String run) {
      counts.forEach((cause, n) ->
          System.err.println("CAUSE " + run + " " + n.sum() + "x " + cause));
    }
  }

  private static void produce(ChaukasExporter exporter, LongAdder refused, LongAdder makeNanos,
      LongAdder exportNanos) {
    UniqueEvents events = new UniqueEvents();
    // Local sums, published every 1,024 events: the timers should cost the loop little.
    long make = 0;
    long export = 0;
    int n = 0;
    while (!stopping) {
      long t0 = System.nanoTime();
      var event = events.next();
      long t1 = System.nanoTime();
      if (!exporter.export(event)) {
        refused.increment();
      }
      long t2 = System.nanoTime();
      make += t1 - t0;
      export += t2 - t1;
      if (++n == 1024) {
        makeNanos.add(make);
        exportNanos.add(export);
        make = 0;
        export = 0;
        n = 0;
      }
    }
    makeNanos.add(make);
    exportNanos.add(export);
  }

  private static void stop(List<Thread> threads) throws InterruptedException {
    stopping = true;
    for (Thread thread : threads) {
      thread.join();
    }
  }

  /** The busiest threads of this JVM over the interval, as a share of one core. */
  private static String topThreads(Map<String, Long> before, Map<String, Long> after,
      double micros) {
    List<Map.Entry<String, Long>> used = new ArrayList<>();
    after.forEach((name, total) ->
        used.add(Map.entry(name, total - before.getOrDefault(name, 0L))));
    used.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
    StringBuilder line = new StringBuilder();
    for (Map.Entry<String, Long> entry : used.subList(0, Math.min(8, used.size()))) {
      line.append(String.format(Locale.ROOT, "%s=%.0f%% ", entry.getKey(),
          100 * entry.getValue() / micros));
    }
    return line.toString().trim();
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value, got " + args[i]);
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }
}
