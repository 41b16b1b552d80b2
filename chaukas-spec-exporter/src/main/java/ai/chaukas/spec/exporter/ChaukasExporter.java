package ai.chaukas.spec.exporter;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.exporter.internal.Engine;
import ai.chaukas.spec.exporter.internal.FileTransport;
import ai.chaukas.spec.exporter.internal.GrpcTransport;
import ai.chaukas.spec.exporter.internal.HttpTransport;
import ai.chaukas.spec.exporter.internal.Pending;
import ai.chaukas.spec.exporter.internal.Spool;
import ai.chaukas.spec.exporter.internal.Transport;
import ai.chaukas.spec.toolkit.integrity.CanonicalFormException;
import ai.chaukas.spec.toolkit.integrity.ChainKey;
import ai.chaukas.spec.toolkit.integrity.HashChain;
import com.google.protobuf.CodedOutputStream;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Sends events to a Chaukas platform from an agent: {@link #export} queues an event and returns at
 * once; a daemon thread sends queued events in batches, closed by count, by request bytes or by a
 * delay, over gRPC ({@code chaukas.spec.client.v1.ChaukasClientService}) or the Python SDK's HTTP
 * protocol, and retries transient failures with backoff while honouring the platform's pushback.
 * Retries send the same {@code event_id}s and {@code batch_id}, so the platform's idempotency
 * (ING-5) stores each event once.
 *
 * <pre>{@code
 * ChaukasExporter exporter = ChaukasExporter.builder()
 *     .http(URI.create("https://chaukas.example.com/api/v1"))
 *     .apiKey(System.getenv("CHAUKAS_API_KEY"))
 *     .build();
 * exporter.export(event);          // never blocks (unless the policy is BLOCK)
 * exporter.close();                // sends what is queued, within closeTimeout
 * }</pre>
 *
 * <p>Thread-safe: call {@link #export} from any thread. Its threads are daemons and all end at
 * {@link #close()}. What happens to each event is counted ({@link #stats()}) and told to the
 * {@link ExportListener}.
 *
 * @since 1.0.5
 */
public final class ChaukasExporter implements AutoCloseable {

  /** The {@code User-Agent} of HTTP requests. */
  public static final String USER_AGENT = "chaukas-spec-exporter-java/1.0.5";

  private final Engine engine;
  private final Spool spool;
  private final Thread recovery;
  private final long maxRequestBytes;
  private final Duration closeTimeout;
  /** With {@link Builder#chain}: links events in export order; guarded by itself. */
  private final HashChain.Linker linker;
  /** The chains {@link #linker} holds, least recently used first; guarded by {@link #linker}. */
  private final LinkedHashMap<ChainKey, Boolean> chains;
  private final int maxChains;
  private volatile boolean closed;

  private ChaukasExporter(Builder builder, Transport transport, Spool spool) {
    this.maxRequestBytes = builder.maxRequestBytes;
    this.closeTimeout = builder.closeTimeout;
    this.spool = spool;
    this.linker = builder.chain ? HashChain.linker() : null;
    this.chains = builder.chain ? new LinkedHashMap<>(16, 0.75f, true) : null;
    this.maxChains = builder.maxChains;
    this.engine = new Engine(
        new Engine.Settings(builder.maxQueueSize, builder.maxBatchSize, builder.maxRequestBytes,
            builder.scheduleDelay, builder.queueFullPolicy, builder.blockTimeout,
            builder.exportTimeout, builder.maxConcurrentExports, builder.initialBackoff,
            builder.maxBackoff, builder.retryBudget),
        transport, builder.listener,
        spool == null ? id -> { } : spool::acknowledge,
        spool == null ? () -> 0 : spool::sizeBytes);
    this.recovery = spool == null || spool.recovered().isEmpty() ? null : startRecovery(spool);
  }

  /** Sends what an earlier exporter left in the spool, before and between new events. */
  private Thread startRecovery(Spool spool) {
    List<Spool.Record> records = spool.recovered();
    Thread thread = new Thread(() -> {
      for (Spool.Record record : records) {
        try {
          if (!engine.offerRecovered(Pending.recovered(record.bytes(), record.id()))) {
            return;
          }
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
          // Not an event (the spool's checksums passed, so it was written so): never sendable.
          spool.acknowledge(record.id());
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "chaukas-exporter-recovery");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** A builder with every default; choose a destination with {@code grpc…} or {@code http}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Hands {@code event} over for sending. Returns true when it was queued; false when the queue
   * was full and the policy dropped it, or the exporter is closed (both counted).
   *
   * @throws IllegalArgumentException if the event alone makes a request larger than {@link
   *     Builder#maxRequestBytes}: no platform would ever take it, so it is never sent
   */
  public boolean export(Event event) {
    Objects.requireNonNull(event, "event");
    if (linker != null) {
      event = link(event);
    }
    int size = event.getSerializedSize();
    long request = CodedOutputStream.computeTagSize(1)
        + CodedOutputStream.computeUInt32SizeNoTag(size) + (long) size;
    if (request > maxRequestBytes) {
      throw new IllegalArgumentException("event " + event.getEventId() + " is " + size
          + " bytes, more than a request may hold (maxRequestBytes " + maxRequestBytes
          + "); the platform would refuse it every time: make its content smaller");
    }
    if (spool == null) {
      return engine.offer(new Pending(event, null, -1));
    }
    if (closed) {
      engine.refused(DropReason.SHUTDOWN);
      return false;
    }
    byte[] bytes = event.toByteArray();
    long id;
    try {
      id = spool.append(bytes);
    } catch (Spool.SpoolFullException e) {
      engine.refused(DropReason.SPOOL_FULL);
      return false;
    } catch (IOException | IllegalStateException e) {
      engine.refused(closed ? DropReason.SHUTDOWN : DropReason.SPOOL_FAILED);
      return false;
    }
    return engine.offer(new Pending(event, bytes, id));
  }

  /**
   * {@code event} linked into its chain: {@code hash_prev} and {@code content_hash} set in export
   * order. A chain is forgotten at its session's end, or when more than {@code maxChains} chains
   * are held (least recently used first); a later event of it starts it afresh.
   */
  private Event link(Event event) {
    synchronized (linker) {
      Event linked;
      try {
        linked = linker.append(event);
      } catch (CanonicalFormException e) {
        throw new IllegalArgumentException("event " + event.getEventId()
            + " cannot be chained: it has no canonical form (" + e.getMessage() + ")", e);
      }
      ChainKey key = ChainKey.of(linked);
      if (linked.getType() == EventType.EVENT_TYPE_SESSION_END) {
        linker.forget(key);
        chains.remove(key);
      } else {
        chains.put(key, Boolean.TRUE);
        if (chains.size() > maxChains) {
          ChainKey eldest = chains.keySet().iterator().next();
          chains.remove(eldest);
          linker.forget(eldest);
        }
      }
      return linked;
    }
  }

  /**
   * Hands each event over, in order, as {@link #export(Event)} does; returns how many were queued.
   *
   * @throws IllegalArgumentException if an event is too large; the events before it are queued
   */
  public int exportAll(Collection<Event> events) {
    int queued = 0;
    for (Event event : events) {
      if (export(event)) {
        queued++;
      }
    }
    return queued;
  }

  /**
   * Sends everything exported before this call at once and waits until each event is settled
   * (acknowledged, rejected or dropped). Returns false when {@code timeout} passed first; sending
   * goes on.
   */
  public boolean flush(Duration timeout) {
    try {
      return engine.flush(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Counts so far. */
  public ExporterStats stats() {
    return engine.stats();
  }

  /**
   * Stops taking events, sends what is queued within {@link Builder#closeTimeout}, and ends every
   * thread of the exporter; events still unsent then are dropped ({@link DropReason#SHUTDOWN}).
   * A channel given to {@link Builder#grpc(Channel)} stays open. Calling it again does nothing.
   */
  @Override
  public void close() {
    close(closeTimeout);
  }

  /** {@link #close()} with this timeout; false when it cut sending short. */
  public boolean close(Duration timeout) {
    synchronized (this) {
      if (closed) {
        return true;
      }
      closed = true;
    }
    boolean sent;
    try {
      sent = engine.close(timeout);
      if (recovery != null) {
        recovery.interrupt();
        recovery.join(TimeUnit.SECONDS.toMillis(5));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sent = false;
    }
    if (spool != null) {
      try {
        spool.close();
      } catch (IOException e) {
        // What was not acknowledged is on disk already; a spool that cannot close loses nothing.
      }
    }
    return sent;
  }

  /**
   * Options of a {@link ChaukasExporter}. Every option but the destination has a default, chosen
   * next to OpenTelemetry's {@code BatchSpanProcessor} and OTLP exporter (see the README's table).
   * Not thread-safe.
   */
  public static final class Builder {
    private Channel channel;
    private String target;
    private boolean plaintext;
    private URI httpEndpoint;
    private String apiKey;
    private int maxQueueSize = 2048;
    private int maxBatchSize = 512;
    private long maxRequestBytes = 4L * 1024 * 1024;
    private Duration scheduleDelay = Duration.ofSeconds(1);
    private QueueFullPolicy queueFullPolicy = QueueFullPolicy.DROP_NEWEST;
    private Duration blockTimeout = Duration.ofSeconds(1);
    private Duration exportTimeout = Duration.ofSeconds(10);
    private int maxConcurrentExports = 4;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofSeconds(10);
    private Duration retryBudget = Duration.ofMinutes(2);
    private Duration closeTimeout = Duration.ofSeconds(10);
    private ExportListener listener = new ExportListener() { };
    private Path file;
    private long fileMaxBytes = 64L * 1024 * 1024;
    private int fileKeep = 5;
    private boolean fileSyncEachBatch = true;
    private boolean chain;
    private int maxChains = 100_000;
    private Path spoolDirectory;
    private SpoolMode spoolMode;
    private long spoolMaxBytes = 256L * 1024 * 1024;
    private Duration spoolSyncInterval = Duration.ofSeconds(1);

    private Builder() {}

    /**
     * Sends over gRPC on {@code channel}, which the caller owns and closes. It needs a gRPC
     * transport, e.g. {@code io.grpc:grpc-netty-shaded}.
     */
    public Builder grpc(Channel channel) {
      this.channel = Objects.requireNonNull(channel, "channel");
      this.target = null;
      this.httpEndpoint = null;
      this.file = null;
      return this;
    }

    /**
     * Sends over gRPC to {@code target} ({@code host:port}, or any gRPC target string), on a
     * channel the exporter makes with TLS (see {@link #usePlaintext}) and closes. Needs a gRPC
     * transport on the class path, e.g. {@code io.grpc:grpc-netty-shaded}.
     */
    public Builder grpcTarget(String target) {
      this.target = Objects.requireNonNull(target, "target");
      this.channel = null;
      this.httpEndpoint = null;
      this.file = null;
      return this;
    }

    /** With {@link #grpcTarget}: plaintext instead of TLS (for loopback and tests). */
    public Builder usePlaintext(boolean plaintext) {
      this.plaintext = plaintext;
      return this;
    }

    /**
     * Sends over HTTP as the Python SDK does: {@code POST {endpoint}/events} and {@code POST
     * {endpoint}/events/batch} with protobuf bodies; {@code endpoint} is the same base URL the
     * Python SDK's {@code CHAUKAS_ENDPOINT} takes, e.g. {@code https://host/api/v1}.
     */
    public Builder http(URI endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      String scheme = endpoint.getScheme();
      if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
        throw new IllegalArgumentException("endpoint must be an http or https URL, was " + endpoint);
      }
      this.httpEndpoint = endpoint;
      this.channel = null;
      this.target = null;
      this.file = null;
      return this;
    }

    /**
     * Writes events to {@code file} as JSON Lines, one event per line as the Python SDK's file
     * mode writes them, instead of sending them; see {@link #fileRotation} and {@link
     * #fileSyncEachBatch}.
     */
    public Builder file(Path file) {
      this.file = Objects.requireNonNull(file, "file");
      this.channel = null;
      this.target = null;
      this.httpEndpoint = null;
      return this;
    }

    /**
     * With {@link #file}: once the file holds {@code maxBytes} (a batch is never split), it is
     * renamed {@code NAME.1}, older ones shifting to {@code NAME.2} … {@code NAME.keep}, the
     * oldest deleted; defaults 64 MiB and 5.
     */
    public Builder fileRotation(long maxBytes, int keep) {
      if (maxBytes <= 0 || keep < 0) {
        throw new IllegalArgumentException(
            "fileRotation needs maxBytes > 0 and keep >= 0, was " + maxBytes + ", " + keep);
      }
      this.fileMaxBytes = maxBytes;
      this.fileKeep = keep;
      return this;
    }

    /** With {@link #file}: force each batch to the device before it counts as sent (default on). */
    public Builder fileSyncEachBatch(boolean sync) {
      this.fileSyncEachBatch = sync;
      return this;
    }

    /**
     * Sets {@code hash_prev} and {@code content_hash} of each event in {@link ChaukasExporter#export}
     * order, one chain per (tenant, project, session), with the toolkit's chaukas-hash-v1, so that
     * a platform can verify chains from the producer. Spooled and retried events keep their hashes.
     * Off by default; it costs the caller a content hash per event.
     */
    public Builder chain(boolean chain) {
      this.chain = chain;
      return this;
    }

    /**
     * With {@link #chain}: most chains whose last hash is held (default 100,000); a chain is also
     * forgotten at its {@code SESSION_END}. A forgotten chain's next event starts it afresh.
     */
    public Builder maxChains(int max) {
      this.maxChains = positive("maxChains", max);
      return this;
    }

    /** Sent as {@code authorization: Bearer KEY} on every call; none by default. */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey == null || apiKey.isEmpty() ? null : apiKey;
      return this;
    }

    /** Most events waiting to be sent (default 2048); beyond, {@link #queueFullPolicy} applies. */
    public Builder maxQueueSize(int max) {
      this.maxQueueSize = positive("maxQueueSize", max);
      return this;
    }

    /** Most events per request (default 512). */
    public Builder maxBatchSize(int max) {
      this.maxBatchSize = positive("maxBatchSize", max);
      return this;
    }

    /**
     * Most bytes of one request, measured on the serialized request (default 4 MiB, the gRPC and
     * reference server default). A batch closes before it would grow past it; an event that
     * alone would is refused by {@link ChaukasExporter#export}.
     */
    public Builder maxRequestBytes(long max) {
      if (max < 1024) {
        throw new IllegalArgumentException("maxRequestBytes must be at least 1024, was " + max);
      }
      this.maxRequestBytes = max;
      return this;
    }

    /** Longest time an event waits for its batch to fill before the batch is sent (default 1 s). */
    public Builder scheduleDelay(Duration delay) {
      this.scheduleDelay = positive("scheduleDelay", delay);
      return this;
    }

    /** What {@link ChaukasExporter#export} does when the queue is full (default DROP_NEWEST). */
    public Builder queueFullPolicy(QueueFullPolicy policy) {
      this.queueFullPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** With {@link QueueFullPolicy#BLOCK}: longest wait for room (default 1 s). */
    public Builder blockTimeout(Duration timeout) {
      this.blockTimeout = positive("blockTimeout", timeout);
      return this;
    }

    /** Deadline of each request (default 10 s); a request past it is retried. */
    public Builder exportTimeout(Duration timeout) {
      this.exportTimeout = positive("exportTimeout", timeout);
      return this;
    }

    /**
     * Most requests in flight at once, counting those waiting to be retried (default 4). Memory
     * is bounded by the queue plus this many requests.
     */
    public Builder maxConcurrentExports(int max) {
      this.maxConcurrentExports = positive("maxConcurrentExports", max);
      return this;
    }

    /**
     * Backoff between retries: a random wait up to {@code initial} × 2^(failures − 1), at most
     * {@code max} (full jitter), and never shorter than the platform's {@code Retry-After} or
     * {@code grpc-retry-pushback-ms} (defaults 1 s and 10 s).
     */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = positive("initial backoff", initial);
      this.maxBackoff = positive("max backoff", max);
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("max backoff " + max + " is below initial " + initial);
      }
      return this;
    }

    /**
     * Longest time from a request's first attempt to its last retry (default 2 minutes); after
     * it, its events are dropped ({@link DropReason#RETRY_BUDGET_EXHAUSTED}).
     */
    public Builder retryBudget(Duration budget) {
      this.retryBudget = positive("retryBudget", budget);
      return this;
    }

    /** How long {@link ChaukasExporter#close()} sends what is queued (default 10 s). */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = positive("closeTimeout", timeout);
      return this;
    }

    /**
     * Keeps every exported event in files in {@code directory} until the platform acknowledged,
     * rejected or dropped it; an exporter built later on the same directory (after a crash, say)
     * sends what is left there first. {@code mode} says when an event is on disk. The directory
     * is created if missing and locked: one exporter at a time. A spooled event that the queue
     * drops stays in the spool for the next exporter. No spool by default.
     */
    public Builder spool(Path directory, SpoolMode mode) {
      this.spoolDirectory = Objects.requireNonNull(directory, "directory");
      this.spoolMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Most bytes of the spool's files (default 256 MiB); an event beyond it is dropped ({@link
     * DropReason#SPOOL_FULL}). Space returns as whole files of acknowledged events are deleted.
     */
    public Builder spoolMaxBytes(long max) {
      if (max < 1024 * 1024) {
        throw new IllegalArgumentException("spoolMaxBytes must be at least 1 MiB, was " + max);
      }
      this.spoolMaxBytes = max;
      return this;
    }

    /** With {@link SpoolMode#ASYNC}: longest time before written events are forced (default 1 s). */
    public Builder spoolSyncInterval(Duration interval) {
      this.spoolSyncInterval = positive("spoolSyncInterval", interval);
      return this;
    }

    /** Told what happens to events; none by default. */
    public Builder listener(ExportListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The exporter, with its threads started.
     *
     * @throws IllegalStateException if no destination was chosen
     * @throws UncheckedIOException if the spool cannot be opened (another exporter holds it, say)
     */
    public ChaukasExporter build() {
      Transport transport;
      if (channel != null) {
        transport = new GrpcTransport(channel, null, apiKey);
      } else if (target != null) {
        ManagedChannelBuilder<?> builder = ManagedChannelBuilder.forTarget(target);
        if (plaintext) {
          builder.usePlaintext();
        }
        ManagedChannel owned = builder.build();
        transport = new GrpcTransport(owned, owned, apiKey);
      } else if (httpEndpoint != null) {
        transport = new HttpTransport(httpEndpoint, apiKey, USER_AGENT, exportTimeout);
      } else if (file != null) {
        transport = new FileTransport(file, fileMaxBytes, fileKeep, fileSyncEachBatch);
      } else {
        throw new IllegalStateException(
            "choose where events go: grpc(channel), grpcTarget(target), http(endpoint) or file(path)");
      }
      Spool spool = null;
      if (spoolDirectory != null) {
        try {
          spool = Spool.open(spoolDirectory,
              spoolMode == SpoolMode.SYNC ? Spool.Mode.SYNC : Spool.Mode.ASYNC, spoolSyncInterval,
              spoolMaxBytes, Math.max(1024 * 1024, Math.min(16L * 1024 * 1024, spoolMaxBytes / 8)));
        } catch (IOException e) {
          transport.close();
          throw new UncheckedIOException("cannot open the spool in " + spoolDirectory + ": "
              + e.getMessage(), e);
        }
      }
      return new ChaukasExporter(this, transport, spool);
    }

    private static int positive(String name, int value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
