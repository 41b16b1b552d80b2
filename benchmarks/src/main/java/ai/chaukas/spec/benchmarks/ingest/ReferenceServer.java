package ai.chaukas.spec.benchmarks.ingest;

import ai.chaukas.spec.testkit.server.InMemoryChaukasServer;
import ai.chaukas.spec.testkit.server.LoopbackServer;

/**
 * InMemoryChaukasServer as the ingest benchmark measures it: validation on, storage on, both
 * service names, 127.0.0.1 only, no per-call output. Prints {@code READY pid=… port=…} once listening.
 *
 * <p>Usage: {@code ReferenceServer PORT [MAX_EVENTS]} (default 20,000,000 stored events).
 */
public final class ReferenceServer {

  private ReferenceServer() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long maxEvents = args.length > 1 ? Long.parseLong(args[1]) : 20_000_000L;
    LoopbackServer server =
        InMemoryChaukasServer.builder()
            .maxEvents(maxEvents)
            .maxInboundMessageSize(64 << 20)
            .build()
            .start(port);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    System.out.println("READY pid=" + ProcessHandle.current().pid() + " port=" + server.port());
    System.out.flush();
    server.awaitTermination();
  }
}
