package ai.chaukas.spec.reference;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.reference.internal.EmbeddedStore;
import ai.chaukas.spec.reference.internal.EventStore;
import ai.chaukas.spec.reference.internal.MemoryStore;
import ai.chaukas.spec.reference.internal.PostgresStore;
import ai.chaukas.spec.reference.internal.PostgresUrl;
import ai.chaukas.spec.server.ChaukasServices;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import ai.chaukas.spec.server.v1.IngestEventBatchResponse;
import ai.chaukas.spec.server.v1.IngestEventRequest;
import ai.chaukas.spec.server.v1.IngestEventResponse;
import ai.chaukas.spec.toolkit.validation.EventValidator;
import ai.chaukas.spec.toolkit.validation.ValidationOptions;
import com.linecorp.armeria.common.TlsKeyPair;
import io.grpc.MethodDescriptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Chaukas reference server: every rule of {@code docs/server-semantics.md} over a store, both service names from one store (SVC-1), validation with the
 * toolkit's rules and a required tenant (ING-1), idempotent ingest per tenant (ING-5), batch and
 * capacity limits (ING-7), filtered keyset-paginated queries in (timestamp, event_id) order
 * (QRY-1..7), tenant isolation (TEN-1), stats consistent with queries (STA-1, STA-2) and honest
 * capabilities (CAP-1). It is what {@code chaukas serve} runs, the server the testkit's JUnit 5
 * extension starts, and the reference the conformance suite checks platforms against.
 *
 * <p>Two stores: in memory ({@link Builder#inMemory()}, the builder's default: nothing persists,
 * for tests and demos), and embedded on disk ({@link Builder#storeIn(java.nio.file.Path)}: a
 * directory holding one SQLite database in WAL mode, no database server to install). On disk, an
 * event is synced before its ingest call is acknowledged, and concurrent calls share commits. For
 * several servers, {@link Builder#storeAt(String)} keeps events in one PostgreSQL database they
 * share.
 * Ingest reads requests as received: each event is validated in its bytes ({@code
 * EventValidator.validateSerialized}) and stored as those bytes, so stored events are
 * byte-identical to what was accepted; queries parse the events they return.
 *
 * <p>In-process, with any transport ({@link ai.chaukas.spec.testkit.junit.ChaukasServerExtension}
 * does this for JUnit 5 tests):
 *
 * <pre>{@code
 * ReferenceServer chaukas = ReferenceServer.create();
 * Server server = InProcessServerBuilder.forName(name).directExecutor()
 *     .addServices(chaukas.serviceDefinitions())
 *     .build().start();
 * }</pre>
 *
 * <p>On a port, gRPC and HTTP together, as {@code chaukas serve} runs it:
 *
 * <pre>{@code
 * ReferenceServer chaukas = ReferenceServer.builder()
 *     .storeIn(Path.of("chaukas-data"))
 *     .summaryListener(System.out::println)
 *     .build();
 * RunningServer running = chaukas.start(50051);
 * Runtime.getRuntime().addShutdownHook(new Thread(running::close));
 * running.awaitTermination();
 * }</pre>
 *
 * <p>Every {@code INVALID_ARGUMENT} carries, besides its description, a {@code google.rpc.Status}
 * with a {@code google.rpc.BadRequest} detail: one field violation per refused field, named by its
 * path from the request message ({@code event.timestamp}) and described as {@code [rule-id]
 * message} ("Error details" in {@code docs/server-semantics.md}; read it with {@code
 * StatusProto.fromThrowable}).
 *
 * <p>Where the rules leave a choice, this server decides as follows. A batch whose own fields break
 * a validation rule (an overlong {@code batch_id}, say) fails as a whole with {@code
 * INVALID_ARGUMENT}. An idempotent retry into a full store succeeds, since it needs no room. A
 * violation list too long for a gRPC trailer ends with "and N more violations", and the details
 * hold the violations listed before it. A request that is not a valid protobuf message, under
 * either service name, fails with {@code INVALID_ARGUMENT} naming the method and the problem, and
 * is logged as one warning line without a stack trace to the {@code java.util.logging} logger named
 * after this class. A batch element that is not a valid {@code Event} (truncated, invalid UTF-8 in
 * a string) fails the batch with {@code INVALID_ARGUMENT} naming it. Nothing of such a call is
 * stored. Text search ignores case character by character and looks at string values of {@code
 * Struct}s, not their keys, nor enum names or bytes. A time bound whose nanos lie outside
 * 0..999,999,999 and an unknown {@code order_by_time} fail with {@code INVALID_ARGUMENT}, and so
 * does a {@code text_query} longer than 256 characters. A page ends at {@link
 * Builder#maxPageBytes(int)} bytes as well as at {@code page_size} events (QRY-5). Page tokens are
 * authenticated with a key kept by the store, so an altered or forged token, or one from another
 * store, fails with {@code INVALID_ARGUMENT} (QRY-6). A query or stats call stops its work when it
 * is cancelled or its deadline passes. Stats take a session's earliest {@code SESSION_START} and
 * latest {@code SESSION_END}.
 *
 * @since 1.0.5
 */
public final class ReferenceServer implements AutoCloseable {

  /** Default {@link Builder#maxEvents(long)} of the in-memory store: 100,000 events. */
  public static final long DEFAULT_MAX_EVENTS = 100_000;
  /** Default {@link Builder#maxBatchEvents(int)}: 10,000 events, the validator's own limit. */
  public static final int DEFAULT_MAX_BATCH_EVENTS = ValidationOptions.DEFAULT_MAX_BATCH_EVENTS;
  /** Default {@link Builder#maxInboundMessageSize(int)}: 4 MiB, gRPC's default. */
  public static final int DEFAULT_MAX_INBOUND_MESSAGE_SIZE = 4 * 1024 * 1024;
  /**
   * Default {@link Builder#maxPageBytes(int)}: 4 MiB less 64 KiB, so that a page passes the 4 MiB
   * inbound limit of a gRPC client with its defaults.
   */
  public static final int DEFAULT_MAX_PAGE_BYTES = 4 * 1024 * 1024 - 64 * 1024;
  /** Default {@link Builder#idleTimeout(Duration)}: 60 seconds. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  /** Default {@link Builder#requestTimeout(Duration)}: 30 seconds. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /** Default {@link Builder#maxConnectionAge(Duration)}: one hour. */
  public static final Duration DEFAULT_MAX_CONNECTION_AGE = Duration.ofHours(1);
  /** Default {@link Builder#maxConcurrentStreams(int)}: 100, HTTP/2's recommended minimum. */
  public static final int DEFAULT_MAX_CONCURRENT_STREAMS = 100;

  private final int maxInboundMessageSize;
  private final TransportLimits limits;
  private final EventStore store;
  private final ServerMetrics metrics;
  private final RulesService service;
  private final List<ServerServiceDefinition> services;
  private final HttpApi http;
  private final Overload overload;
  private final TlsKeyPair tls;

  private ReferenceServer(Builder builder, EventStore store, ServerMetrics metrics) {
    this.maxInboundMessageSize = builder.maxInboundMessageSize;
    this.overload = new Overload(
        builder.maxPendingIngestBytes > 0 ? builder.maxPendingIngestBytes : Overload.defaultBudget());
    metrics.overload(overload);
    this.limits = builder.limits.copy();
    this.tls = builder.tls;
    this.store = store;
    this.metrics = metrics;
    metrics.queueDepth(store, EventStore::pendingEvents);
    EventValidator validator =
        EventValidator.of(
            builder.validationOptions.toBuilder()
                .requireTenant(true)
                .maxBatchEvents(builder.maxBatchEvents)
                .build());
    this.service =
        new RulesService(
            store, validator, builder.maxBatchEvents, builder.clock, builder.summaryListener, metrics,
            builder.maxPageBytes, overload, builder.apiKeys != null);
    // Keys are checked inside the metrics' interceptor, so that refused calls are counted too.
    ApiKeyInterceptor keys =
        builder.apiKeys == null ? null : new ApiKeyInterceptor(builder.apiKeys, service::refused);
    this.services =
        ChaukasServices.bothServices(serverService(service)).stream()
            .map(definition -> keys == null ? definition : ServerInterceptors.intercept(definition, keys))
            .map(definition -> ServerInterceptors.intercept(
                definition, CallContexts.grpc(), metrics.grpcCalls()))
            .toList();
    this.http = new HttpApi(service, metrics, maxInboundMessageSize, overload, builder.apiKeys);
  }

  /**
   * The service's definition with every method parsing its requests itself ({@link
   * MalformedRequests}), and IngestEvent and IngestEventBatch reading theirs as received ({@link
   * RawIngestEvent}, {@link RawEventBatch}), so events are validated in their bytes and stored as
   * those bytes rather than parsed and serialized again.
   */
  private static ServerServiceDefinition serverService(RulesService service) {
    ServerServiceDefinition generated = service.bindService();
    MethodDescriptor<IngestEventRequest, IngestEventResponse> single =
        ChaukasServerServiceGrpc.getIngestEventMethod();
    MethodDescriptor<IngestEventBatchRequest, IngestEventBatchResponse> batch =
        ChaukasServerServiceGrpc.getIngestEventBatchMethod();
    ServerServiceDefinition.Builder builder =
        ServerServiceDefinition.builder(generated.getServiceDescriptor().getName());
    for (ServerMethodDefinition<?, ?> method : generated.getMethods()) {
      String name = method.getMethodDescriptor().getFullMethodName();
      if (!name.equals(single.getFullMethodName()) && !name.equals(batch.getFullMethodName())) {
        builder.addMethod(MalformedRequests.refusing(method));
      }
    }
    builder.addMethod(
        MalformedRequests.refusing(
            ServerMethodDefinition.create(
                single.toBuilder(RawIngestEvent.MARSHALLER, single.getResponseMarshaller()).build(),
                ServerCalls.asyncUnaryCall(service::ingestEvent))));
    builder.addMethod(
        MalformedRequests.refusing(
            ServerMethodDefinition.create(
                batch.toBuilder(RawEventBatch.MARSHALLER, batch.getResponseMarshaller()).build(),
                ServerCalls.asyncUnaryCall(service::ingestEventBatch))));
    return builder.build();
  }

  /** A server with every default. */
  public static ReferenceServer create() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The services to register on a gRPC server: {@code chaukas.spec.server.v1.ChaukasServerService}
   * and {@code chaukas.spec.client.v1.ChaukasClientService}, both over this server's one store
   * (SVC-1). They may be registered on several gRPC servers at once.
   */
  public List<ServerServiceDefinition> serviceDefinitions() {
    return services;
  }

  /**
   * Serves on {@code 127.0.0.1:port} (never on other interfaces): gRPC, HTTP and {@code /metrics}
   * on that one port ({@link RunningServer}), over TLS if {@link Builder#tls} was set, else
   * plaintext.
   *
   * @param port the port, or 0 for an ephemeral one ({@link RunningServer#port()} tells which)
   * @return the running server; close it to stop, which also closes this server
   * @throws IOException if the port cannot be bound
   * @throws IllegalArgumentException if {@code port} is outside 0..65535
   */
  public RunningServer start(int port) throws IOException {
    return RunningServer.start(this, RunningServer.loopback(port));
  }

  /**
   * Serves on {@code address}, which may be a wildcard address to listen on every interface: gRPC,
   * HTTP and {@code /metrics} on that one port, over TLS if {@link Builder#tls} was set. Without
   * {@link Builder#apiKeys}, anyone who can reach the port can ingest and query every tenant.
   *
   * @return the running server; close it to stop, which also closes this server
   * @throws IOException if the address cannot be bound
   */
  public RunningServer start(InetSocketAddress address) throws IOException {
    return RunningServer.start(this, Objects.requireNonNull(address, "address"));
  }

  int maxInboundMessageSize() {
    return maxInboundMessageSize;
  }

  TransportLimits limits() {
    return limits;
  }

  ServerMetrics metrics() {
    return metrics;
  }

  RulesService service() {
    return service;
  }

  HttpApi http() {
    return http;
  }

  /** The certificate and key to serve TLS with; null for plaintext. */
  TlsKeyPair tls() {
    return tls;
  }

  /** The tenant's stored events in ascending (timestamp, event_id) order; empty for an unknown tenant. */
  public List<Event> events(String tenantId) {
    try {
      return store.events(tenantId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The event stored under this tenant and id, if any. */
  public Optional<Event> event(String tenantId, String eventId) {
    try {
      return store.event(tenantId, eventId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many events are stored, over all tenants. */
  public long eventCount() {
    return store.size();
  }

  /**
   * Forgets every event. Calls running meanwhile may still store theirs; use it between tests, not
   * under load.
   */
  public void clear() {
    try {
      store.clear();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Closes the store: pending writes end, files are released. A {@link RunningServer} closes its
   * server itself once its calls have ended. Closing twice is harmless.
   */
  Overload overload() {
    return overload;
  }

  @Override
  public void close() {
    try {
      store.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Options of an {@link ReferenceServer}; every one has a default. Not thread-safe. */
  public static final class Builder {
    private Path directory;
    private PostgresUrl postgres;
    private long maxEvents = DEFAULT_MAX_EVENTS;
    private long maxStoredBytes;
    private int maxPageBytes = DEFAULT_MAX_PAGE_BYTES;
    private int maxBatchEvents = DEFAULT_MAX_BATCH_EVENTS;
    private int maxInboundMessageSize = DEFAULT_MAX_INBOUND_MESSAGE_SIZE;
    private long maxPendingIngestBytes;
    private ValidationOptions validationOptions = ValidationOptions.defaults();
    private Clock clock = Clock.systemUTC();
    private Consumer<String> summaryListener;
    private final TransportLimits limits = new TransportLimits();
    private ApiKeys apiKeys;
    private TlsKeyPair tls;

    private Builder() {}

    /** Keeps events in memory (the default): nothing survives the process. */
    public Builder inMemory() {
      this.directory = null;
      this.postgres = null;
      return this;
    }

    /**
     * Keeps events on disk in {@code directory}, created if missing, and reopens what it holds: a
     * SQLite database in WAL mode, synced before each acknowledgement. One server at a time may
     * use a directory.
     */
    public Builder storeIn(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      this.postgres = null;
      return this;
    }

    /**
     * Keeps events in a PostgreSQL database, which several servers may share: idempotency (ING-5)
     * holds across them and a page token of one is continued by another. Each ingest call's events
     * are committed before it is acknowledged. The tables are created at the first start. The URL
     * is libpq's ({@code postgresql://user:password@host:5432/database?sslmode=require}) or the
     * JDBC driver's ({@code jdbc:postgresql://host:5432/database?user=…&password=…}); its {@code
     * pool_size} parameter (default 8) bounds this server's connections. Messages never show the
     * password.
     *
     * @throws IllegalArgumentException if {@code url} is not a PostgreSQL URL
     */
    public Builder storeAt(String url) {
      this.postgres = PostgresUrl.parse(Objects.requireNonNull(url, "url"));
      this.directory = null;
      return this;
    }

    /**
     * Most events the in-memory store holds at once, over all tenants. A call whose new events do
     * not fit fails with {@code RESOURCE_EXHAUSTED} and stores nothing (ING-7). The store on disk
     * is limited by its disk only.
     */
    public Builder maxEvents(long max) {
      this.maxEvents = positive("maxEvents", max);
      return this;
    }

    /**
     * Most bytes the in-memory store holds at once, over all tenants: the stored events' bytes, or
     * those of the requests they arrived in when the store keeps the requests alive rather than
     * copy the events out. A call whose new events do not fit fails with {@code
     * RESOURCE_EXHAUSTED} and stores nothing (ING-7); queries keep working. The default is a quarter
     * of the JVM's maximum heap ({@code Runtime.maxMemory()}), so that a full store leaves the heap
     * room to serve. The store on disk is limited by its disk only.
     */
    public Builder maxStoredBytes(long bytes) {
      this.maxStoredBytes = positive("maxStoredBytes", bytes);
      return this;
    }

    /**
     * Most bytes of one QueryEvents response, {@value #DEFAULT_MAX_PAGE_BYTES} by default: a page
     * ends before the event that would pass it, and its {@code next_page_token} continues with that
     * event, so a page may hold fewer than {@code page_size} events while more follow (QRY-5). A
     * page holds at least one event however large.
     */
    public Builder maxPageBytes(int bytes) {
      this.maxPageBytes = (int) positive("maxPageBytes", bytes);
      return this;
    }

    /**
     * Most events in one {@code IngestEventBatch}; a bigger batch fails with {@code
     * INVALID_ARGUMENT} and stores nothing (ING-7).
     */
    public Builder maxBatchEvents(int max) {
      this.maxBatchEvents = (int) positive("maxBatchEvents", max);
      return this;
    }

    /**
     * Largest request, in bytes, on {@link #start(int) loopback ports}; a bigger one fails with
     * {@code RESOURCE_EXHAUSTED} (ING-7). The in-process transport does not serialize messages and
     * has no such limit.
     */
    public Builder maxInboundMessageSize(int bytes) {
      this.maxInboundMessageSize = (int) positive("maxInboundMessageSize", bytes);
      return this;
    }

    /**
     * Most bytes of ingest requests that a {@link #start(int) listening server} holds at once,
     * from each request's arrival to its reply; by default a quarter of the JVM's maximum heap. A
     * request counts its {@code Content-Length}, or {@link #maxInboundMessageSize(int)} when it
     * declares none (as gRPC requests do). A call that does not fit, because the store falls behind
     * or clients send more than it takes, is refused at once, before its body is read, and stores
     * nothing: gRPC {@code RESOURCE_EXHAUSTED} with a {@code grpc-retry-pushback-ms} trailer, HTTP
     * 503 with {@code Retry-After} and a message that starts with {@code high memory usage} (on
     * which the Python SDK halves its batch and retries). One call is always admitted by an idle
     * server, whatever its size.
     */
    public Builder maxPendingIngestBytes(long bytes) {
      this.maxPendingIngestBytes = positive("maxPendingIngestBytes", bytes);
      return this;
    }

    /**
     * Validation limits and the optional {@code requireProject}. The server always requires a
     * tenant (ING-1) and applies {@link #maxBatchEvents(int)} instead of the options' batch limit.
     */
    public Builder validationOptions(ValidationOptions options) {
      this.validationOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /** The clock for {@code processed_at}; the system clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Receives one line per ingest, batch, query and stats call, successful or not, for a command
     * line or a log ({@code Healthz} and {@code GetCapabilities} are not reported). Lines look like
     *
     * <pre>
     * IngestEvent tenant=t-1 event_id=e-1 accepted
     * IngestEventBatch batch_id=b-1 events=20 accepted=19 rejected=1
     * QueryEvents tenant=t-1 order=DESC page_size=100 returned=20 more=false
     * GetEventStats tenant=t-1 total_events=20 total_sessions=1
     * IngestEvent failed INVALID_ARGUMENT: event is invalid, nothing was stored: ...
     * </pre>
     *
     * <p>Called on the thread that served the call, after the reply is sent; it must be
     * thread-safe and quick. Control characters in ids are printed as {@code ?}. A request that
     * is not a valid protobuf message never reaches the service and is not reported here; it is
     * logged (see the class description).
     */
    public Builder summaryListener(Consumer<String> listener) {
      this.summaryListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Most connections a {@link RunningServer} keeps open at once; one more is closed as soon as
     * it is accepted, while the open ones keep working. The default is what the process's file
     * descriptor limit leaves when this builder is made, less a reserve of a quarter of the limit
     * (at least 64), so that connections cannot take the descriptors the store and the JVM need
     * (10,000 where the limit is unknown).
     */
    public Builder maxConnections(int max) {
      limits.maxConnections = (int) positive("maxConnections", max);
      return this;
    }

    /**
     * Requires an API key of {@code keys} on every call but {@code Healthz}: as {@code
     * authorization: Bearer KEY} in gRPC metadata or the HTTP header. A call without a known key
     * fails with {@code UNAUTHENTICATED} (HTTP 401), one whose key lacks the call's scope with
     * {@code PERMISSION_DENIED} (403); so does a call naming a tenant or project outside its key
     * (an event of a batch is rejected instead, the others are stored). {@code /metrics} then
     * needs the {@code metrics} scope. Without keys (the default) every call is served. The
     * section "Authentication" of {@code docs/server-semantics.md} has the details.
     */
    public Builder apiKeys(ApiKeys keys) {
      this.apiKeys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /**
     * How long a connection may stay open with no request in progress: one that sends nothing
     * after connecting, after the HTTP/2 preface, or between requests is closed after it
     * ({@link #DEFAULT_IDLE_TIMEOUT} by default).
     */
    public Builder idleTimeout(Duration timeout) {
      limits.idleTimeout = positive("idleTimeout", timeout);
      return this;
    }

    /**
     * Longest time from a request's first byte to the last byte of its reply, including a request
     * whose headers or body never complete and a reply the client never reads ({@link
     * #DEFAULT_REQUEST_TIMEOUT} by default). When it passes, a gRPC call fails with {@code
     * DEADLINE_EXCEEDED}, an HTTP request with 503, or, once the reply has started, the stream is
     * reset (HTTP/2) or the connection closed (HTTP/1.1). A shorter {@code grpc-timeout} from the
     * client applies; a longer one does not.
     */
    public Builder requestTimeout(Duration timeout) {
      limits.requestTimeout = positive("requestTimeout", timeout);
      return this;
    }

    /**
     * Age after which a connection is closed: gracefully (HTTP/2 GOAWAY; HTTP/1.1 after the
     * running request), so clients reconnect ({@link #DEFAULT_MAX_CONNECTION_AGE} by default).
     */
    public Builder maxConnectionAge(Duration age) {
      limits.maxConnectionAge = positive("maxConnectionAge", age);
      return this;
    }

    /**
     * Most requests in progress at once on one HTTP/2 connection, announced to clients as
     * {@code SETTINGS_MAX_CONCURRENT_STREAMS}; a stream beyond it is refused with {@code
     * REFUSED_STREAM}, which clients may retry, and the connection goes on ({@link
     * #DEFAULT_MAX_CONCURRENT_STREAMS} by default).
     */
    public Builder maxConcurrentStreams(int max) {
      limits.maxConcurrentStreams = (int) positive("maxConcurrentStreams", max);
      return this;
    }

    /** Bytes of query replies not yet written to their clients beyond which queries are refused. */
    Builder maxResponseBytesInFlight(long bytes) {
      limits.maxResponseBytesInFlight = positive("maxResponseBytesInFlight", bytes);
      return this;
    }

    /**
     * Serves gRPC and HTTP over TLS on the port of {@link #start(int)}, with the certificate chain
     * and private key of these PEM files (the key in PKCS#8, unencrypted), read now. {@link
     * RunningServer#httpEndpoint()} then starts with {@code https}.
     *
     * @throws IllegalArgumentException if a file cannot be read or holds no such PEM
     */
    public Builder tls(Path certificateChain, Path privateKey) {
      Objects.requireNonNull(certificateChain, "certificateChain");
      Objects.requireNonNull(privateKey, "privateKey");
      try {
        this.tls = TlsKeyPair.of(privateKey.toFile(), certificateChain.toFile());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("cannot use the TLS certificate " + certificateChain
            + " with the key " + privateKey + " (" + e.getMessage() + "); give a PEM certificate"
            + " chain and its unencrypted PKCS#8 PEM private key", e);
      }
      return this;
    }

    /**
     * A server with these options over its store, opened now.
     *
     * @throws UncheckedIOException if the store's directory cannot be created or opened, is used
     *     by another server, or holds something that is not a store of this server; or the
     *     PostgreSQL server cannot be reached (the message names its host and port)
     */
    public ReferenceServer build() {
      ServerMetrics metrics = new ServerMetrics();
      if (directory == null && postgres == null) {
        long maxBytes = maxStoredBytes > 0 ? maxStoredBytes : Runtime.getRuntime().maxMemory() / 4;
        return new ReferenceServer(this, new MemoryStore(maxEvents, maxBytes), metrics);
      }
      try {
        return new ReferenceServer(this, postgres != null
            ? PostgresStore.open(postgres, metrics)
            : EmbeddedStore.open(directory, metrics), metrics);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero() || value.toMillis() == 0) {
        throw new IllegalArgumentException(
            name + " must be at least one millisecond, was " + value);
      }
      return value;
    }

    private static long positive(String name, long value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
