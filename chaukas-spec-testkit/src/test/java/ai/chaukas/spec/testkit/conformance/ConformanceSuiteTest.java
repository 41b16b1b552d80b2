package ai.chaukas.spec.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.HealthzRequest;
import ai.chaukas.spec.server.v1.HealthzResponse;
import ai.chaukas.spec.testkit.junit.ChaukasServerExtension;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the runner reports what it cannot check: skipped limits, unreachable and hanging servers. */
class ConformanceSuiteTest {

  @RegisterExtension static final ChaukasServerExtension chaukas = ChaukasServerExtension.inProcess();

  private static List<CheckResult> withStatus(List<CheckResult> results, CheckResult.Status status) {
    return results.stream().filter(r -> r.status() == status).toList();
  }

  @Test
  void limitsSetToZeroSkipTheirChecksAndTheRestPassInProcess(Channel channel) {
    List<CheckResult> results =
        ConformanceSuite.builder(channel).maxBatchEvents(0).maxMessageBytes(0).build().run();

    assertThat(withStatus(results, CheckResult.Status.SKIPPED))
        .extracting(CheckResult::name)
        .containsExactly(
            "batchAboveTheLimitIsInvalidArgumentAndStoresNothing",
            "requestAboveTheMaximumSizeIsResourceExhausted");
    assertThat(withStatus(results, CheckResult.Status.SKIPPED))
        .allSatisfy(r -> assertThat(r.detail()).contains("was not given"));
    assertThat(withStatus(results, CheckResult.Status.PASS)).hasSize(results.size() - 2);
    assertThat(ConformanceReport.passed(results)).isTrue();
    assertThat(ConformanceReport.summary(results))
        .isEqualTo("conformance: " + (results.size() - 2) + " passed, 0 failed, 2 skipped");
  }

  @Test
  void everyCheckOfAnUnreachableServerEndsInAnError() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", closedPort).usePlaintext().build();
    try {
      long started = System.nanoTime();
      List<CheckResult> results =
          ConformanceSuite.builder(channel).checkTimeout(Duration.ofSeconds(5)).build().run();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
      assertThat(results).allSatisfy(r -> {
        assertThat(r.status()).isEqualTo(CheckResult.Status.ERROR);
        assertThat(r.detail()).contains("UNAVAILABLE");
      });
      assertThat(ConformanceReport.summary(results))
          .isEqualTo("conformance: 0 passed, 0 failed, " + results.size() + " errors");
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** Healthz never answers. */
  static final class Hanging extends BrokenServers.Delegating {
    Hanging(ChaukasServerServiceBlockingStub delegate) {
      super(delegate);
    }

    @Override
    public void healthz(HealthzRequest request, StreamObserver<HealthzResponse> out) {}
  }

  @Test
  void aCheckOfAHangingServerEndsInAnErrorAtTheCheckTimeout() throws Exception {
    try (BrokenServers.Running hanging = BrokenServers.Running.start(Hanging::new)) {
      Check healthz =
          ConformanceSuite.builder(hanging.channel()).checkTimeout(Duration.ofMillis(300)).build()
              .checks().stream()
              .filter(c -> c.rule().equals("SVC-2"))
              .findFirst()
              .orElseThrow();
      CheckResult result = healthz.run();
      assertThat(result.status()).isEqualTo(CheckResult.Status.ERROR);
      assertThat(result.detail()).contains("Healthz failed with DEADLINE_EXCEEDED");
      assertThat(result.took()).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void checksAreIndependentAndRepeatable(Channel channel) {
    ConformanceSuite suite = ConformanceSuite.builder(channel).maxMessageBytes(0).build();
    List<Check> reversed = new ArrayList<>(suite.checks());
    Collections.reverse(reversed);
    for (Check check : reversed) {
      assertThat(check.run().isOk()).as(check.toString()).isTrue();
      assertThat(check.run().isOk()).as(check + " run again").isTrue();
    }
  }

  @Test
  void tableAlignsColumnsAndEndsWithTheSummary() {
    List<CheckResult> results =
        List.of(
            new CheckResult("SVC-1", "bothNames", CheckResult.Status.PASS, "", Duration.ZERO),
            new CheckResult("QRY-7", "pagesReturnEveryEventExactlyOnce", CheckResult.Status.FAIL,
                "lost [b]", Duration.ZERO),
            new CheckResult("ING-7", "limit", CheckResult.Status.SKIPPED, "not given", Duration.ZERO));
    assertThat(ConformanceReport.table(results))
        .isEqualTo(
            """
            RULE  | CHECK                            | RESULT  | DETAIL
            ------+----------------------------------+---------+-------
            SVC-1 | bothNames                        | PASS    |
            QRY-7 | pagesReturnEveryEventExactlyOnce | FAIL    | lost [b]
            ING-7 | limit                            | SKIPPED | not given
            conformance: 1 passed, 1 failed, 1 skipped
            """);
    assertThat(ConformanceReport.passed(results)).isFalse();
  }
}
