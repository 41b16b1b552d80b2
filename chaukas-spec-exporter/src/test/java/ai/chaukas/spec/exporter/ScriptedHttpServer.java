package ai.chaukas.spec.exporter;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * An HTTP server on a free loopback port that records every request and answers as a script says:
 * the platform's faults, on demand.
 */
final class ScriptedHttpServer implements AutoCloseable {

  /** A request as received. */
  record Received(String method, String path, Headers headers, byte[] body, long nanos) {
    String header(String name) {
      return headers.getFirst(name);
    }
  }

  /** An answer: status, headers, body, and a delay before it. */
  record Reply(int status, Map<String, String> headers, byte[] body, long delayMillis) {
    static Reply ok(byte[] body) {
      return new Reply(202, Map.of("Content-Type", "application/x-protobuf"), body, 0);
    }

    static Reply status(int status, String text, Map<String, String> headers) {
      return new Reply(status, headers, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0);
    }
  }

  private final HttpServer server;
  final List<Received> received = new CopyOnWriteArrayList<>();

  ScriptedHttpServer(Function<Received, Reply> script) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "scripted-http");
      thread.setDaemon(true);
      return thread;
    }));
    server.createContext("/", exchange -> {
      Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes(), System.nanoTime());
      received.add(request);
      Reply reply = script.apply(request);
      try {
        if (reply.delayMillis() > 0) {
          Thread.sleep(reply.delayMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply.body());
      } catch (IOException e) {
        // The client gave up (its deadline passed): nothing to answer.
      }
    });
    server.start();
  }

  /** The base a client is given, as the Python SDK's CHAUKAS_ENDPOINT. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1");
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
