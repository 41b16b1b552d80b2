package ai.chaukas.spec.cli;

import ai.chaukas.spec.exporter.ChaukasExporter;
import ai.chaukas.spec.exporter.DropReason;
import ai.chaukas.spec.exporter.ExportListener;
import ai.chaukas.spec.exporter.ExporterStats;
import ai.chaukas.spec.exporter.QueueFullPolicy;
import ai.chaukas.spec.exporter.SpoolMode;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chaukas send}: the events of audit files, sent to a platform by the exporter. */
@Command(
    name = "send",
    description = {
      "Send the events of each FILE, in order, to the Chaukas platform at --endpoint,",
      "in batches, retried while the platform is unavailable: replay a Python SDK",
      "file-mode log into a platform, or move events from one platform to another.",
      "Reading waits for the platform, so memory stays bounded whatever the input.",
      "A platform stores each event_id once: sending a file again is safe.",
      "",
      "--transport grpc (the default): --endpoint HOST:PORT, without TLS unless --tls",
      "is given, as for chaukas conformance. --transport http: --endpoint is the base",
      "URL that the Python SDK's CHAUKAS_ENDPOINT takes, e.g. http://127.0.0.1:50051/v1",
      "for chaukas serve; an https:// URL uses TLS.",
      "",
      "Rejected events are listed on standard error with their event_id and reason,",
      "and progress every 2 seconds; a summary line goes to standard output.",
    },
    exitCodeList = {
      "0:every event was sent and acknowledged",
      "1:the platform rejected some events, or a JSON line was unreadable or an event too large to"
          + " send (each listed)",
      "2:an input or the spool is unusable, the command line is wrong, or the platform stayed"
          + " unreachable past the retry budget, refused the API key or left events unsent",
      "3:every event read was acknowledged, but a file ends in an incomplete line (no line end), as"
          + " a file still being written does; that line was not sent"
    })
final class SendCommand implements ChaukasCommand {

  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(2);

  /**
   * How long reading may wait for room in the exporter's queue: longer than any request can stay
   * in flight, so that the queue never drops an event and waiting for the platform is all it does.
   */
  private static final Duration BLOCK_TIMEOUT = Duration.ofDays(1);

  @Mixin CommonOptions common;

  @Parameters(arity = "1..*", paramLabel = "FILE",
      description = "Files to send, in order; - reads standard input.")
  List<String> files;

  @Mixin InputOptions input;

  @Option(names = "--endpoint", required = true, paramLabel = "ENDPOINT",
      description = "The platform: HOST:PORT for grpc (any gRPC target, e.g. 127.0.0.1:50051); the"
          + " base URL for http, e.g. https://chaukas.example.com/api/v1.")
  String endpoint;

  @Option(names = "--transport", paramLabel = "grpc|http",
      description = "grpc (chaukas.spec.client.v1.ChaukasClientService) or http (the Python SDK's"
          + " protocol) (default: ${DEFAULT-VALUE}).")
  String transport = "grpc";

  @Mixin TlsOptions tlsOptions;

