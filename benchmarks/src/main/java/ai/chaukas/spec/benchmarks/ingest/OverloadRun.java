package ai.chaukas.spec.benchmarks.ingest;

import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.common.v1.TimeRange;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.GetEventStatsRequest;
import ai.chaukas.spec.server.v1.HealthzRequest;
import ai.chaukas.spec.server.v1.IngestEventBatchResponse;
import ai.chaukas.spec.server.v1.QueryEventsRequest;
import ai.chaukas.spec.testing.internal.RawCalls;
import ai.chaukas.spec.testing.internal.SampleEvents;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Overload run: offers a server more IngestEventBatch calls than it can take, at a fixed rate
 * whatever it answers (an open loop, unlike {@link IngestLoadDriver}), for a fixed time, while
 * checking once a second that Healthz and a query still answer and reading the server's heap from
 * {@code /metrics}. Afterwards it checks that every acknowledged event is stored: the tenant's
 * {@code total_events} must equal the events acknowledged (every call carries new ids, and a refused
 * call stores nothing), give or take the events of calls whose outcome is unknown (deadline).
 *
 * <pre>
 * java -cp benchmarks.jar ai.chaukas.spec.benchmarks.ingest.OverloadRun \
 *     --target 127.0.0.1:PORT --rate EVENTS_PER_S [--batch-size 100] [--duration-seconds 60]
 * </pre>
 *
 * Prints one {@code OVERLOAD key=value …} line with the figures, and exits 1 when an acknowledged
 * event is missing, Healthz or a query failed, or the calls' outcomes do not add up.
 */
public final class OverloadRun {

  private static final int MAX_OUTSTANDING = 4096;

  public static void main(String[] args) throws Exception {
    String target = null;
    double rate = 0;
    int batchSize = 100;
    int seconds = 60;
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--target" -> target = value;
        case "--rate" -> rate = Double.parseDouble(value);
        case "--batch-size" -> batchSize = Integer.parseInt(value);
        case "--duration-seconds" -> seconds = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (target == null || rate <= 0) {
      throw new IllegalArgumentException("--target HOST:PORT and --rate EVENTS_PER_S are required");
    }
    System.exit(new OverloadRun(target, rate, batchSize, seconds).run() ? 0 : 1);
  }

  private final String target;
  private final double callsPerSecond;
  private final int batchSize;
  private final int seconds;
  private final LongAdder acknowledgedEvents = new LongAdder();
  private final LongAdder acknowledgedCalls = new LongAdder();
  private final LongAdder unknownEvents = new LongAdder();
  private final LongAdder shedByClient = new LongAdder();
  private final ConcurrentHashMap<Status.Code, LongAdder> outcomes = new ConcurrentHashMap<>();
  private final AtomicInteger outstanding = new AtomicInteger();
  private final AtomicInteger reported = new AtomicInteger();
  private final List<Long> queryMicros = Collections.synchronizedList(new ArrayList<>());
  private int healthFailures;
  private int queryFailures;
  private long maxHeapBytes;
  private long maxPendingBytes;

  private OverloadRun(String target, double eventsPerSecond, int batchSize, int seconds) {
    this.target = target;
    this.callsPerSecond = eventsPerSecond / batchSize;
    this.batchSize = batchSize;
    this.seconds = seconds;
  }

