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
 * 0..999,999,999 and an unknown {@code order_by_time} fail with {@code INVALID_ARGUMENT}. Page
 * tokens are opaque but not signed. Stats take a session's earliest {@code SESSION_START} and
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

  private final int maxInboundMessageSize;
  private final EventStore store;
  private final ServerMetrics metrics;
  private final RulesService service;
  private final List<ServerServiceDefinition> services;
  private final HttpApi http;

  private ReferenceServer(Builder builder, EventStore store, ServerMetrics metrics) {
    this.maxInboundMessageSize = builder.maxInboundMessageSize;
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
            store, validator, builder.maxBatchEvents, builder.clock, builder.summaryListener, metrics);
    this.services =
        ChaukasServices.bothServices(serverService(service)).stream()
            .map(definition -> ServerInterceptors.intercept(definition, metrics.grpcCalls()))
            .toList();
    this.http = new HttpApi(service, metrics, maxInboundMessageSize);
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
   * on that one port, plaintext ({@link RunningServer}).
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
   * HTTP and {@code /metrics} on that one port, plaintext. Anyone who can reach the port can ingest
   * and query.
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

  ServerMetrics metrics() {
    return metrics;
  }

  RulesService service() {
    return service;
  }

  HttpApi http() {
    return http;
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
    private int maxBatchEvents = DEFAULT_MAX_BATCH_EVENTS;
    private int maxInboundMessageSize = DEFAULT_MAX_INBOUND_MESSAGE_SIZE;
    private ValidationOptions validationOptions = ValidationOptions.defaults();
    private Clock clock = Clock.systemUTC();
    private Consumer<String> summaryListener;

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
     * A server with these options over its store, opened now.
     *
     * @throws UncheckedIOException if the store's directory cannot be created or opened, is used
     *     by another server, or holds something that is not a store of this server; or the
     *     PostgreSQL server cannot be reached (the message names its host and port)
     */
    public ReferenceServer build() {
      ServerMetrics metrics = new ServerMetrics();
      if (directory == null && postgres == null) {
        return new ReferenceServer(this, new MemoryStore(maxEvents), metrics);
      }
      try {
        return new ReferenceServer(this, postgres != null
            ? PostgresStore.open(postgres, metrics)
            : EmbeddedStore.open(directory, metrics), metrics);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static long positive(String name, long value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