  @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:CHAUKAS_API_KEY}",
      description = "Send authorization: Bearer KEY with every request (default: the environment"
          + " variable CHAUKAS_API_KEY, if set).")
  String apiKey;

  @Option(names = "--spool", paramLabel = "DIR",
      description = "Keep each event in files in DIR until the platform settled it; a later send"
          + " with the same DIR first sends what an interrupted one left there. One send at a time"
          + " per DIR.")
  Path spool;

  @Option(names = "--retry-budget-seconds", paramLabel = "N",
      description = "How long a request is retried while the platform is unreachable or"
          + " overloaded before its events are given up (default: ${DEFAULT-VALUE}).")
  int retryBudgetSeconds = 120;

  /** What the exporter tells, as it happens, and whether it is time to stop reading. */
  private static final class Tally implements ExportListener {
    private final PrintWriter err;
    volatile String lastRetryCause;
    volatile boolean retriedSinceProgress;
    volatile String keyRefused;
    volatile boolean unreachable;

    Tally(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void rejected(String eventId, String reason) {
      // A refused key refuses every event alike: one sentence at the end says it, not a line each.
      if (reason.startsWith("UNAUTHENTICATED") || reason.startsWith("HTTP 401")) {
        keyRefused = reason;
        return;
      }
      err.println("chaukas send: event " + (eventId.isEmpty() ? "(no event_id)"
          : Printable.of(eventId)) + " rejected: " + Printable.of(reason));
      err.flush();
    }

    @Override
    public void dropped(DropReason reason, int events) {
      if (reason == DropReason.RETRY_BUDGET_EXHAUSTED) {
        unreachable = true;
      }
    }

    @Override
    public void retried(int events, String cause, Duration delay) {
      lastRetryCause = cause;
      retriedSinceProgress = true;
    }

    boolean stop() {
      return unreachable || keyRefused != null;
    }
  }

  private final AtomicLong read = new AtomicLong();
  private long unreadable;
  private final AtomicLong tooLarge = new AtomicLong();
  private boolean incomplete;

  @Override
  public ExitCode execute() throws InterruptedException {
    PrintWriter out = common.out();
    PrintWriter err = common.err();
    String wrong = checkOptions();
    if (wrong != null) {
      return common.usage(wrong);
    }
    long started = System.nanoTime();
    try (EventInputs inputs = EventInputs.open(files, input)) {
      ManagedChannel channel = null;
      Tally tally = new Tally(err);
      ChaukasExporter exporter;
      try {
        ChaukasExporter.Builder builder = ChaukasExporter.builder()
            .apiKey(apiKey == null ? null : apiKey.strip())
            .queueFullPolicy(QueueFullPolicy.BLOCK)
            .blockTimeout(BLOCK_TIMEOUT)
            .retryBudget(Duration.ofSeconds(retryBudgetSeconds))
            .listener(tally);
        if (transport.equals("http")) {
          builder.http(URI.create(endpoint));
        } else {
          channel = connect();
          builder.grpc(channel);
        }
        if (spool != null) {
          // The files are the durable copy; the spool need not force each event to the device.
          builder.spool(spool, SpoolMode.ASYNC);
        }
        exporter = builder.build();
      } catch (IOException | GeneralSecurityException e) {
        err.println("chaukas send: cannot use --ca-file " + tlsOptions.caFile + ": " + e.getMessage());
        return ExitCode.UNUSABLE;
      } catch (UncheckedIOException e) {
        shutdown(channel);
        err.println("chaukas send: " + Printable.of(e.getMessage()));
        return ExitCode.UNUSABLE;
      }
      ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "chaukas-send-progress");
        thread.setDaemon(true);
        return thread;
      });
      ticker.scheduleAtFixedRate(() -> progress(err, exporter, tally),
          PROGRESS_INTERVAL.toMillis(), PROGRESS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
      String damaged;
      boolean settled = false;
      try {
        damaged = readAll(inputs, exporter, tally, err);
        // Flushing in slices lets an unreachable platform or a refused key end the wait early.
        while (!tally.stop() && !settled) {
          settled = exporter.flush(Duration.ofSeconds(1));
        }
      } finally {
        // Events still queued after a stop would only wait out the retry budget as well.
        exporter.close(settled ? Duration.ofSeconds(10) : Duration.ofSeconds(1));
        ticker.shutdownNow();
        shutdown(channel);
      }
      ExporterStats stats = exporter.stats();
      double seconds = (System.nanoTime() - started) / 1e9;
      out.println(String.format(Locale.ROOT,
          "chaukas send: %d events read%s, %d sent, %d rejected, %d dropped in %.1f s",
          read.get(), unreadable == 0 ? "" : " (" + unreadable + " unreadable lines skipped)",
          stats.sent(), stats.rejected() + tooLarge.get(), stats.dropped(), seconds));
      out.flush();
      return outcome(err, stats, tally, damaged);
    } catch (UnusableInputException e) {
      err.println("chaukas send: " + e.getMessage());
      return ExitCode.UNUSABLE;
    } catch (IOException e) {
      err.println("chaukas send: read failed: " + Printable.of(e.getMessage()));
      return ExitCode.UNUSABLE;
    } finally {
      err.flush();
    }
  }

  /** What is wrong with the options, or null. */
  private String checkOptions() {
    if (retryBudgetSeconds <= 0) {
      return "--retry-budget-seconds must be positive, was " + retryBudgetSeconds;
    }
    String tlsProblem = tlsOptions.problem();
    if (tlsProblem != null) {
      return tlsProblem;
    }
    boolean url = endpoint.startsWith("http://") || endpoint.startsWith("https://");
    if (transport.equals("grpc")) {
      if (url) {
        return "--endpoint " + Printable.of(endpoint) + " is an HTTP URL: add --transport http,"
            + " or give HOST:PORT for gRPC";
      }
      if (!endpoint.contains(":")) {
        return "--endpoint must be HOST:PORT for --transport grpc, e.g. 127.0.0.1:50051, was \""
            + Printable.of(endpoint) + "\"";
      }
      return null;
    }
    if (!transport.equals("http")) {
      return "--transport must be grpc or http, was \"" + Printable.of(transport) + "\"";
    }
    if (tlsOptions.given()) {
      return "--plaintext, --tls and --ca-file are for --transport grpc; over http the URL's"
          + " scheme chooses: https:// uses TLS";
    }
    String wrongUrl = "--endpoint must be an http:// or https:// URL for --transport http, e.g."
        + " http://127.0.0.1:50051/v1, was \"" + Printable.of(endpoint) + "\"";
    try {
      return url && new URI(endpoint).getHost() != null ? null : wrongUrl;
    } catch (URISyntaxException e) {
      return wrongUrl + " (" + Printable.of(e.getReason()) + ")";
    }
  }

  private ManagedChannel connect() throws IOException, GeneralSecurityException {
    return tlsOptions.channel(endpoint).build();
  }


  /**
   * Hands every event to the exporter until the inputs end or the platform is found unreachable
   * or refusing the key; returns why a streamed input turned out damaged, or null.
   */
  private String readAll(EventInputs inputs, ChaukasExporter exporter, Tally tally,
      PrintWriter err) throws IOException {
    try {
      inputs.forEach((in, item) -> {
        if (item.error() != null) {
          if (item.incomplete()) {
            incomplete = true;
          } else {
            unreadable++;
          }
          err.println("chaukas send: " + EventInputs.unreadable(in, item) + "; not sent");
          return !tally.stop();
        }
        read.incrementAndGet();
        try {
          exporter.export(item.event());
        } catch (IllegalArgumentException e) {
          tooLarge.incrementAndGet();
          err.println("chaukas send: " + EventInputs.where(in, item) + ": "
              + EventInputs.idOf(item.event()) + ": not sent: " + Printable.of(e.getMessage()));
        }
        return !tally.stop();
      });
      return null;
    } catch (UnusableInputException e) {
      return e.getMessage();
    }
  }

  private void progress(PrintWriter err, ChaukasExporter exporter, Tally tally) {
    ExporterStats stats = exporter.stats();
    String retrying = tally.retriedSinceProgress
        ? "; retrying (" + Printable.of(tally.lastRetryCause) + ")" : "";
    tally.retriedSinceProgress = false;
    err.println("chaukas send: " + read.get() + " events read, " + stats.sent() + " sent, "
        + (stats.rejected() + tooLarge.get()) + " rejected so far" + retrying);
    err.flush();
  }

  /** Says, in one sentence on standard error, why not every event was acknowledged. */
  private ExitCode outcome(PrintWriter err, ExporterStats stats, Tally tally, String damaged) {
    String again = " Sending the files again is safe: the platform stores each event_id once.";
    if (damaged != null) {
      err.println("chaukas send: " + damaged + " (the events before it were sent)");
      return ExitCode.UNUSABLE;
    }
    if (tally.keyRefused != null) {
      err.println("chaukas send: " + Printable.of(endpoint) + " refused "
          + (apiKey == null || apiKey.isBlank() ? "to take events without an API key"
              : "the API key")
          + " (" + Printable.of(tally.keyRefused) + "); pass a key valid for the events' tenants"
          + " with --api-key or CHAUKAS_API_KEY");
      return ExitCode.UNUSABLE;
    }
    if (tally.unreachable) {
      String tlsProblem = transport.equals("grpc") ? tlsOptions.mismatch(endpoint)
          : null;
      err.println("chaukas send: cannot reach " + Printable.of(endpoint) + ": "
          + stats.dropped() + " events not sent after retrying for " + retryBudgetSeconds
          + " s (last error: " + Printable.of(tally.lastRetryCause) + "); "
          + (tlsProblem != null ? tlsProblem + "." : "is the platform running and listening there?")
          + again);
      return ExitCode.UNUSABLE;
    }
    if (stats.dropped() > 0) {
      List<String> reasons = new ArrayList<>();
      stats.droppedByReason().forEach((reason, n) -> {
        if (n > 0) {
          reasons.add(n + " " + reason);
        }
      });
      reasons.sort(null);
      err.println("chaukas send: " + stats.dropped() + " events were dropped ("
          + String.join(", ", reasons) + ")." + again);
      return ExitCode.UNUSABLE;
    }
    if (stats.rejected() + tooLarge.get() + unreadable > 0) {
      return ExitCode.FAILED;
    }
    return incomplete ? ExitCode.INCOMPLETE : ExitCode.OK;
  }

  private static void shutdown(ManagedChannel channel) throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
