package ai.chaukas.spec.benchmarks.exporter;

import ai.chaukas.spec.benchmarks.ingest.InMemoryServer;
import ai.chaukas.spec.common.v1.TimeRange;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.GetEventStatsRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference server with its in-memory store ({@link InMemoryServer}) in a JVM of its own, so
 * that its CPU and heap are not the exporter's: the exporter measurements run against it.
 */
final class ServerProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private ServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts it on {@code port} (0: any free port) and waits until it listens. */
  static ServerProcess start(int port) throws IOException {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString()));
    String options = System.getenv().getOrDefault("SERVER_JAVA_OPTS", "");
    for (String option : options.trim().split("\\s+")) {
      if (!option.isEmpty()) {
        command.add(option);
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        InMemoryServer.class.getName(), Integer.toString(port)));
    String maxBytes = System.getenv("SERVER_MAX_BYTES");
    if (maxBytes != null && !maxBytes.isBlank()) {
      command.addAll(List.of("20000000", maxBytes.trim()));
    }
    Process process = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("READY ")) {
        int at = line.indexOf("port=");
        return new ServerProcess(process, Integer.parseInt(line.substring(at + 5).trim()));
      }
    }
    process.destroyForcibly();
    throw new IOException("the server ended before it was ready (exit " + exit(process) + ")");
  }

  int port() {
    return port;
  }

  String target() {
    return "127.0.0.1:" + port;
  }

  /** Events the server stored for {@code tenant}, by {@code GetEventStats}. */
  long stored(String tenant) {
    ManagedChannel channel = ManagedChannelBuilder.forTarget(target()).usePlaintext().build();
    try {
      return ChaukasServerServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(60, TimeUnit.SECONDS)
          .getEventStats(GetEventStatsRequest.newBuilder().setTenantId(tenant)
              .setTimeRange(TimeRange.getDefaultInstance()).build())
          .getTotalEvents();
    } finally {
      channel.shutdownNow();
    }
  }

  /** The server's pid, for CPU figures. */
  long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static String exit(Process process) {
    try {
      return Integer.toString(process.waitFor());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
