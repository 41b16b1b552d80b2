package ai.chaukas.spec.benchmarks.ingest;

import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.reference.RunningServer;

/**
 * The reference server with its in-memory store, as the ingest benchmark measures it: validation
 * on, storage on, both service names, 127.0.0.1 only, no per-call output. Prints {@code READY pid=… port=…} once listening.
 *
 * <p>Usage: {@code InMemoryServer PORT [MAX_EVENTS [MAX_BYTES]]} (default 20,000,000 stored events,
 * and the server's own byte bound, a quarter of the heap).
 */
public final class InMemoryServer {

  private InMemoryServer() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long maxEvents = args.length > 1 ? Long.parseLong(args[1]) : 20_000_000L;
    ReferenceServer.Builder builder = ReferenceServer.builder()
        .maxEvents(maxEvents)
        .maxInboundMessageSize(64 << 20);
    if (args.length > 2) {
      builder.maxStoredBytes(Long.parseLong(args[2]));
    }
    RunningServer server = builder.build().start(port);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    System.out.println("READY pid=" + ProcessHandle.current().pid() + " port=" + server.port());
    System.out.flush();
    server.awaitTermination();
  }
}
