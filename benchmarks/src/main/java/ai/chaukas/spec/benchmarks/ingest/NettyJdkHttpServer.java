package ai.chaukas.spec.benchmarks.ingest;

import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.testing.internal.RawCalls;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The alternative to Armeria the transport comparison measures: the same {@link ReferenceServer}
 * (in-memory store, validation on) served over gRPC by grpc-netty ({@code NettyServerBuilder} with
 * {@link ReferenceServer#serviceDefinitions()}), and over HTTP by the JDK's {@code
 * com.sun.net.httpserver.HttpServer} on a second port. The HTTP side answers {@code GET /healthz}
 * and {@code POST /v1/events} and {@code /v1/events/batch} with {@code application/x-protobuf}
 * bodies, and hands each body to the same service through an in-process gRPC channel with a
 * direct executor: a stand-in for an HTTP handler calling the service directly, which costs the
 * in-process call's small overhead on top. Prints {@code READY pid=… port=… http_port=…} once both
 * listen, like {@link InMemoryServer}.
 *
 * <p>Usage: {@code NettyJdkHttpServer PORT HTTP_PORT [MAX_EVENTS]} (0 picks a free port; default
 * 20,000,000 stored events).
 */
public final class NettyJdkHttpServer {

  private static final MethodDescriptor<byte[], byte[]> BATCH =
      RawCalls.withBytes(ChaukasServerServiceGrpc.getIngestEventBatchMethod());
  private static final MethodDescriptor<byte[], byte[]> UNARY =
      RawCalls.withBytes(ChaukasServerServiceGrpc.getIngestEventMethod());

  private NettyJdkHttpServer() {}

  public static void main(String[] args) throws Exception {
    // Without TCP_NODELAY the reply's headers and body go out as two small writes, and Nagle plus
    // the client's delayed ACK add ~40 ms to every call.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    int port = Integer.parseInt(args[0]);
    int httpPort = Integer.parseInt(args[1]);
    long maxEvents = args.length > 2 ? Long.parseLong(args[2]) : 20_000_000L;
    ReferenceServer reference =
        ReferenceServer.builder().maxEvents(maxEvents).maxInboundMessageSize(64 << 20).build();
    InetAddress loopback = InetAddress.getLoopbackAddress();

    NettyServerBuilder grpcBuilder =
        NettyServerBuilder.forAddress(new InetSocketAddress(loopback, port)).maxInboundMessageSize(64 << 20);
    String inProcessName = "netty-jdk-http-" + ProcessHandle.current().pid();
    InProcessServerBuilder inProcessBuilder = InProcessServerBuilder.forName(inProcessName).directExecutor();
    for (ServerServiceDefinition definition : reference.serviceDefinitions()) {
      grpcBuilder.addService(definition);
      inProcessBuilder.addService(definition);
    }
    Server grpc = grpcBuilder.build().start();
    Server inProcess = inProcessBuilder.build().start();
    ManagedChannel channel = InProcessChannelBuilder.forName(inProcessName).directExecutor().build();

    HttpServer http = HttpServer.create(new InetSocketAddress(loopback, httpPort), 128);
    ExecutorService httpThreads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "jdk-http");
              t.setDaemon(true);
              return t;
            });
    http.setExecutor(httpThreads);
    http.createContext("/healthz", exchange -> reply(exchange, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8)));
    http.createContext("/v1/events/batch", exchange -> ingest(exchange, channel, BATCH));
    http.createContext("/v1/events", exchange -> {
      if (exchange.getRequestURI().getPath().equals("/v1/events")) {
        ingest(exchange, channel, UNARY);
      } else {
        reply(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
      }
    });
    http.start();

    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  http.stop(0);
                  grpc.shutdown();
                  try {
                    grpc.awaitTermination(5, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  channel.shutdownNow();
                  inProcess.shutdownNow();
                  reference.close();
                }));
    System.out.println(
        "READY pid=" + ProcessHandle.current().pid() + " port=" + grpc.getPort()
            + " http_port=" + http.getAddress().getPort());
    System.out.flush();
    grpc.awaitTermination();
  }

  private static void ingest(HttpExchange exchange, ManagedChannel channel, MethodDescriptor<byte[], byte[]> method)
      throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        reply(exchange, 405, "text/plain", "POST only".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      if (type == null || !type.startsWith("application/x-protobuf")) {
        reply(exchange, 415, "text/plain", "Content-Type must be application/x-protobuf".getBytes(StandardCharsets.UTF_8));
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      byte[] response;
      try {
        response = ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT, body);
      } catch (StatusRuntimeException e) {
        Status status = e.getStatus();
        reply(exchange, httpStatus(status.getCode()), "text/plain",
            String.valueOf(status).getBytes(StandardCharsets.UTF_8));
        return;
      }
      reply(exchange, 200, "application/x-protobuf", response);
    }
  }

  private static int httpStatus(Status.Code code) {
    switch (code) {
      case INVALID_ARGUMENT:
        return 400;
      case UNAUTHENTICATED:
        return 401;
      case PERMISSION_DENIED:
        return 403;
      case NOT_FOUND:
        return 404;
      case RESOURCE_EXHAUSTED:
        return 429;
      case UNAVAILABLE:
        return 503;
      default:
        return 500;
    }
  }

  private static void reply(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
