package ai.chaukas.spec.cli;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc;
import ai.chaukas.spec.reference.ApiKeys;
import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.reference.RunningServer;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.toolkit.validation.ValidationOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code chaukas serve}: runs the {@link ReferenceServer} on a port, storing events on disk by
 * default, so agent SDKs can send it events over gRPC or HTTP and a platform engineer can run or
 * study a correct server.
 */
@Command(
    name = "serve",
    description = {
      "Run the Chaukas reference server: gRPC under both service names",
      "(chaukas.spec.client.v1.ChaukasClientService, chaukas.spec.server.v1.ChaukasServerService), the",
      "HTTP API of openapi/chaukas/spec/v1/public.yaml (what the Python SDK posts to, with",
      "CHAUKAS_ENDPOINT=http://HOST:PORT/v1) and Prometheus /metrics, all on one port of 127.0.0.1",
      "(--bind another address; that needs --keys). With --keys FILE every call but Healthz needs an API",
      "key of the file, sent as authorization: Bearer KEY, and reads and writes only its key's tenant",
      "('chaukas api-key' makes keys). --tls-cert and --tls-key serve gRPC and HTTP over TLS instead.",
      "Events are stored in ./chaukas-data (--store): each is synced to disk before its call is",
      "acknowledged, and a restart on the same directory finds them. --store memory keeps them in memory.",
      "Runs until Ctrl-C (SIGINT) or SIGTERM, which stop accepting calls, let running ones finish for up",
      "to five seconds, close the store and exit 0. Prints the address, then one line per ingest, batch,",
      "query and stats call and per refused request (not with -q). It implements every rule of",
      "docs/server-semantics.md.",
    },
    exitCodeList = {
      "0:stopped (Ctrl-C or SIGTERM)",
      "2:the port cannot be bound, the store, key file or TLS files cannot be used, --bind is not a"
          + " loopback address and --keys is missing, or the command line is wrong"
    })
final class ServeCommand implements ChaukasCommand {

  /** A --store value meant as a PostgreSQL URL rather than a directory. */
  private static final Pattern POSTGRES_URL = Pattern.compile("(jdbc:)?postgres(ql)?:");

  @Mixin CommonOptions common;

  @Option(names = "--port", paramLabel = "PORT",
      description = "Port for gRPC, HTTP and /metrics; 0 picks a free one and prints it"
          + " (default: ${DEFAULT-VALUE}).")
  int port = 50051;

  @Option(names = "--bind", paramLabel = "ADDRESS",
      description = "Address to listen on, e.g. 0.0.0.0 for every interface; anything but a loopback"
          + " address needs --keys (default: ${DEFAULT-VALUE}).")
  String bind = "127.0.0.1";

