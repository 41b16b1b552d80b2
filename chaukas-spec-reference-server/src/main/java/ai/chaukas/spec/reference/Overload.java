package ai.chaukas.spec.reference;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.sun.management.GcInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Backpressure on ingest: a budget of request bytes in flight, from a request's arrival to its
 * reply, and the heap's state after garbage collection. A call that does not fit is refused at
 * once, before its body is read, with {@code RESOURCE_EXHAUSTED} and a pushback of {@link
 * #RETRY_AFTER_SECONDS} (gRPC's {@code grpc-retry-pushback-ms} trailer), which HTTP answers as 503
 * with {@code Retry-After} and a message that contains {@code high memory usage}: the signal on
 * which the Python SDK halves its batch and retries. Memory held by ingest is thus bounded by the
 * budget whatever the number of clients, and the store falling behind shows as refusals rather than
 * a growing heap.
 */
final class Overload {

  /** What clients are told to wait before retrying a refused call. */
  static final int RETRY_AFTER_SECONDS = 1;

  /** gRPC's server pushback (gRFC A6): how long, in milliseconds, to wait before a retry. */
  static final Metadata.Key<String> PUSHBACK =
      Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER);

  /** Above this share of the heap in use after a collection, ingest is refused and Healthz fails. */
  private static final double HEAP_LIMIT = 0.90;
  private static final Duration HEAP_READING_VALID = Duration.ofSeconds(30);

  private final long budget;
  private final AtomicLong inFlight = new AtomicLong();
  private final LongAdder refused = new LongAdder();
  private final List<com.sun.management.GarbageCollectorMXBean> fullCollectors = new ArrayList<>();
  /** The heap's pools: a collection's report also covers metaspace and code, which do not count. */
  private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(pool -> pool.getType() == MemoryType.HEAP)
      .map(MemoryPoolMXBean::getName)
      .collect(Collectors.toSet());

  Overload(long budget) {
    this.budget = budget;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      String name = gc.getName();
      // Collectors that empty the old generation: what they leave behind is the live heap.
      if (gc instanceof com.sun.management.GarbageCollectorMXBean full
          && (name.contains("Old") || name.contains("MarkSweep") || name.contains("Cycles"))) {
        fullCollectors.add(full);
      }
    }
  }

  /** The default budget: a quarter of the heap the JVM may use. */
  static long defaultBudget() {
    return Runtime.getRuntime().maxMemory() / 4;
  }

  /**
   * Reserves {@code bytes} for the call of {@code ctx} until its reply is sent, when they fit the
   * budget and the heap is not nearly full.
   *
   * @return whether the call may go on; when not, nothing was reserved
   */
  boolean tryAdmit(ServiceRequestContext ctx, long bytes) {
    if (heapNearlyFull() == null) {
      long now;
      do {
        now = inFlight.get();
        // One call always fits an idle server, whatever its size, so a large budget-sized request
        // is served rather than refused forever.
        if (now > 0 && now + bytes > budget) {
          refused.increment();
          return false;
        }
      } while (!inFlight.compareAndSet(now, now + bytes));
      ctx.log().whenComplete().thenRun(() -> inFlight.addAndGet(-bytes));
      return true;
    }
    refused.increment();
    return false;
  }

  /** Whether a gRPC call to {@code path} ingests: IngestEvent or IngestEventBatch of either service. */
  static boolean isIngest(String path) {
    return path.endsWith("/IngestEvent") || path.endsWith("/IngestEventBatch");
  }

  /** What a request holds of the budget: its declared length, or the most it may be. */
  static long admitted(long contentLength, int maxRequestBytes) {
    return contentLength >= 0 ? Math.min(contentLength, maxRequestBytes) : maxRequestBytes;
  }

  /**
   * {@code reply}, sent once the request's body has been read and dropped, chunk by chunk. A reply
   * sent before would make clients reset their streams (or, over HTTP/1.1, the server close the
   * connection), and a flood of resets ends an HTTP/2 connection, failing every call on it.
   */
  static HttpResponse afterDraining(HttpRequest req, Supplier<HttpResponse> reply) {
    return HttpResponse.of(req.mapData(data -> {
      data.close();
      return HttpData.empty();
    }).aggregate().handle((ignored, error) -> reply.get()));
  }

  /**
   * A gRPC reply of {@code refusal} without running the call: trailers only, with the status, its
   * message and the pushback.
   */
  static HttpResponse grpcRefusal(MediaType contentType, StatusException refusal) {
    Status status = refusal.getStatus();
    return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK)
        .contentType(contentType)
        .add("grpc-status", Integer.toString(status.getCode().value()))
        .add("grpc-message", grpcMessage(status.getDescription()))
        .add(PUSHBACK.name(), refusal.getTrailers().get(PUSHBACK))
        .build());
  }

  /** The {@code grpc-message} form of a description: UTF-8, percent-encoded outside printable ASCII. */
  private static String grpcMessage(String description) {
    StringBuilder out = new StringBuilder(description.length());
    for (byte b : description.getBytes(StandardCharsets.UTF_8)) {
      if (b >= 0x20 && b < 0x7f && b != '%') {
        out.append((char) b);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  /** Bytes of ingest requests between their arrival and their reply. */
  long inFlightBytes() {
    return inFlight.get();
  }

  /** Calls refused by {@link #tryAdmit}. */
  long refusedCalls() {
    return refused.sum();
  }

  /**
   * Why the heap is nearly full, or null when it is not: a collection of the old generation in the
   * last {@link #HEAP_READING_VALID} left more than {@link #HEAP_LIMIT} of the heap in use. An older
   * reading says nothing: had the heap stayed full, another such collection would have run since.
   */
  String heapNearlyFull() {
    long now = ManagementFactory.getRuntimeMXBean().getUptime();
    long max = Runtime.getRuntime().maxMemory();
    for (com.sun.management.GarbageCollectorMXBean gc : fullCollectors) {
      GcInfo last = gc.getLastGcInfo();
      if (last == null || now - last.getEndTime() > HEAP_READING_VALID.toMillis()) {
        continue;
      }
      long used = 0;
      for (Map.Entry<String, MemoryUsage> pool : last.getMemoryUsageAfterGc().entrySet()) {
        if (heapPools.contains(pool.getKey())) {
          used += pool.getValue().getUsed();
        }
      }
      if (used > HEAP_LIMIT * max) {
        return String.format("%d MiB of the heap's %d MiB stayed in use after garbage collection",
            used >> 20, max >> 20);
      }
    }
    return null;
  }

  /** The refusal of an ingest call: {@code RESOURCE_EXHAUSTED}, high memory usage, pushback. */
  static StatusException refusal(String why) {
    Metadata trailers = new Metadata();
    trailers.put(PUSHBACK, Integer.toString(RETRY_AFTER_SECONDS * 1000));
    return new StatusException(
        Status.RESOURCE_EXHAUSTED.withDescription(
            "high memory usage: " + why + "; nothing of this call was stored: retry in "
                + RETRY_AFTER_SECONDS + " s with the same event ids, or send smaller batches"),
        trailers);
  }

  /** Whether {@code trailers} ask the client to retry later: an overload refusal. */
  static boolean isRefusal(Metadata trailers) {
    return trailers != null && trailers.containsKey(PUSHBACK);
  }

  /** The refusal when the budget is spent or the heap nearly full. */
  StatusException refusal() {
    String heap = heapNearlyFull();
    return refusal(heap != null ? heap
        : "ingest requests in flight hold " + (inFlight.get() >> 20) + " MiB, this server's budget is "
            + (budget >> 20) + " MiB");
  }
}
