package ai.chaukas.spec.cli;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.reference.RunningServer;
import ai.chaukas.spec.toolkit.validation.ValidationOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code chaukas serve}: runs {@link ReferenceServer} on a loopback port, so an agent SDK can
 * send it events and a platform engineer can see what a correct server answers.
 */
@Command(
    name = "serve",
    description = {
      "Run an in-memory Chaukas server on 127.0.0.1 (never on other interfaces) under both service",
      "names, chaukas.spec.client.v1.ChaukasClientService and chaukas.spec.server.v1.ChaukasServerService,",
      "until stopped with Ctrl-C (SIGINT) or SIGTERM, which let running calls finish for up to five",
      "seconds. Prints the address, then one line per ingest, batch, query and stats call, and one per",
      "refused request. It implements every rule of docs/server-semantics.md; events live in memory only.",
    },
    exitCodeList = {
      "0:stopped (Ctrl-C or SIGTERM)",
      "2:the port cannot be bound or the command line is wrong"
    })
final class ServeCommand implements ChaukasCommand {

  @Mixin CommonOptions common;

  @Option(names = "--port", paramLabel = "PORT",
      description = "Port on 127.0.0.1; 0 picks a free one and prints it (default: ${DEFAULT-VALUE}).")
  int port = 50051;

  @Option(names = "--max-events", paramLabel = "N",
      description = "Most events stored, over all tenants; beyond, ingest fails with RESOURCE_EXHAUSTED"
          + " (default: ${DEFAULT-VALUE}).")
  long maxEvents = ReferenceServer.DEFAULT_MAX_EVENTS;

  @Option(names = "--max-batch-events", paramLabel = "N",
      description = "Most events per IngestEventBatch; a bigger batch fails with INVALID_ARGUMENT"
          + " (default: ${DEFAULT-VALUE}).")
  int maxBatchEvents = ReferenceServer.DEFAULT_MAX_BATCH_EVENTS;

  @Mixin RequireProjectOption project;

  @Option(names = {"-q", "--quiet"}, description = "Print only the address, not a line per call.")
  boolean quiet;

  /**
   * Where requests refused before any service sees them are logged: by grpc-netty (one above the
   * maximum message size, say) as a warning with a stack trace, and by the in-memory server (bytes
   * that are not a valid request message) as a one-line warning. Held here because JUL keeps loggers
   * weakly.
   */
  private final List<Logger> refusedRequests =
      List.of(
          Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerStream"),
          Logger.getLogger(ReferenceServer.class.getName()));

  @Override
  public ExitCode execute() {
    PrintWriter out = common.out();
    PrintWriter err = common.err();
    if (port < 0 || port > 65_535) {
      return common.usage("--port must lie in 0..65535 (0: any free port), was " + port);
    }
    if (maxEvents <= 0 || maxBatchEvents <= 0) {
      return common.usage("--max-events and --max-batch-events must be positive");
    }
    ReferenceServer.Builder builder =
        ReferenceServer.builder()
            .maxEvents(maxEvents)
            .maxBatchEvents(maxBatchEvents)
            .validationOptions(ValidationOptions.builder().requireProject(project.requireProject).build());
    if (!quiet) {
      builder.summaryListener(
          line -> {
            out.println(line);
            out.flush();
          });
    }
    ReferenceServer server = builder.build();
    RunningServer running;
    try {
      running = server.start(port);
    } catch (IOException e) {
      err.println("chaukas serve: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage()
          + " (is another server using the port? pick another with --port, or --port 0 for any free one)");
      err.flush();
      return ExitCode.UNUSABLE;
    }
    Thread shutdown = new Thread(running::close, "chaukas-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    Runnable restoreSignals = stopOnSignals(running);
    Handler refused = oneLinePerRefusedRequest(out);
    try {
      out.println("chaukas serve: listening on " + running.target() + " ("
          + ChaukasClientServiceGrpc.SERVICE_NAME + " and " + ChaukasServerServiceGrpc.SERVICE_NAME + ")");
      out.flush();
      running.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      running.close();
      restoreSignals.run();
      removeHook(shutdown);
      for (Logger logger : refusedRequests) {
        logger.removeHandler(refused);
        logger.setUseParentHandlers(true);
      }
    }
    out.println("chaukas serve: stopped; it held " + server.eventCount() + " events");
    out.flush();
    return ExitCode.OK;
  }

  /** Prints refused requests like the other calls, {@code request refused: CODE: why}, if not quiet. */
  private Handler oneLinePerRefusedRequest(PrintWriter out) {
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (!quiet) {
              Throwable thrown = record.getThrown();
              out.println("request refused: " + (thrown == null ? record.getMessage() : thrown.getMessage()));
              out.flush();
            }
          }

          @Override
          public void flush() {
            out.flush();
          }

          @Override
          public void close() {}
        };
    for (Logger logger : refusedRequests) {
      logger.setUseParentHandlers(false);
      logger.addHandler(handler);
    }
    return handler;
  }

  /**
   * Closes {@code running} on Ctrl-C (SIGINT) and SIGTERM, so that {@link #execute()} prints its last
   * line and returns {@link ExitCode#OK}; left to the JVM, they run the shutdown hook and exit with 130 and 143. The
   * first of them puts the previous handlers back, so that a second one stops the JVM at once.
   *
   * @return what puts the previous handlers back
   */
  private static Runnable stopOnSignals(RunningServer running) {
    Map<Signal, SignalHandler> previous = new ConcurrentHashMap<>();
    Runnable restore = () -> previous.forEach(Signal::handle);
    SignalHandler stop =
        signal -> {
          restore.run();
          running.close();
        };
    for (String name : List.of("INT", "TERM")) {
      try {
        Signal signal = new Signal(name);
        previous.put(signal, Signal.handle(signal, stop));
      } catch (IllegalArgumentException unavailable) {
        // The JVM keeps the signal to itself (-Xrs) or the platform lacks it: the shutdown hook
        // still closes the server, though the exit code is then the JVM's.
      }
    }
    return restore;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is stopping (a signal not handled above, SIGHUP say) and the hook closed the server.
    }
  }
}
