package ai.chaukas.spec.exporter;

import ai.chaukas.spec.testing.internal.SampleEvents;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An agent for {@link ExporterCrashTest}: exports numbered events to a gRPC target with a spool in
 * SYNC mode from four threads, and prints each number once its export returned. It runs until it
 * is killed.
 */
public final class CrashingAgent {

  private CrashingAgent() {}

  public static void main(String[] args) throws Exception {
    String target = args[0];
    Path spool = Path.of(args[1]);
    ChaukasExporter exporter = ChaukasExporter.builder()
        .grpcTarget(target)
        .usePlaintext(true)
        .spool(spool, SpoolMode.SYNC)
        .queueFullPolicy(QueueFullPolicy.BLOCK)
        // Batches wait: at any moment, hundreds of exported events are not yet sent.
        .maxBatchSize(500)
        .scheduleDelay(java.time.Duration.ofMillis(500))
        .build();
    AtomicInteger next = new AtomicInteger();
    Object out = new Object();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        while (true) {
          int n = next.getAndIncrement();
          if (exporter.export(SampleEvents.event("crash-" + n, 1_764_000_000L + n).build())) {
            synchronized (out) {
              System.out.println(n);
              System.out.flush();
            }
          }
        }
      });
      thread.start();
    }
    Thread.currentThread().join();
  }
}
