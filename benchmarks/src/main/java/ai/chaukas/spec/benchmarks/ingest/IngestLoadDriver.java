package ai.chaukas.spec.benchmarks.ingest;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.HealthzRequest;
import ai.chaukas.spec.server.v1.IngestEventBatchResponse;
import ai.chaukas.spec.server.v1.IngestEventResponse;
import ai.chaukas.spec.testing.internal.RawCalls;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Load driver for ingest over gRPC or HTTP: unary {@code IngestEvent} or {@code IngestEventBatch}
 * with a fixed number of calls in flight, for a fixed time, against any server on this machine.
 *
 * <p>Over HTTP ({@code --protocol http}) it posts the same serialized request messages to {@code
 * /v1/events/batch} (or {@code /v1/events}) as {@code application/x-protobuf} with {@code
 * Authorization: Bearer bench}, like the Python SDK, over HTTP/1.1 keep-alive connections, one per
 * call in flight; every reply must be 200 or 202 with the reply message in its body (its {@code accepted_count} is
 * what counts). {@code --http-client
 * socket} (the default) writes and reads HTTP/1.1 on plain blocking sockets, one thread per
 * connection; {@code --http-client jdk} uses {@code java.net.http.HttpClient} instead.
 *
 * <p>It sends the ~1.5 KB benchmark event ({@code SampleEvents.llmInvocation()}), every event
 * with its own {@code event_id}, from requests serialized before the clock starts (see {@link
 * RequestTemplate}). After a warmup it measures for a fixed window: events accepted in OK replies
 * per second and, given the server's pid, the server's CPU time per event over the same window.
 * It prints one line starting with {@code RESULT} with {@code key=value} fields (and, with {@code
 * --thread-breakdown}, {@code THREADS} lines); everything else goes to standard error. Run it
 * pinned to other cores than the server ({@code benchmarks/ingest/run.sh} does), or the figures mix.
 *
 * <ul>
 *   <li>{@code events}, {@code events_per_s}: events accepted by OK replies completed in the window
 *       ({@code accepted_count} of server-service replies; every event of an OK client-service
 *       reply, which is empty);
 *   <li>{@code server_cpu_us_per_event}, {@code server_cpu_pct}: the server's utime + stime over
 *       the window, per event and as a share of one core;
 *   <li>{@code p50_ms}, {@code p99_ms}, {@code max_ms}: latency of the calls completed in the window,
 *       from handing the request to the transport to having the whole reply (log-linear histogram,
 *       within 0.2%);
 *   <li>{@code driver_cpu_pct}: this process's CPU; near 100 the driver, not the server, limits;
 *   <li>{@code others_cpu_pct}: CPU the rest of the machine used meanwhile; high means disturbed;
 *   <li>{@code errors}: failed calls over the whole run (warmup included), by code on stderr;
 *       {@code rejected}: events the server did not accept in OK replies.
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar ai.chaukas.spec.benchmarks.ingest.IngestLoadDriver \
 *     --target 127.0.0.1:50051 --mode batch --batch-size 100 --concurrency 4 \
 *     --duration-seconds 10 --warmup-seconds 3 --server-pid 12345
 * </pre>
 */
public final class IngestLoadDriver {

  private static final String USAGE =
      String.join(
          "\n",
          "usage: IngestLoadDriver --target HOST:PORT [options]",
          "  --target HOST:PORT        server to load (loopback only: 127.0.0.1, ::1 or localhost)",
          "  --protocol grpc|http      gRPC, or HTTP POST /v1/events[/batch] with x-protobuf (default grpc)",
          "  --http-client socket|jdk  HTTP/1.1 on plain sockets or java.net.http.HttpClient (default socket)",
          "  --service server|client   gRPC service name to call (default server:",
          "                            chaukas.spec.server.v1.ChaukasServerService)",
          "  --mode unary|batch        IngestEvent or IngestEventBatch (default batch)",
          "  --batch-size N            events per IngestEventBatch call (default 100)",
          "  --concurrency C           calls in flight (default 4)",
          "  --duration-seconds S      measured window (default 10)",
          "  --warmup-seconds W        load before the window, not counted (default 3)",
          "  --server-pid PID          server process, for its CPU time from /proc (optional)",
          "  --thread-breakdown        also print the server's CPU per thread name",
          "  --label NAME              name printed in the RESULT line (default: the target)",
          "  --deadline-seconds D      deadline of each call (default 60)");

