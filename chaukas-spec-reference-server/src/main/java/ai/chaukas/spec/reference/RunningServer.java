package ai.chaukas.spec.reference;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.SerializationFormat;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.grpc.GrpcServiceBuilder;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusException;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A {@link ReferenceServer} serving on one port: gRPC under both service names, the HTTP paths of
 * {@code openapi/chaukas/spec/v1/public.yaml} and {@code /metrics}, over HTTP/1.1 and HTTP/2,
 * cleartext or, with {@link ReferenceServer.Builder#tls}, TLS only. Made by {@link ReferenceServer#start(int)} (loopback only) or {@link
 * ReferenceServer#start(InetSocketAddress)}. Close it to stop: it stops accepting calls, lets
 * running ones finish, then closes the store; closing twice is harmless.
 *
 * @since 1.0.5
 */
public final class RunningServer implements AutoCloseable {

  /** How long {@link #close()} lets running calls finish before cancelling them. */
  private static final Duration GRACE = Duration.ofSeconds(5);

  private final ReferenceServer server;
  private final Server armeria;
  private final InetSocketAddress address;
  private final ResponseBudget replies;
  private final boolean tls;
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();

  private RunningServer(ReferenceServer server, Server armeria, InetSocketAddress address,
      ResponseBudget replies, boolean tls) {
    this.server = server;
    this.armeria = armeria;
    this.address = address;
    this.replies = replies;
    this.tls = tls;
  }

  static RunningServer start(ReferenceServer server, InetSocketAddress requested) throws IOException {
    GrpcServiceBuilder grpc =
        GrpcService.builder()
            .maxRequestMessageLength(server.maxInboundMessageSize())
            // The request timeout bounds every call; a client's grpc-timeout would replace it,
            // longer or none. Clients still end their calls at their own deadlines.
            .useClientTimeoutHeader(false)
            // Queries and stats read the store: keep them off the event loops.
            .useBlockingTaskExecutor(true);
    for (ServerServiceDefinition service : server.serviceDefinitions()) {
      grpc.addService(service);
    }
    SessionProtocol protocol = server.tls() == null ? SessionProtocol.HTTP : SessionProtocol.HTTPS;
    ServerBuilder builder =
        Server.builder()
            .port(requested, protocol)
            .service(grpc.build())
            .service("/metrics", server.http().authorized("Metrics", (ctx, req) -> HttpResponse.of(
                HttpStatus.OK,
                MediaType.parse("text/plain; version=0.0.4; charset=utf-8"),
                server.metrics().scrape())))
            // Clients reset a stream for every call whose deadline passes, which under overload
            // is many a minute; Netty's default (400 a minute) took that for a rapid-reset attack
            // and closed the connection, failing every call on it.
            .http2MaxResetFramesPerWindow(10_000, 60)
            .gracefulShutdownTimeout(Duration.ZERO, GRACE);
    TransportLimits limits = server.limits();
    builder
        .maxNumConnections(limits.maxConnections)
        .idleTimeout(limits.idleTimeout)
        .requestTimeout(limits.requestTimeout)
        .maxConnectionAge(limits.maxConnectionAge)
        // Calls in progress share a connection's bandwidth: beyond the cap, further calls wait at
        // the client rather than slow every call down until its deadline passes.
        .http2MaxStreamsPerConnection(limits.maxConcurrentStreams);
    ResponseBudget replies =
        new ResponseBudget(limits.maxResponseBytesInFlight, limits.requestTimeout);
    server.metrics().repliesInFlight(replies, ResponseBudget::inFlight);
    if (server.tls() != null) {
      builder.tls(server.tls());
    }
    server.http().addTo(builder);
    builder.decorator(
        (delegate, ctx, req) -> {
          MediaType type = req.contentType();
          SerializationFormat format = type == null ? null : SerializationFormat.find(type);
          if (format != null && GrpcSerializationFormats.isGrpc(format)) {
            if (Overload.isIngest(ctx.path()) && !server.overload().tryAdmit(ctx,
                Overload.admitted(req.headers().contentLength(), server.maxInboundMessageSize()))) {
              StatusException refusal = server.overload().refusal();
              return Overload.afterDraining(req, () -> Overload.grpcRefusal(type, refusal));
            }
            long start = System.nanoTime();
            ctx.log().whenComplete().thenAccept(log -> {
              if (ctx.attr(ServerMetrics.RECORDED) == null) {
                refusedByTransport(server, ctx.method().name(), log, System.nanoTime() - start);
              }
            });
          }
          replies.attach(ctx);
          return delegate.serve(ctx, req);
        });
    // Out of descriptors, the acceptor logs each failed accept, and the log formats a time in the
    // system zone: loading the zone rules then needs a descriptor too, and that failure would end
    // the acceptor thread for good. Loaded now, while descriptors are free.
    ZoneId.systemDefault().getRules();
    Server armeria = builder.build();
    try {
      armeria.start().join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IOException(
          "cannot listen on " + requested.getHostString() + ":" + requested.getPort() + ": "
              + cause.getMessage(), cause);
    }
    InetSocketAddress bound =
        new InetSocketAddress(requested.getAddress(), armeria.activeLocalPort(protocol));
    return new RunningServer(server, armeria, bound, replies, protocol == SessionProtocol.HTTPS);
  }

  /**
   * A gRPC call that the transport ended before any service closed it: a request above the size
   * limit, an unknown method. Counted, and reported on the server's summary lines.
   */
  private static void refusedByTransport(
      ReferenceServer server, String path, RequestLog log, long nanos) {
    String code = grpcHeader(log, "grpc-status");
    String message = grpcHeader(log, "grpc-message");
    Status status = code == null ? Status.UNKNOWN : Status.fromCodeValue(Integer.parseInt(code));
    String method = log.requestHeaders().path();
    method = method.substring(method.lastIndexOf('/') + 1);
    server.metrics().call("grpc", method, status.getCode().name(), nanos);
    if (status.isOk()) {
      return;
    }
    String description = message == null ? "" : QueryStringDecoder.decodeComponent(message);
    server.service().refused(status.getCode().name(), description);
  }

  /** A gRPC header of the reply: in the trailers, or in the headers of a trailers-only reply. */
  private static String grpcHeader(RequestLog log, String name) {
    String value = log.responseTrailers().get(name);
    return value != null ? value : log.responseHeaders().get(name);
  }

  static InetSocketAddress loopback(int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must lie in 0..65535 (0: any free port), was " + port);
    }
    try {
      return new InetSocketAddress(
          InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1}), port);
    } catch (IOException e) {
      throw new AssertionError("127.0.0.1 is a valid address", e);
    }
  }

  /** Bytes of query replies made and not yet written to their clients. */
  ResponseBudget replies() {
    return replies;
  }

  /** The port it listens on; the ephemeral one chosen when started with port 0. */
  public int port() {
    return address.getPort();
  }

  /** The socket address it listens on. */
  public InetSocketAddress address() {
    return address;
  }

  /** A gRPC target for channels, {@code host:port}; {@code 127.0.0.1} for a wildcard address. */
  public String target() {
    InetAddress host = address.getAddress();
    String name = host.isAnyLocalAddress() ? "127.0.0.1" : host.getHostAddress();
    return (name.contains(":") ? "[" + name + "]" : name) + ":" + port();
  }

  /**
   * The base URL of its HTTP API, {@code http://target()/v1} ({@code https} with TLS): what an
   * SDK's endpoint is set to.
   */
  public String httpEndpoint() {
    return (tls ? "https://" : "http://") + target() + "/v1";
  }

  /** The server whose events it serves. */
  public ReferenceServer server() {
    return server;
  }

  /**
   * Blocks until it is closed, for example by a shutdown hook calling {@link #close()}.
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public void awaitTermination() throws InterruptedException {
    try {
      terminated.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Whether it has been closed and every call has ended. */
  public boolean isTerminated() {
    return terminated.isDone();
  }

  /**
   * Stops accepting calls, lets running ones finish for up to five seconds, cancels the rest, then
   * closes the server's store, so that everything acknowledged is on disk. Keeps the thread's
   * interrupt status when interrupted.
   */
  @Override
  public synchronized void close() {
    if (terminated.isDone()) {
      return;
    }
    try {
      armeria.stop().join();
    } finally {
      server.close();
      terminated.complete(null);
    }
  }
}