  private boolean run() throws Exception {
    ManagedChannel channel = NettyChannelBuilder.forTarget(target).usePlaintext()
        .maxInboundMessageSize(64 << 20).build();
    ManagedChannel probes = NettyChannelBuilder.forTarget(target).usePlaintext().build();
    MethodDescriptor<byte[], byte[]> method =
        RawCalls.withBytes(ChaukasServerServiceGrpc.getIngestEventBatchMethod());
    RequestTemplate template = RequestTemplate.batch(batchSize, new SecureRandom().nextInt());
    String tenant = SampleEvents.llmInvocation().getTenantId();
    ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub probe =
        ChaukasServerServiceGrpc.newBlockingStub(probes);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    long nextProbe = start;
    long offered = 0;
    while (System.nanoTime() < end) {
      long now = System.nanoTime();
      long due = (long) ((now - start) / 1e9 * callsPerSecond);
      while (offered < due) {
        offered++;
        if (outstanding.get() >= MAX_OUTSTANDING) {
          shedByClient.increment();
          continue;
        }
        send(channel, method, template.next());
      }
      if (now >= nextProbe) {
        probe(probe, http, tenant);
        nextProbe += TimeUnit.SECONDS.toNanos(1);
      }
      Thread.sleep(1);
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (outstanding.get() > 0 && System.nanoTime() < drainUntil) {
      Thread.sleep(10);
    }
    probe(probe, http, tenant);
    long stored = probe.withDeadlineAfter(60, TimeUnit.SECONDS)
        .getEventStats(GetEventStatsRequest.newBuilder().setTenantId(tenant)
            .setTimeRange(TimeRange.getDefaultInstance()).build())
        .getTotalEvents();
    channel.shutdownNow();
    probes.shutdownNow();

    long acked = acknowledgedEvents.sum();
    long unknown = unknownEvents.sum();
    boolean nothingLost = stored >= acked && stored <= acked + unknown;
    List<Long> latencies = new ArrayList<>(queryMicros);
    Collections.sort(latencies);
    StringBuilder codes = new StringBuilder();
    outcomes.forEach((code, n) -> codes.append(code).append(':').append(n.sum()).append(','));
    System.out.printf(Locale.ROOT,
        "OVERLOAD seconds=%.1f offered_events_per_s=%.0f offered_calls=%d sent_calls=%d"
            + " acknowledged_calls=%d acknowledged_events_per_s=%.0f outcomes=%s shed_by_client=%d"
            + " outstanding_at_end=%d stored=%d acknowledged=%d unknown=%d nothing_lost=%s"
            + " max_heap_mib=%d max_pending_ingest_mib=%d health_failures=%d query_failures=%d"
            + " query_p50_ms=%.2f query_max_ms=%.2f%n",
        elapsed, offered * batchSize / elapsed, offered, offered - shedByClient.sum(),
        acknowledgedCalls.sum(), acked / elapsed, codes, shedByClient.sum(), outstanding.get(),
        stored, acked, unknown, nothingLost, maxHeapBytes >> 20, maxPendingBytes >> 20,
        healthFailures, queryFailures,
        latencies.isEmpty() ? 0.0 : latencies.get(latencies.size() / 2) / 1000.0,
        latencies.isEmpty() ? 0.0 : latencies.get(latencies.size() - 1) / 1000.0);
    return nothingLost && healthFailures == 0 && queryFailures == 0 && outstanding.get() == 0;
  }

  private void send(ManagedChannel channel, MethodDescriptor<byte[], byte[]> method, byte[] request) {
    outstanding.incrementAndGet();
    ClientCalls.asyncUnaryCall(
        channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)),
        request,
        new StreamObserver<byte[]>() {
          @Override
          public void onNext(byte[] reply) {
            try {
              acknowledgedEvents.add(IngestEventBatchResponse.parseFrom(reply).getAcceptedCount());
              acknowledgedCalls.increment();
            } catch (InvalidProtocolBufferException e) {
              throw new IllegalStateException(e);
            }
          }

          @Override
          public void onError(Throwable t) {
            Status.Code code = Status.fromThrowable(t).getCode();
            outcomes.computeIfAbsent(code, c -> new LongAdder()).increment();
            if (code != Status.Code.RESOURCE_EXHAUSTED) {
              // A deadline or a broken connection: the call may or may not have been stored.
              unknownEvents.add(batchSize);
              if (reported.incrementAndGet() <= 3) {
                System.err.println("call: " + Status.fromThrowable(t));
              }
            }
            outstanding.decrementAndGet();
          }

          @Override
          public void onCompleted() {
            outcomes.computeIfAbsent(Status.Code.OK, c -> new LongAdder()).increment();
            outstanding.decrementAndGet();
          }
        });
  }

  /** Healthz, a query of the tenant's latest events, and the heap from /metrics. */
  private void probe(ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub stub, HttpClient http,
      String tenant) {
    try {
      stub.withDeadlineAfter(5, TimeUnit.SECONDS).healthz(HealthzRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      healthFailures++;
      System.err.println("healthz: " + e.getStatus());
    }
    long t0 = System.nanoTime();
    try {
      stub.withDeadlineAfter(5, TimeUnit.SECONDS).queryEvents(QueryEventsRequest.newBuilder()
          .setQuery(QueryRequest.newBuilder().setPageSize(10)
              .setFilter(ai.chaukas.spec.common.v1.QueryFilter.newBuilder().setTenantId(tenant)))
          .build());
      queryMicros.add((System.nanoTime() - t0) / 1000);
    } catch (StatusRuntimeException e) {
      queryFailures++;
      System.err.println("query: " + e.getStatus());
    }
    try {
      String metrics = http.send(HttpRequest.newBuilder(URI.create("http://" + target + "/metrics"))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
      long heap = 0;
      for (String line : metrics.split("\n")) {
        if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"")) {
          heap += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        } else if (line.startsWith("chaukas_ingest_pending_bytes ")) {
          maxPendingBytes = Math.max(maxPendingBytes,
              (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
        }
      }
      maxHeapBytes = Math.max(maxHeapBytes, heap);
    } catch (Exception e) {
      System.err.println("metrics: " + e);
    }
  }
}
