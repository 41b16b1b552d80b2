package ai.chaukas.spec.cli;

import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.GetEventStatsRequest;
import ai.chaukas.spec.server.v1.HealthzRequest;
import ai.chaukas.spec.testkit.conformance.Check;
import ai.chaukas.spec.testkit.conformance.CheckResult;
import ai.chaukas.spec.testkit.conformance.ConformanceReport;
import ai.chaukas.spec.testkit.conformance.ConformanceSuite;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chaukas conformance}: runs the conformance suite against a server and prints a table. */
@Command(
    name = "conformance",
    description = {
      "Check whether the Chaukas server at --target honours docs/server-semantics.md: one or more",
      "checks per rule (SVC, ING, QRY, TEN, STA, CAP), printed as a RULE | CHECK | RESULT | DETAIL",
      "table. Every check stores its own valid events under new tenants named",
      "conformance-<run id>-NN, which nothing deletes afterwards: point it at a test deployment.",
      "A server that requires API keys needs a key valid for every tenant (chaukas api-key --tenant '*'),",
      "given with --api-key or CHAUKAS_API_KEY; --tls and --ca-file reach a server that serves TLS.",
    },
    exitCodeList = {
      "0:every check passed (skipped ones aside)",
      "1:at least one check failed or could not finish",
      "2:the target is unreachable, speaks TLS when plaintext was asked for or the reverse, refuses"
          + " the API key, or the command line is wrong"
    })
final class ConformanceCommand implements ChaukasCommand {

  /** Longest wait for the first answer, which tells an unreachable target from a slow one. */
  private static final long PROBE_SECONDS = 10;

  @Mixin CommonOptions common;

  @Option(names = "--target", required = true, paramLabel = "HOST:PORT",
      description = "The server, e.g. 127.0.0.1:50051 (any gRPC target such as dns:///host:port).")
  String target;

  @Mixin TlsOptions tlsOptions;

