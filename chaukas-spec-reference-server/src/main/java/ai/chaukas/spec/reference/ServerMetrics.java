package ai.chaukas.spec.reference;

import ai.chaukas.spec.reference.internal.EventStore;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.util.AttributeKey;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * What {@code /metrics} shows, in the Prometheus text format: events and bytes ingested and
 * rejected, the latency of every call by protocol, method and outcome, and the store's commits
 * (latency, events per commit, writes waiting). One registry per server.
 */
final class ServerMetrics implements EventStore.CommitListener {

  /** Set on a call's context once {@link #grpcCalls()} has recorded it. */
  static final AttributeKey<Boolean> RECORDED = AttributeKey.valueOf(ServerMetrics.class, "RECORDED");

  /** Buckets up to a minute: enough for quantiles of calls and commits in Prometheus. */
  private static final Duration LONGEST = Duration.ofSeconds(60);

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter ingestedEvents = counter("chaukas.events.ingested", "events stored or accepted again (idempotent)");
  private final Counter rejectedEvents = counter("chaukas.events.rejected", "events refused: invalid, conflicting or not stored");
  private final Counter ingestedBytes = counter("chaukas.events.ingested.bytes", "bytes of the events counted by chaukas_events_ingested");
  private final Counter rejectedBytes = counter("chaukas.events.rejected.bytes", "bytes of the events counted by chaukas_events_rejected");
  private final Timer commits =
      Timer.builder("chaukas.store.commit")
          .description("time from a commit's start to its sync")
          .publishPercentileHistogram()
          .maximumExpectedValue(LONGEST)
          .register(registry);
  private final DistributionSummary commitEvents =
      DistributionSummary.builder("chaukas.store.commit.events")
          .description("events written by one commit (group commit: calls share commits)")
          .publishPercentileHistogram()
          .maximumExpectedValue(100_000.0)
          .register(registry);

  private final ConcurrentHashMap<String, Timer> calls = new ConcurrentHashMap<>();

  ServerMetrics() {
    // jvm_memory_used_bytes and the like: whether the heap stays bounded under load.
    new JvmMemoryMetrics().bindTo(registry);
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }

  /** Events of a call that were stored, or accepted again, with their size in bytes. */
  void ingested(long events, long bytes) {
    ingestedEvents.increment(events);
    ingestedBytes.increment(bytes);
  }

  /** Events of a call that were refused, with their size in bytes. */
  void rejected(long events, long bytes) {
    rejectedEvents.increment(events);
    rejectedBytes.increment(bytes);
  }

  /** One call, ended: {@code protocol} grpc or http, its method, its outcome (a status code). */
  void call(String protocol, String method, String outcome, long nanos) {
    // Looked up once per (protocol, method, outcome): building and registering is not for every call.
    calls.computeIfAbsent(protocol + ' ' + method + ' ' + outcome, key ->
            Timer.builder("chaukas.request")
                .description("time from a call's arrival to its reply")
                .tags("protocol", protocol, "method", method, "outcome", outcome)
                .publishPercentileHistogram()
                .maximumExpectedValue(LONGEST)
                .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Records every gRPC call that a service closes with {@link #call}, and marks it as recorded in
   * its Armeria context ({@link #RECORDED}); calls the transport ends itself are recorded by {@link
   * RunningServer} from the request log.
   */
  ServerInterceptor grpcCalls() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        long start = System.nanoTime();
        String method = call.getMethodDescriptor().getBareMethodName();
        ServiceRequestContext context = ServiceRequestContext.currentOrNull();
        return next.startCall(
            new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
              @Override
              public void close(Status status, Metadata trailers) {
                if (context != null) {
                  context.setAttr(RECORDED, Boolean.TRUE);
                }
                call("grpc", method, status.getCode().name(), System.nanoTime() - start);
                super.close(status, trailers);
              }
            },
            headers);
      }
    };
  }

  @Override
  public void committed(int events, long nanos) {
    commits.record(nanos, TimeUnit.NANOSECONDS);
    commitEvents.record(events);
  }

  /** Reports {@code depth} of {@code source} as the gauge of writes waiting for the store. */
  <T> void queueDepth(T source, ToDoubleFunction<T> depth) {
    Gauge.builder("chaukas.store.queue", source, depth)
        .description("events waiting for the store's next commit")
        .register(registry);
  }

  /** Reports the ingest budget's bytes in flight and its refusals. */
  void overload(Overload overload) {
    Gauge.builder("chaukas.ingest.pending.bytes", overload, Overload::inFlightBytes)
        .description("bytes of ingest requests between their arrival and their reply")
        .register(registry);
    FunctionCounter.builder("chaukas.ingest.refused", overload, Overload::refusedCalls)
        .description("ingest calls refused at once for high memory usage (RESOURCE_EXHAUSTED, HTTP 503)")
        .register(registry);
  }

  /** Everything, in the Prometheus text format. */
  String scrape() {
    return registry.scrape();
  }
}