  @Option(names = "--keys", paramLabel = "FILE",
      description = "Require an API key of FILE on every call but Healthz: one line per key, its"
          + " SHA-256 then tenant=, scopes= and optionally project= and name=, as 'chaukas api-key'"
          + " prints it. Read at start.")
  Path keys;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "PEM certificate chain: serve gRPC and HTTP over TLS (with --tls-key).")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE",
      description = "PEM private key (PKCS#8, unencrypted) of --tls-cert.")
  Path tlsKey;

  @Option(names = "--store", paramLabel = "PATH|memory|URL",
      description = "Directory of the store on disk, created if missing, reopened if it holds one;"
          + " memory, to keep events in memory only; or a PostgreSQL URL"
          + " (postgresql://user:password@host:5432/database), which several servers may share"
          + " (default: ${DEFAULT-VALUE}).")
  String store = "chaukas-data";

  @Option(names = "--max-events", paramLabel = "N",
      description = "With --store memory: most events held, over all tenants; beyond, ingest fails with"
          + " RESOURCE_EXHAUSTED (default: ${DEFAULT-VALUE}). The store on disk is limited by its disk.")
  long maxEvents = ReferenceServer.DEFAULT_MAX_EVENTS;

  @Option(names = "--max-bytes", paramLabel = "BYTES",
      description = "With --store memory: most bytes of events held, over all tenants; beyond, ingest"
          + " fails with RESOURCE_EXHAUSTED and queries keep working (default: a quarter of the"
          + " JVM's maximum heap, so that a full store leaves room to serve).")
  Long maxBytes;

  @Option(names = "--max-pending-bytes", paramLabel = "BYTES",
      description = "Most bytes of ingest requests between their arrival and their reply; a call"
          + " beyond it is refused at once with RESOURCE_EXHAUSTED (HTTP 503, 'high memory usage',"
          + " Retry-After), which clients retry (default: a quarter of the JVM's maximum heap).")
  Long maxPendingBytes;

  @Option(names = "--max-batch-events", paramLabel = "N",
      description = "Most events per IngestEventBatch; a bigger batch fails with INVALID_ARGUMENT"
          + " (default: ${DEFAULT-VALUE}).")
  int maxBatchEvents = ReferenceServer.DEFAULT_MAX_BATCH_EVENTS;

  @Option(names = "--max-connections", paramLabel = "N",
      description = "Most connections open at once; one more is closed as soon as it is accepted"
          + " (default: the descriptors the process has left under its limit, less a quarter of the"
          + " limit kept for the store and the JVM).")
  Integer maxConnections;

  @Option(names = "--idle-timeout", paramLabel = "SECONDS",
      description = "Close a connection with no request in progress after this long, including one"
          + " that sends nothing after connecting (default: ${DEFAULT-VALUE}).")
  long idleTimeoutSeconds = ReferenceServer.DEFAULT_IDLE_TIMEOUT.toSeconds();

  @Option(names = "--request-timeout", paramLabel = "SECONDS",
      description = "Longest time from a request's first byte to the last byte of its reply: a"
          + " request never finished gets 408, a gRPC call DEADLINE_EXCEEDED, a reply never read"
          + " closes its connection (default: ${DEFAULT-VALUE}).")
  long requestTimeoutSeconds = ReferenceServer.DEFAULT_REQUEST_TIMEOUT.toSeconds();

  @Mixin RequireProjectOption project;

  @Option(names = {"-q", "--quiet"}, description = "Print only the address, not a line per call.")
  boolean quiet;

  /**
   * Where requests refused before any service sees them are logged: by the reference server (bytes
   * that are not a valid request message) as a one-line warning. Held here because JUL keeps
   * loggers weakly.
   */
  private final List<Logger> refusedRequests = List.of(Logger.getLogger(ReferenceServer.class.getName()));

  /** The transport's own lines: warnings and errors only, not its start-up chatter. */
  private final List<Logger> transport =
      List.of(Logger.getLogger("com.linecorp.armeria"), Logger.getLogger("io.netty"));

  @Override
  public ExitCode execute() {
    PrintWriter out = common.out();
    PrintWriter err = common.err();
    if (port < 0 || port > 65_535) {
      return common.usage("--port must lie in 0..65535 (0: any free port), was " + port);
    }
    if (maxEvents <= 0 || maxBatchEvents <= 0 || (maxBytes != null && maxBytes <= 0)
        || (maxPendingBytes != null && maxPendingBytes <= 0)) {
      return common.usage(
          "--max-events, --max-bytes, --max-pending-bytes and --max-batch-events must be positive");
    }
    if (maxConnections != null && maxConnections <= 0
        || idleTimeoutSeconds <= 0 || requestTimeoutSeconds <= 0) {
      return common.usage(
          "--max-connections, --idle-timeout and --request-timeout must be positive");
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      return common.usage("--tls-cert and --tls-key go together: give both, or neither for plaintext");
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      return common.usage("--bind " + bind + " is not an address of this machine; use e.g. 127.0.0.1 or 0.0.0.0");
    }
    if (!address.isLoopbackAddress() && keys == null) {
      err.println("chaukas serve: listening on " + bind + " without --keys would let anyone who reaches"
          + " the port read and write every tenant; pass --keys FILE (make keys with chaukas api-key).");
      err.flush();
      return ExitCode.UNUSABLE;
    }
    ApiKeys apiKeys = null;
    if (keys != null) {
      try {
        apiKeys = ApiKeys.load(keys);
      } catch (IOException e) {
        err.println("chaukas serve: cannot read the key file: " + EventOutput.describe(e));
        err.flush();
        return ExitCode.UNUSABLE;
      } catch (IllegalArgumentException e) {
        err.println("chaukas serve: " + e.getMessage());
        err.flush();
        return ExitCode.UNUSABLE;
      }
      if (apiKeys.size() == 0) {
        err.println("chaukas serve: the key file " + keys + " holds no key; add a line that chaukas"
            + " api-key prints, or leave --keys out");
        err.flush();
        return ExitCode.UNUSABLE;
      }
    }
    transport.forEach(logger -> logger.setLevel(Level.WARNING));
    ReferenceServer.Builder builder =
        ReferenceServer.builder()
            .maxEvents(maxEvents)
            .maxBatchEvents(maxBatchEvents)
            .idleTimeout(Duration.ofSeconds(idleTimeoutSeconds))
            .requestTimeout(Duration.ofSeconds(requestTimeoutSeconds))
            .validationOptions(ValidationOptions.builder().requireProject(project.requireProject).build());
    if (maxBytes != null) {
      builder.maxStoredBytes(maxBytes);
    }
    if (maxPendingBytes != null) {
      builder.maxPendingIngestBytes(maxPendingBytes);
    }
    if (maxConnections != null) {
      builder.maxConnections(maxConnections);
    }
    if (apiKeys != null) {
      builder.apiKeys(apiKeys);
    }
    if (tlsCert != null) {
      try {
        builder.tls(tlsCert, tlsKey);
      } catch (IllegalArgumentException e) {
        err.println("chaukas serve: " + e.getMessage());
        err.flush();
        return ExitCode.UNUSABLE;
      }
    }
    if (!quiet) {
      builder.summaryListener(
          line -> {
            out.println(line);
            out.flush();
          });
    }
    Path directory = null;
    String database = null;
    if (POSTGRES_URL.matcher(store).lookingAt()) {
      try {
        builder.storeAt(store);
      } catch (IllegalArgumentException e) {
        return common.usage("--store " + withoutPassword(store) + ": " + e.getMessage());
      }
      database = withoutPassword(store);
    } else if (!store.equals("memory")) {
      directory = Path.of(store).toAbsolutePath().normalize();
      builder.storeIn(directory);
    }
    ReferenceServer server;
    try {
      server = builder.build();
    } catch (UncheckedIOException e) {
      err.println("chaukas serve: cannot open the store "
          + (database != null ? database : "in " + directory) + ": " + e.getCause().getMessage());
      err.flush();
      return ExitCode.UNUSABLE;
    }
    RunningServer running;
    try {
      running = server.start(new InetSocketAddress(address, port));
    } catch (IOException e) {
      server.close();
      err.println("chaukas serve: cannot listen on " + bind + ":" + port + ": " + e.getMessage()
          + " (is another server using the port? pick another with --port, or --port 0 for any free one)");
      err.flush();
      return ExitCode.UNUSABLE;
    }
    Thread shutdown = new Thread(running::close, "chaukas-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    Runnable restoreSignals = stopOnSignals(running);
    Handler refused = oneLinePerRefusedRequest(out);
    try {
      String listening = address.isAnyLocalAddress()
          ? bind + ":" + running.port() : running.target();
      out.println("chaukas serve: listening on " + listening + " (gRPC" + (tlsCert == null ? "" : " over TLS")
          + ": " + ChaukasClientServiceGrpc.SERVICE_NAME + " and " + ChaukasServerServiceGrpc.SERVICE_NAME
          + "; HTTP: " + running.httpEndpoint() + "; metrics: "
          + running.httpEndpoint().replaceFirst("/v1$", "/metrics") + ")");
      out.println("chaukas serve: " + (apiKeys == null
          ? "no API keys: any client on this machine can read and write every tenant (--keys FILE"
              + " requires keys)"
          : "API keys required on every call but Healthz: " + apiKeys.size() + " from " + keys
              + ", " + apiKeys.operatorKeys() + " of them for every tenant"));
      if (!address.isLoopbackAddress() && tlsCert == null) {
        out.println("chaukas serve: warning: no TLS: API keys and events cross the network in clear"
            + " text; pass --tls-cert and --tls-key unless a proxy in front of this server ends TLS");
      }
      out.println("chaukas serve: "
          + (database != null
              ? "events are stored in PostgreSQL at " + database + ", committed before each acknowledgement"
              : directory == null
              ? "events are kept in memory only (--store memory)"
              : "events are stored in " + directory + ", synced before each acknowledgement")
          + "; " + server.eventCount() + " stored now");
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

  /** {@code url} with the password of its user part or of a {@code password} parameter as {@code ***}. */
  private static String withoutPassword(String url) {
    return url.replaceFirst("^([^/]*//[^/@?]*?:)[^/?]*@", "$1***@")
        .replaceAll("(?i)([?&]password=)[^&]*", "$1***");
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