  @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:CHAUKAS_API_KEY}",
      description = "Send authorization: Bearer KEY with every call; it must be valid for every tenant"
          + " (default: the environment variable CHAUKAS_API_KEY, if set).")
  String apiKey;

  @Option(names = "--header", paramLabel = "NAME:VALUE",
      description = "Send this header (gRPC metadata) with every call, e.g. for a proxy in front of"
          + " the server; repeatable.")
  List<String> headers = new ArrayList<>();

  @Option(names = "--timeout-seconds", paramLabel = "N",
      description = "Deadline of each check, all its calls together (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds = (int) ConformanceSuite.DEFAULT_CHECK_TIMEOUT.toSeconds();

  @Option(names = "--tenant-prefix", paramLabel = "PREFIX",
      description = "Start of the tenant ids the checks use (default: ${DEFAULT-VALUE}).")
  String tenantPrefix = ConformanceSuite.DEFAULT_TENANT_PREFIX;

  @Option(names = "--max-batch-events", paramLabel = "N",
      description = "The server's most events per batch; ING-7 sends one more. 0 skips that check"
          + " (default: ${DEFAULT-VALUE}).")
  int maxBatchEvents = ConformanceSuite.DEFAULT_MAX_BATCH_EVENTS;

  @Option(names = "--max-message-bytes", paramLabel = "N",
      description = "The server's largest request; ING-7 sends a bigger one. 0 skips that check"
          + " (default: ${DEFAULT-VALUE}).")
  int maxMessageBytes = ConformanceSuite.DEFAULT_MAX_MESSAGE_BYTES;

  @Option(names = "--rule", split = ",", paramLabel = "RULE",
      description = "Run only the checks of these rules, e.g. --rule QRY-6,QRY-7 (default: all).")
  Set<String> rules;

  @Override
  public ExitCode execute() throws InterruptedException {
    PrintWriter out = common.out();
    PrintWriter err = common.err();
    if (tlsOptions.problem() != null) {
      return common.usage(tlsOptions.problem());
    }
    if (!target.contains(":")) {
      return common.usage("--target must be HOST:PORT, e.g. 127.0.0.1:50051, was \"" + target + "\"");
    }
    if (timeoutSeconds <= 0) {
      return common.usage("--timeout-seconds must be positive, was " + timeoutSeconds);
    }
    Metadata metadata = new Metadata();
    for (String header : headers) {
      int colon = header.indexOf(':');
      String name = colon < 0 ? "" : header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      if (!name.matches("[0-9a-z_.-]+") || name.startsWith("grpc-") || name.endsWith("-bin")) {
        return common.usage("--header must be NAME:VALUE with a NAME of letters, digits, '-', '_' or"
            + " '.', not starting with grpc- nor ending in -bin; was \"" + Printable.of(header) + "\"");
      }
      metadata.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), header.substring(colon + 1).strip());
    }
    if (apiKey != null && !apiKey.isBlank()) {
      metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey.strip());
    }
    ManagedChannel channel;
    try {
      channel = connect(metadata);
    } catch (IOException | GeneralSecurityException e) {
      err.println("chaukas conformance: cannot use --ca-file " + tlsOptions.caFile + ": " + e.getMessage());
      err.flush();
      return ExitCode.UNUSABLE;
    }
    try {
      ConformanceSuite suite;
      try {
        suite = ConformanceSuite.builder(channel)
            .tenantPrefix(tenantPrefix)
            .checkTimeout(Duration.ofSeconds(timeoutSeconds))
            .maxBatchEvents(maxBatchEvents)
            .maxMessageBytes(maxMessageBytes)
            .build();
      } catch (IllegalArgumentException e) {
        return common.usage(e.getMessage());
      }
      Set<String> known =
          suite.checks().stream().map(Check::rule).collect(Collectors.toCollection(TreeSet::new));
      Set<String> unknown = new TreeSet<>(rules == null ? Set.of() : rules);
      unknown.removeAll(known);
      if (!unknown.isEmpty()) {
        return common.usage("no such rule: " + String.join(", ", unknown)
            + "; the rules are " + String.join(", ", known));
      }
      List<Check> checks =
          rules == null || rules.isEmpty()
              ? suite.checks()
              : suite.checks().stream().filter(c -> rules.contains(c.rule())).toList();
      String unreachable = probe(channel);
      if (unreachable != null) {
        String mismatch = tlsOptions.mismatch(target);
        err.println("chaukas conformance: " + (mismatch != null ? mismatch
            : "cannot reach " + target + ": " + unreachable
                + " (is the server running and listening there? a TLS server needs --tls)"));
        err.flush();
        return ExitCode.UNUSABLE;
      }
      String refused = keyRefused(channel, suite.tenantPrefix() + "preflight");
      if (refused != null) {
        err.println("chaukas conformance: " + target + " refused the call: " + refused
            + "; pass --api-key with a key of every tenant (chaukas api-key --tenant '*')");
        err.flush();
        return ExitCode.UNUSABLE;
      }
      out.println("chaukas conformance: checking " + target + " with " + checks.size()
          + " checks; tenants " + suite.tenantPrefix() + "*");
      out.flush();
      List<CheckResult> results = checks.stream().map(Check::run).toList();
      out.print(ConformanceReport.table(results));
      out.flush();
      return ConformanceReport.passed(results) ? ExitCode.OK : ExitCode.FAILED;
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private ManagedChannel connect(Metadata metadata) throws IOException, GeneralSecurityException {
    return tlsOptions.channel(target)
        .intercept(MetadataUtils.newAttachHeadersInterceptor(metadata))
        .build();
  }


  /**
   * Why the server refuses this client's calls ({@code UNAUTHENTICATED}, {@code
   * PERMISSION_DENIED}), or null: the stats of one of the suite's tenants, which stores nothing,
   * need a key that covers the suite's tenants. Healthz needs no key, so the probe cannot tell.
   */
  private static String keyRefused(ManagedChannel channel, String tenant) {
    try {
      ChaukasServerServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(PROBE_SECONDS, TimeUnit.SECONDS)
          .getEventStats(GetEventStatsRequest.newBuilder().setTenantId(tenant).build());
      return null;
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      return code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED
          ? code + ": " + e.getStatus().getDescription()
          : null;
    }
  }

  /** Why the target cannot be reached, or null when it answers (with any status but those two). */
  private static String probe(ManagedChannel channel) {
    try {
      ChaukasServerServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(PROBE_SECONDS, TimeUnit.SECONDS)
          .healthz(HealthzRequest.getDefaultInstance());
      return null;
    } catch (StatusRuntimeException e) {
      Status status = e.getStatus();
      if (status.getCode() != Status.Code.UNAVAILABLE && status.getCode() != Status.Code.DEADLINE_EXCEEDED) {
        return null;
      }
      return status.getDescription() == null
          ? status.getCode().name()
          : status.getCode() + ": " + status.getDescription();
    }
  }
}
