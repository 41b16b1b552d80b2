package ai.chaukas.spec.testkit.conformance;

import ai.chaukas.spec.toolkit.validation.ValidationOptions;
import io.grpc.Channel;
import io.grpc.Deadline;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Checks whether a Chaukas server honours {@code docs/server-semantics.md}: one or more named
 * checks per rule ({@code SVC-*}, {@code ING-*}, {@code QRY-*}, {@code TEN-*}, {@code STA-*},
 * {@code CAP-*}), each making real calls through the generated stubs, under both service names
 * where the rule is about both. Plain Java, no test framework needed; {@link ConformanceTests}
 * runs the same checks as JUnit 5 tests and {@code chaukas conformance} from the command line.
 *
 * <pre>{@code
 * ManagedChannel channel = NettyChannelBuilder.forTarget("127.0.0.1:50051").usePlaintext().build();
 * List<CheckResult> results = ConformanceSuite.create(channel).run();
 * System.out.print(ConformanceReport.table(results));
 * }</pre>
 *
 * <p>Every check stores its own events, under two tenants of its own whose ids start with {@link
 * #tenantPrefix()} (by default {@code conformance-} and 12 random hex digits, new for every suite),
 * so checks never see each other's data, nor real data, nor an earlier run's. The events are valid
 * per {@code docs/validation.md}, carry project {@code conformance}, and their timestamps lie a few
 * hours in the past. Nothing is deleted afterwards (the RPCs cannot delete): point the suite at a
 * test deployment, or remove the tenants by their prefix.
 *
 * <p>A check that expects {@code INVALID_ARGUMENT} also reads the error details ({@code
 * StatusProto.fromThrowable}) and requires a {@code google.rpc.BadRequest} whose field violations
 * name the refused field by its path from the request message, such as {@code event.tenant_id} or
 * {@code query.page_token} ("Error details" in {@code docs/server-semantics.md}); a description
 * alone fails the check.
 *
 * <p>Every call of a check shares one deadline, {@link Builder#checkTimeout(Duration)}, so a check
 * ends in bounded time even when the server hangs. The largest checks send a batch of {@link
 * Builder#maxBatchEvents(int)} + 1 events and one request just above {@link
 * Builder#maxMessageBytes(int)}; tell the suite the server's own limits, or 0 to skip those checks.
 * A full store (the last sentence of ING-7) is not checked: filling a real server is no test.
 * Capabilities that no RPC can show (WORM retention, audit proofs, distributed query, RBAC, SSO) are
 * taken at the server's word.
 *
 * <p>A suite is immutable and thread-safe; {@link #run()} runs the checks one after another.
 *
 * @since 1.0.5
 */
public final class ConformanceSuite {

  /** Default {@link Builder#tenantPrefix(String)}: {@code conformance-}. */
  public static final String DEFAULT_TENANT_PREFIX = "conformance-";
  /** Default {@link Builder#checkTimeout(Duration)}: 30 seconds. */
  public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(30);
  /** Default {@link Builder#maxBatchEvents(int)}: 10,000, the validator's own limit. */
  public static final int DEFAULT_MAX_BATCH_EVENTS = ValidationOptions.DEFAULT_MAX_BATCH_EVENTS;
  /** Default {@link Builder#maxMessageBytes(int)}: 4 MiB, gRPC's default. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

  /** The server's limits, as the suite was told them; 0 means unknown. */
  record Limits(int maxBatchEvents, int maxMessageBytes) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Channel channel;
  private final String tenantPrefix;
  private final Duration checkTimeout;
  private final Limits limits;
  private final long baseSeconds;
  private final List<Check> checks;

  private ConformanceSuite(Builder builder) {
    this.channel = builder.channel;
    byte[] run = new byte[6];
    RANDOM.nextBytes(run);
    this.tenantPrefix = builder.tenantPrefix + HexFormat.of().formatHex(run) + "-";
    this.checkTimeout = builder.checkTimeout;
    this.limits = new Limits(builder.maxBatchEvents, builder.maxMessageBytes);
    this.baseSeconds = Instant.now().getEpochSecond() - Duration.ofHours(2).toSeconds();
    List<CheckDefinition> definitions = definitions();
    List<Check> all = new ArrayList<>(definitions.size());
    for (int i = 0; i < definitions.size(); i++) {
      all.add(new Check(definitions.get(i), this, tenantPrefix + String.format("%02d", i + 1)));
    }
    this.checks = List.copyOf(all);
  }

  /**
   * A suite with every default, for a server reachable through {@code channel}.
   *
   * @param channel a channel to the server, e.g. a Netty channel to {@code host:port}; the suite
   *     does not close it
   * @return a new suite with new tenants
   */
  public static ConformanceSuite create(Channel channel) {
    return builder(channel).build();
  }

  /**
   * A builder for a suite against the server reachable through {@code channel}.
   *
   * @param channel a channel to the server; the suite does not close it
   * @return a builder starting from the defaults
   */
  public static Builder builder(Channel channel) {
    return new Builder(channel);
  }

  /** Every check, grouped by rule in the order of {@code docs/server-semantics.md}. */
  public List<Check> checks() {
    return checks;
  }

  /**
   * Runs every check, one after another.
   *
   * @return one result per check, in the order of {@link #checks()}
   */
  public List<CheckResult> run() {
    return checks.stream().map(Check::run).toList();
  }

  /**
   * The start of every tenant id this suite uses, e.g. {@code conformance-3f2a9c1b7d0e-}, new for
   * every suite; the place to look for (or remove) what the checks stored.
   */
  public String tenantPrefix() {
    return tenantPrefix;
  }

  Duration checkTimeout() {
    return checkTimeout;
  }

  Scope scope(String tenant, Deadline deadline) {
    return new Scope(channel, tenant, tenant + "-b", baseSeconds, limits, deadline);
  }

  private static List<CheckDefinition> definitions() {
    return Stream.of(
            ServiceChecks.all(),
            IngestChecks.all(),
            QueryChecks.all(),
            PagingChecks.all(),
            TenancyChecks.all(),
            StatsChecks.all())
        .flatMap(List::stream)
        .toList();
  }

  /** Options of a {@link ConformanceSuite}; every one has a default. Not thread-safe. */
  public static final class Builder {
    private final Channel channel;
    private String tenantPrefix = DEFAULT_TENANT_PREFIX;
    private Duration checkTimeout = DEFAULT_CHECK_TIMEOUT;
    private int maxBatchEvents = DEFAULT_MAX_BATCH_EVENTS;
    private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;

    private Builder(Channel channel) {
      this.channel = Objects.requireNonNull(channel, "channel");
    }

    /**
     * The start of the tenant ids the checks use; a random run id and the check's number follow
     * it ({@code conformance-3f2a9c1b7d0e-07}, and {@code -07-b} for a second tenant). Use it when a
     * server accepts only tenants of a known shape.
     *
     * @param prefix letters, digits, {@code -}, {@code _} or {@code .}; at most 64 characters
     * @return this builder
     * @throws IllegalArgumentException if the prefix has other characters or is too long
     */
    public Builder tenantPrefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (prefix.length() > 64 || !prefix.matches("[A-Za-z0-9._-]*")) {
        throw new IllegalArgumentException(
            "tenant prefix must be at most 64 letters, digits, '-', '_' or '.', was \"" + prefix
                + "\"");
      }
      this.tenantPrefix = prefix;
      return this;
    }

    /**
     * The deadline shared by all calls of one check; a check that needs longer ends as an {@link
     * CheckResult.Status#ERROR}.
     *
     * @param timeout positive; default {@link #DEFAULT_CHECK_TIMEOUT}
     * @return this builder
     * @throws IllegalArgumentException if the timeout is not positive
     */
    public Builder checkTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("check timeout must be positive, was " + timeout);
      }
      this.checkTimeout = timeout;
      return this;
    }

    /**
     * The server's most events per {@code IngestEventBatch}; ING-7 sends one more and expects
     * {@code INVALID_ARGUMENT}.
     *
     * @param max the server's limit, or 0 to skip that check; default {@link
     *     #DEFAULT_MAX_BATCH_EVENTS}
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is negative
     */
    public Builder maxBatchEvents(int max) {
      this.maxBatchEvents = notNegative("maxBatchEvents", max);
      return this;
    }

    /**
     * The server's largest request in bytes; ING-7 sends a valid event just above it and expects
     * {@code RESOURCE_EXHAUSTED}. gRPC's in-process transport has no such limit: skip the check
     * there.
     *
     * @param bytes the server's limit, or 0 to skip that check; default {@link
     *     #DEFAULT_MAX_MESSAGE_BYTES}
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is negative or above 256 MiB
     */
    public Builder maxMessageBytes(int bytes) {
      notNegative("maxMessageBytes", bytes);
      if (bytes > 256 * 1024 * 1024) {
        throw new IllegalArgumentException(
            "maxMessageBytes above 256 MiB would make the check build a huge event; use 0 to skip"
                + " the check, was " + bytes);
      }
      this.maxMessageBytes = bytes;
      return this;
    }

    /** A suite with these options and a new run id. */
    public ConformanceSuite build() {
      return new ConformanceSuite(this);
    }

    private static int notNegative(String name, int value) {
      if (value < 0) {
        throw new IllegalArgumentException(name + " must be 0 (skip) or positive, was " + value);
      }
      return value;
    }
  }
}