  private static final long DRAIN_SECONDS = 30;
  private static final int MAX_ERRORS_PRINTED = 5;

  private IngestLoadDriver() {}

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    System.exit(run(options));
  }

  private static int run(Options o) throws Exception {
    int runNonce = new SecureRandom().nextInt();
    RequestTemplate template =
        o.batch ? RequestTemplate.batch(o.batchSize, runNonce) : RequestTemplate.unary(runNonce);
    template.check(template.next());
    ProcessCpu serverCpu = o.serverPid > 0 ? new ProcessCpu(o.serverPid) : null;
    MethodDescriptor<byte[], byte[]> method = ingestMethod(o.service, o.batch);
    System.err.printf(
        Locale.ROOT,
        "%s: %s, %d event(s) of the ~1.5 KB benchmark event per call, %d bytes per request, %d in flight%n",
        o.label,
        o.http ? "POST " + httpPath(o) + " (" + o.httpClient + ")" : method.getFullMethodName(),
        template.eventsPerRequest(),
        template.requestBytes(),
        o.concurrency);

    if (o.http) {
      awaitHttpHealthy(o);
      Load load = new Load(null, null, template, o);
      Window window = load.run(serverCpu);
      printResult(o, template, window, load);
      return load.errors.sum() == 0 && load.drained ? 0 : 1;
    }
    ManagedChannel channel =
        ManagedChannelBuilder.forTarget(o.target)
            .usePlaintext()
            // Callbacks only count and start the slot's next call: run them on the transport thread.
            .directExecutor()
            .maxInboundMessageSize(64 << 20)
            .build();
    try {
      awaitHealthy(channel, o);
      Load load = new Load(channel, method, template, o);
      Window window = load.run(serverCpu);
      printResult(o, template, window, load);
      return load.errors.sum() == 0 && load.drained ? 0 : 1;
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** An ingest reply's HTTP status: 200, or 202 (Accepted), which the reference server's HttpApi sends. */
  private static boolean acceptedStatus(int status) {
    return status == 200 || status == 202;
  }

  private static String httpPath(Options o) {
    return o.batch ? "/v1/events/batch" : "/v1/events";
  }

  /** Waits up to 30 s for {@code GET /healthz} to answer 200. */
  private static void awaitHttpHealthy(Options o) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + o.target + "/healthz")).timeout(Duration.ofSeconds(5)).GET().build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
        last = "status " + response.statusCode();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("GET http://" + o.target + "/healthz failed for 30 s: " + last);
  }

  /** Waits up to 30 s for the server's Healthz under the chosen service name. */
  private static void awaitHealthy(ManagedChannel channel, Options o) {
    try {
      if (o.service.equals("server")) {
        ChaukasServerServiceGrpc.newBlockingStub(channel)
            .withWaitForReady()
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .healthz(HealthzRequest.getDefaultInstance());
      } else {
        ChaukasClientServiceGrpc.newBlockingStub(channel)
            .withWaitForReady()
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .healthz(ai.chaukas.spec.client.v1.HealthzRequest.getDefaultInstance());
      }
    } catch (StatusRuntimeException e) {
      throw new IllegalStateException(
          "Healthz on " + o.target + " (service " + o.service + ") failed: " + e.getStatus()
              + "; is the server up, and does it serve that service name?", e);
    }
  }

  /** The generated method's name and type, with requests and replies passed as bytes. */
  private static MethodDescriptor<byte[], byte[]> ingestMethod(String service, boolean batch) {
    MethodDescriptor<?, ?> generated;
    if (service.equals("server")) {
      generated = batch ? ChaukasServerServiceGrpc.getIngestEventBatchMethod() : ChaukasServerServiceGrpc.getIngestEventMethod();
    } else {
      generated = batch ? ChaukasClientServiceGrpc.getIngestEventBatchMethod() : ChaukasClientServiceGrpc.getIngestEventMethod();
    }
    return RawCalls.withBytes(generated);
  }

  private static void printResult(Options o, RequestTemplate template, Window w, Load load) {
    double seconds = w.nanos / 1e9;
    long events = w.events;
    StringBuilder line = new StringBuilder("RESULT");
    field(line, "label", o.label);
    field(line, "target", o.target);
    field(line, "service", o.service);
    field(line, "protocol", o.http ? "http" : "grpc");
    field(line, "mode", o.batch ? "batch" : "unary");
    field(line, "batch", Integer.toString(template.eventsPerRequest()));
    field(line, "conc", Integer.toString(o.concurrency));
    field(line, "seconds", fmt(seconds, 2));
    field(line, "calls", Long.toString(w.calls));
    field(line, "events", Long.toString(events));
    field(line, "events_per_s", fmt(events / seconds, 0));
    field(line, "p50_ms", w.latency.count() == 0 ? "na" : fmt(w.latency.percentileMicros(50) / 1e3, 2));
    field(line, "p99_ms", w.latency.count() == 0 ? "na" : fmt(w.latency.percentileMicros(99) / 1e3, 2));
    field(line, "max_ms", w.latency.count() == 0 ? "na" : fmt(w.latency.maxMicros() / 1e3, 2));
    if (w.serverCpuMicros >= 0) {
      field(line, "server_cpu_us_per_event", events == 0 ? "na" : fmt((double) w.serverCpuMicros / events, 2));
      field(line, "server_cpu_pct", fmt(100.0 * w.serverCpuMicros / (w.nanos / 1e3), 1));
    } else {
      field(line, "server_cpu_us_per_event", "na");
      field(line, "server_cpu_pct", "na");
    }
    field(line, "driver_cpu_pct", fmt(100.0 * w.driverCpuNanos / w.nanos, 1));
    if (w.serverCpuMicros >= 0) {
      // CPU that neither the server nor the driver used: other processes competing for the cores.
      long othersMicros = w.machineCpuMicros - w.serverCpuMicros - w.driverCpuNanos / 1000;
      field(line, "others_cpu_pct", fmt(Math.max(0, 100.0 * othersMicros / (w.nanos / 1e3)), 1));
    }
    field(line, "errors", Long.toString(load.errors.sum()));
    field(line, "rejected", Long.toString(load.rejected.sum()));
    System.out.println(line);
    if (!load.errorCounts.isEmpty()) {
      System.err.println(o.label + ": errors by status code: " + load.errorCounts);
    }
    if (load.rejected.sum() > 0) {
      System.err.println(o.label + ": the server rejected events; its figures do not measure storing them");
    }
    if (!load.drained) {
      System.err.println(o.label + ": calls were still in flight " + DRAIN_SECONDS + " s after the window");
    }
    if (o.threadBreakdown && w.serverThreads != null && events > 0) {
      List<Map.Entry<String, Long>> rows = new ArrayList<>(w.serverThreads.entrySet());
      rows.sort(Map.Entry.<String, Long>comparingByValue().reversed());
      long listed = 0;
      for (Map.Entry<String, Long> row : rows) {
        if (row.getValue() <= 0) {
          continue;
        }
        listed += row.getValue();
        System.out.printf(
            Locale.ROOT,
            "THREADS label=%s thread=\"%s\" cpu_us_per_event=%s share_pct=%s%n",
            o.label, row.getKey(), fmt((double) row.getValue() / events, 2),
            fmt(100.0 * row.getValue() / Math.max(1, w.serverCpuMicros), 1));
      }
      long exited = w.serverCpuMicros - listed;
      if (exited > 0) {
        System.out.printf(
            Locale.ROOT,
            "THREADS label=%s thread=\"(exited threads, rounding)\" cpu_us_per_event=%s share_pct=%s%n",
            o.label, fmt((double) exited / events, 2), fmt(100.0 * exited / w.serverCpuMicros, 1));
      }
    }
  }

  private static void field(StringBuilder line, String key, String value) {
    line.append(' ').append(key).append('=').append(value.replace(' ', '_'));
  }

  private static String fmt(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** Figures of the measured window. */
  private static final class Window {
    long nanos;
    long calls;
    long events;
    long serverCpuMicros = -1;
    long driverCpuNanos;
    long machineCpuMicros;
    Map<String, Long> serverThreads;
    Latency latency;
  }

  /**
   * Latencies in microseconds, HdrHistogram-like: exact below 1024 µs, then 512 linear buckets per
   * power of two (within 0.2%). Thread-safe, fixed size, no allocation per call.
   */
  static final class Latency {
    private static final int SUB_BITS = 9;
    private static final int SUB = 1 << SUB_BITS; // 512
    private static final int LINEAR = 2 * SUB; // values below 1024 are exact
    private final AtomicLongArray counts = new AtomicLongArray(LINEAR + 45 * SUB);
    private final LongAdder total = new LongAdder();
    private final java.util.concurrent.atomic.AtomicLong max = new java.util.concurrent.atomic.AtomicLong();

    void recordNanos(long nanos) {
      long micros = Math.max(0, nanos / 1000);
      counts.incrementAndGet(index(micros));
      total.increment();
      max.accumulateAndGet(micros, Math::max);
    }

    long count() {
      return total.sum();
    }

    long maxMicros() {
      return max.get();
    }

    /** The smallest bucket value at or below which {@code percent} of the calls lie. */
    long percentileMicros(double percent) {
      long n = total.sum();
      long rank = Math.max(1, (long) Math.ceil(n * percent / 100.0));
      long seen = 0;
      for (int i = 0; i < counts.length(); i++) {
        seen += counts.get(i);
        if (seen >= rank) {
          return Math.min(upperValue(i), max.get());
        }
      }
      return max.get();
    }

    private static int index(long v) {
      if (v < LINEAR) {
        return (int) v;
      }
      int shift = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS; // >= 1
      int sub = (int) (v >>> shift); // in [512, 1024)
      return Math.min(LINEAR + (shift - 1) * SUB + (sub - SUB), LINEAR + 45 * SUB - 1);
    }

    private static long upperValue(int index) {
      if (index < LINEAR) {
        return index;
      }
      int shift = (index - LINEAR) / SUB + 1;
      long sub = (index - LINEAR) % SUB + SUB;
      return ((sub + 1) << shift) - 1;
    }
  }

  /**
   * The calls: a closed loop of {@code concurrency} slots. Each slot starts its next call from the
   * completion of the previous one (on the transport thread), so exactly that many calls are in
   * flight until the window ends, with no hand-off to another thread in between.
   */
  private static final class Load {
    private static final int WARMUP = 0;
    private static final int MEASURE = 1;
    private static final int DONE = 2;
    /** A slot whose call failed waits this long before its next call, so a dead server is not hammered. */
    private static final long ERROR_PAUSE_MILLIS = 10;

    private final ManagedChannel channel;
    private final MethodDescriptor<byte[], byte[]> method;
    private final RequestTemplate template;
    private final Options options;
    private final ScheduledExecutorService pauses;
    private volatile int phase = WARMUP;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder measuredCalls = new LongAdder();
    private final LongAdder measuredEvents = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final Map<String, Long> errorCounts = new ConcurrentHashMap<>();
    private final AtomicInteger errorsPrinted = new AtomicInteger();
    final Latency latency = new Latency();
    private HttpClient httpClient;
    private URI httpUri;
    boolean drained;

    Load(ManagedChannel channel, MethodDescriptor<byte[], byte[]> method, RequestTemplate template, Options options) {
      this.channel = channel;
      this.method = method;
      this.template = template;
      this.options = options;
      this.pauses =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "error-pause");
                t.setDaemon(true);
                return t;
              });
    }

    Window run(ProcessCpu serverCpu) throws IOException, InterruptedException {
      var driverCpu = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long measureStart = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.warmupSeconds);
      long measureEnd = measureStart + TimeUnit.SECONDS.toNanos(options.durationSeconds);
      Window w = new Window();
      inFlight.set(options.concurrency);
      if (!options.http) {
        for (int i = 0; i < options.concurrency; i++) {
          send();
        }
      } else if (options.httpClient.equals("jdk")) {
        httpUri = URI.create("http://" + options.target + httpPath(options));
        httpClient =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(
                    Executors.newFixedThreadPool(
                        2,
                        r -> {
                          Thread t = new Thread(r, "http-client");
                          t.setDaemon(true);
                          return t;
                        }))
                .build();
        for (int i = 0; i < options.concurrency; i++) {
          sendJdk();
        }
      } else {
        for (int i = 0; i < options.concurrency; i++) {
          Thread t = new Thread(this::socketSlot, "http-slot-" + i);
          t.setDaemon(true);
          t.start();
        }
      }

      sleepUntil(measureStart);
      long serverCpuStart = 0;
      Map<String, Long> threadsStart = null;
      if (serverCpu != null) {
        serverCpuStart = serverCpu.totalMicros();
        threadsStart = options.threadBreakdown ? serverCpu.microsByThreadName() : null;
      }
      long driverCpuStart = driverCpu.getProcessCpuTime();
      long machineCpuStart = ProcessCpu.machineMicros();
      long windowStart = System.nanoTime();
      phase = MEASURE;

      sleepUntil(measureEnd);
      phase = DONE;
      w.nanos = System.nanoTime() - windowStart;
      w.calls = measuredCalls.sum();
      w.events = measuredEvents.sum();
      w.latency = latency;
      if (serverCpu != null) {
        w.serverCpuMicros = serverCpu.totalMicros() - serverCpuStart;
        if (threadsStart != null) {
          w.serverThreads = difference(serverCpu.microsByThreadName(), threadsStart);
        }
      }
      w.driverCpuNanos = driverCpu.getProcessCpuTime() - driverCpuStart;
      w.machineCpuMicros = ProcessCpu.machineMicros() - machineCpuStart;

      long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
      while (inFlight.get() > 0 && System.nanoTime() < drainDeadline) {
        Thread.sleep(5);
      }
      drained = inFlight.get() == 0;
      pauses.shutdownNow();
      return w;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
      long left;
      while ((left = nanoTime - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.sleep(left);
      }
    }

    /** Starts the next call of a slot, or retires the slot once the window has ended. */
    private void send() {
      if (phase == DONE) {
        inFlight.decrementAndGet();
        return;
      }
      byte[] request = nextRequest();
      long start = System.nanoTime();
      ClientCalls.asyncUnaryCall(
          channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(options.deadlineSeconds, TimeUnit.SECONDS)),
          request,
          new StreamObserver<byte[]>() {
            private byte[] reply;

            @Override
            public void onNext(byte[] value) {
              reply = value;
            }

            @Override
            public void onError(Throwable t) {
              Status status = Status.fromThrowable(t);
              failed(status.getCode().name(), status.toString());
              pauseThen(Load.this::send);
            }

            @Override
            public void onCompleted() {
              completed(start, reply);
              send();
            }
          });
    }

    private byte[] nextRequest() {
      synchronized (template) {
        return template.next();
      }
    }

    /** Counts an OK reply: its accepted events and, in the window, the call and its latency. */
    private void completed(long startNanos, byte[] reply) {
      long end = System.nanoTime();
      long accepted = accepted(reply);
      rejected.add(template.eventsPerRequest() - accepted);
      if (phase == MEASURE) {
        measuredCalls.increment();
        measuredEvents.add(accepted);
        latency.recordNanos(end - startNanos);
      }
    }

    private void failed(String code, String message) {
      errors.increment();
      errorCounts.merge(code, 1L, Long::sum);
      if (errorsPrinted.getAndIncrement() < MAX_ERRORS_PRINTED) {
        System.err.println(options.label + ": call failed: " + message);
      }
    }

    private void pauseThen(Runnable next) {
      try {
        pauses.schedule(next, ERROR_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException shutDown) {
        inFlight.decrementAndGet();
      }
    }

    /** The next call of a slot over java.net.http.HttpClient, completing on the client's executor. */
    private void sendJdk() {
      if (phase == DONE) {
        inFlight.decrementAndGet();
        return;
      }
      HttpRequest request =
          HttpRequest.newBuilder(httpUri)
              .timeout(Duration.ofSeconds(options.deadlineSeconds))
              .header("Content-Type", "application/x-protobuf")
              .header("Authorization", "Bearer bench")
              .POST(HttpRequest.BodyPublishers.ofByteArray(nextRequest()))
              .build();
      long start = System.nanoTime();
      httpClient
          .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
          .whenComplete(
              (response, t) -> {
                if (t != null) {
                  failed("IO", t.toString());
                  pauseThen(this::sendJdk);
                } else if (!acceptedStatus(response.statusCode())) {
                  failed("HTTP_" + response.statusCode(), "HTTP " + response.statusCode() + ": "
                      + new String(response.body(), 0, Math.min(200, response.body().length), StandardCharsets.UTF_8));
                  pauseThen(this::sendJdk);
                } else {
                  completed(start, response.body());
                  sendJdk();
                }
              });
    }

    /**
     * One slot over a plain socket: HTTP/1.1 keep-alive, the request written and its reply read
     * on this thread, reconnecting when the server closes the connection or a call fails.
     */
    private void socketSlot() {
      String path = httpPath(options);
      String hostPort = options.target;
      int colon = hostPort.lastIndexOf(':');
      String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      HttpConnection connection = null;
      try {
        while (phase != DONE) {
          byte[] request = nextRequest();
          long start = System.nanoTime();
          try {
            if (connection == null) {
              connection = new HttpConnection(host, port, options.deadlineSeconds);
            }
            HttpConnection.Reply reply = connection.post(path, hostPort, request);
            if (reply.close) {
              connection.close();
              connection = null;
            }
            if (!acceptedStatus(reply.status)) {
              failed("HTTP_" + reply.status, "HTTP " + reply.status + ": "
                  + new String(reply.body, 0, Math.min(200, reply.body.length), StandardCharsets.UTF_8));
              Thread.sleep(ERROR_PAUSE_MILLIS);
              continue;
            }
            completed(start, reply.body);
          } catch (IOException e) {
            failed("IO", e.toString());
            if (connection != null) {
              connection.close();
              connection = null;
            }
            Thread.sleep(ERROR_PAUSE_MILLIS);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        if (connection != null) {
          connection.close();
        }
        inFlight.decrementAndGet();
      }
    }

    /**
     * Events the reply accepts. Server-service replies say so (accepted_count; an IngestEvent reply
     * names the event); client-service replies are empty, so there an OK reply accepts them all.
     */
    private long accepted(byte[] reply) {
      if (options.service.equals("client")) {
        return template.eventsPerRequest();
      }
      try {
        if (options.batch) {
          return IngestEventBatchResponse.parseFrom(reply).getAcceptedCount();
        }
        return IngestEventResponse.parseFrom(reply).getEventId().isEmpty() ? 0 : 1;
      } catch (InvalidProtocolBufferException e) {
        errors.increment();
        errorCounts.merge("UNPARSABLE_REPLY", 1L, Long::sum);
        return 0;
      }
    }

    private static Map<String, Long> difference(Map<String, Long> end, Map<String, Long> start) {
      Map<String, Long> diff = new HashMap<>();
      end.forEach((name, micros) -> diff.put(name, micros - start.getOrDefault(name, 0L)));
      return diff;
    }
  }

  /** A minimal HTTP/1.1 client connection: POST with a body, reply by Content-Length or chunked. */
  static final class HttpConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    record Reply(int status, byte[] body, boolean close) {}

    HttpConnection(String host, int port, long timeoutSeconds) throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), 5000);
      socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(timeoutSeconds));
      in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    Reply post(String path, String hostHeader, byte[] body) throws IOException {
      String head =
          "POST " + path + " HTTP/1.1\r\nHost: " + hostHeader
              + "\r\nContent-Type: application/x-protobuf\r\nAuthorization: Bearer bench\r\nContent-Length: "
              + body.length + "\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      String statusLine = line();
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
        throw new IOException("bad status line: " + statusLine);
      }
      int status = Integer.parseInt(parts[1]);
      long length = -1;
      boolean chunked = false;
      boolean close = parts[0].equals("HTTP/1.0");
      String header;
      while (!(header = line()).isEmpty()) {
        int colon = header.indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "connection" -> close = value.equalsIgnoreCase("close");
          default -> {}
        }
      }
      byte[] reply;
      if (chunked) {
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        while (true) {
          String size = line();
          int semi = size.indexOf(';');
          int n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
          if (n == 0) {
            while (!line().isEmpty()) {
              // trailers
            }
            break;
          }
          buffer.write(in.readNBytes(n));
          line();
        }
        reply = buffer.toByteArray();
      } else if (length >= 0) {
        reply = in.readNBytes((int) length);
        if (reply.length != length) {
          throw new EOFException("reply body cut short");
        }
      } else {
        reply = in.readAllBytes();
        close = true;
      }
      return new Reply(status, reply, close);
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder();
      int c;
      while ((c = in.read()) != -1) {
        if (c == '\n') {
          int n = sb.length();
          return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
        }
        sb.append((char) c);
      }
      throw new EOFException("connection closed by the server");
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  /** Command line options. */
  private static final class Options {
    String target;
    boolean http;
    String httpClient = "socket";
    String service = "server";
    boolean batch = true;
    int batchSize = 100;
    int concurrency = 4;
    long durationSeconds = 10;
    long warmupSeconds = 3;
    long serverPid;
    boolean threadBreakdown;
    String label;
    long deadlineSeconds = 60;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        String value = null;
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 0) {
          value = arg.substring(eq + 1);
          arg = arg.substring(0, eq);
        }
        if (arg.equals("--thread-breakdown")) {
          o.threadBreakdown = true;
          continue;
        }
        if (arg.equals("--help") || arg.equals("-h")) {
          throw new IllegalArgumentException("IngestLoadDriver: ingest load over gRPC or HTTP");
        }
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("missing value for " + arg);
          }
          value = args[++i];
        }
        switch (arg) {
          case "--target":
            o.target = value;
            break;
          case "--protocol":
            o.http = oneOf(arg, value, "grpc", "http").equals("http");
            break;
          case "--http-client":
            o.httpClient = oneOf(arg, value, "socket", "jdk");
            break;
          case "--service":
            o.service = oneOf(arg, value, "server", "client");
            break;
          case "--mode":
            o.batch = oneOf(arg, value, "unary", "batch").equals("batch");
            break;
          case "--batch-size":
            o.batchSize = positive(arg, value);
            break;
          case "--concurrency":
            o.concurrency = positive(arg, value);
            break;
          case "--duration-seconds":
            o.durationSeconds = positive(arg, value);
            break;
          case "--warmup-seconds":
            o.warmupSeconds = value.equals("0") ? 0 : positive(arg, value);
            break;
          case "--server-pid":
            o.serverPid = positive(arg, value);
            break;
          case "--label":
            o.label = value;
            break;
          case "--deadline-seconds":
            o.deadlineSeconds = positive(arg, value);
            break;
          default:
            throw new IllegalArgumentException("unknown option " + arg);
        }
      }
      if (o.target == null) {
        throw new IllegalArgumentException("--target is required");
      }
      String host = o.target.startsWith("[") ? o.target.substring(0, o.target.indexOf(']') + 1)
          : o.target.substring(0, Math.max(0, o.target.lastIndexOf(':')));
      if (!List.of("127.0.0.1", "localhost", "[::1]").contains(host)) {
        throw new IllegalArgumentException("--target must be on this machine (127.0.0.1:PORT), not " + o.target);
      }
      if (o.label == null) {
        o.label = o.target;
      }
      return o;
    }

    private static String oneOf(String option, String value, String... allowed) {
      for (String a : allowed) {
        if (a.equals(value)) {
          return a;
        }
      }
      throw new IllegalArgumentException(option + " must be one of " + String.join("|", allowed) + ", not " + value);
    }

    private static int positive(String option, String value) {
      int n;
      try {
        n = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " needs a number, not " + value);
      }
      if (n <= 0) {
        throw new IllegalArgumentException(option + " must be positive, not " + value);
      }
      return n;
    }
  }
}
