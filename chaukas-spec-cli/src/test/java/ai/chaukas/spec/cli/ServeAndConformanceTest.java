package ai.chaukas.spec.cli;

import static ai.chaukas.spec.cli.ChaukasCliTest.chaukas;
import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.cli.ChaukasCliTest.Run;
import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.reference.RunningServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code chaukas serve} and {@code chaukas conformance}, against loopback addresses only. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServeAndConformanceTest {

  private static final Pattern LISTENING =
      Pattern.compile("chaukas serve: listening on 127\\.0\\.0\\.1:(\\d+) \\(gRPC: "
          + "chaukas\\.spec\\.client\\.v1\\.ChaukasClientService and"
          + " chaukas\\.spec\\.server\\.v1\\.ChaukasServerService; HTTP: http://127\\.0\\.0\\.1:\\1/v1;"
          + " metrics: http://127\\.0\\.0\\.1:\\1/metrics\\)");

  private static final Set<String> RULES =
      Set.of("SVC-1", "SVC-2", "ING-1", "ING-2", "ING-3", "ING-4", "ING-5", "ING-6", "ING-7",
          "QRY-1", "QRY-2", "QRY-3", "QRY-4", "QRY-5", "QRY-6", "QRY-7", "TEN-1", "STA-1", "STA-2",
          "CAP-1");

  /** Output that another thread writes while the test reads it. */
  static final class Shared extends StringWriter {
    @Override
    public synchronized String toString() {
      return super.toString();
    }

    @Override
    public synchronized void write(String str, int off, int len) {
      super.write(str, off, len);
    }

    @Override
    public synchronized void write(char[] cbuf, int off, int len) {
      super.write(cbuf, off, len);
    }

    @Override
    public synchronized void write(int c) {
      super.write(c);
    }
  }

  private static int closedLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @TempDir Path store;

  @Test
  void serveOnPortZeroPrintsItsPortAndPassesConformanceThroughTheCommandLine() throws Exception {
    Shared serveOut = new Shared();
    StringWriter serveErr = new StringWriter();
    int[] serveCode = {-1};
    Thread serve =
        new Thread(
            () -> serveCode[0] =
                Chaukas.run(new PrintWriter(serveOut, true), new PrintWriter(serveErr, true),
                    "serve", "--port", "0", "--store", store.toString()),
            "chaukas-serve-under-test");
    serve.start();
    try {
      int port = awaitPort(serveOut);

      Run conformance = chaukas("conformance", "--target", "127.0.0.1:" + port);

      assertThat(conformance.code()).as(conformance.out() + conformance.err()).isZero();
      assertThat(conformance.out())
          .startsWith("chaukas conformance: checking 127.0.0.1:" + port + " with ")
          .containsPattern("(?m)^RULE +\\| CHECK +\\| RESULT +\\| DETAIL$")
          .containsPattern("(?m)^conformance: \\d+ passed, 0 failed$")
          .doesNotContain("FAIL |", "ERROR |", "SKIPPED |");
      assertThat(rulesIn(conformance.out())).isEqualTo(new TreeSet<>(RULES));
      assertThat(serveOut.toString())
          .contains("IngestEvent tenant=conformance-")
          .contains("IngestEventBatch batch_id=")
          .contains("QueryEvents tenant=conformance-")
          .contains("GetEventStats tenant=conformance-")
          .contains("request refused: RESOURCE_EXHAUSTED: ");
    } finally {
      serve.interrupt();
      serve.join(Duration.ofSeconds(20).toMillis());
    }
    assertThat(serve.isAlive()).isFalse();
    assertThat(serveCode[0]).as(serveErr.toString()).isZero();
    assertThat(serveOut.toString()).containsPattern("chaukas serve: stopped; it held \\d+ events");
  }

  private static int awaitPort(Shared out) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(out.toString());
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      Thread.sleep(20);
    }
    throw new AssertionError("chaukas serve printed no address: " + out);
  }

  private static Set<String> rulesIn(String table) {
    Set<String> rules = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^([A-Z]{3}-\\d+) +\\| \\S+ +\\| PASS").matcher(table);
    while (m.find()) {
      rules.add(m.group(1));
    }
    return rules;
  }

  @Test
  void ruleSelectsTheChecksToRun() throws Exception {
    try (RunningServer running = ReferenceServer.create().start(0)) {
      Run some = chaukas("conformance", "--target", running.target(), "--rule", "SVC-2,QRY-7");
      assertThat(some.code()).as(some.err()).isZero();
      assertThat(rulesIn(some.out())).containsExactly("QRY-7", "SVC-2");
      assertThat(some.out()).containsPattern("(?m)^conformance: 3 passed, 0 failed$");
    }
  }

  @Test
  void aServerWithOtherLimitsIsToldThemOrFailsWithExitOne() throws Exception {
    ReferenceServer server = ReferenceServer.builder().maxBatchEvents(5).build();
    try (RunningServer running = server.start(0)) {
      Run told = chaukas("conformance", "--target", running.target(), "--rule", "ING-7",
          "--max-batch-events", "5", "--max-message-bytes", "0");
      assertThat(told.code()).as(told.out()).isZero();
      assertThat(told.out())
          .containsPattern("requestAboveTheMaximumSizeIsResourceExhausted +\\| SKIPPED +\\| the server's"
              + " maximum request size was not given")
          .containsPattern("(?m)^conformance: 1 passed, 0 failed, 1 skipped$");

      Run notTold = chaukas("conformance", "--target", running.target(), "--rule", "QRY-5");
      assertThat(notTold.code()).isEqualTo(1);
      assertThat(notTold.out())
          .containsPattern("QRY-5 +\\| pageSizeZeroMeans100AndAbove1000Means1000 +\\| FAIL +\\|"
              + " IngestEventBatch many failed with INVALID_ARGUMENT")
          .containsPattern("(?m)^conformance: 1 passed, 1 failed$");
    }
  }

  @Test
  void closedPortIsUnreachableWithExitTwo() throws IOException {
    int port = closedLoopbackPort();
    Run run = chaukas("conformance", "--target", "127.0.0.1:" + port, "--timeout-seconds", "5");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("chaukas conformance: cannot reach 127.0.0.1:" + port + ": UNAVAILABLE")
        .contains("is the server running");
    assertThat(run.out()).isEmpty();

    Run tls = chaukas("conformance", "--target", "127.0.0.1:" + port, "--tls");
    assertThat(tls.code()).isEqualTo(2);
  }

  @Test
  void tlsAgainstAPlaintextServerIsOneSentence() throws IOException {
    try (RunningServer running = ReferenceServer.create().start(0)) {
      Run run = chaukas("conformance", "--target", running.target(), "--tls");
      assertThat(run.code()).isEqualTo(2);
      assertThat(run.err()).isEqualTo("chaukas conformance: " + running.target()
          + " does not answer TLS: it looks like a plaintext server; leave out --tls\n");
      assertThat(run.out()).isEmpty();
    }
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(chaukas("conformance").code()).isEqualTo(2);
    Run noPort = chaukas("conformance", "--target", "localhost");
    assertThat(noPort.code()).isEqualTo(2);
    assertThat(noPort.err()).contains("--target must be HOST:PORT");
    assertThat(chaukas("conformance", "--target", "127.0.0.1:1", "--plaintext", "--tls").err())
        .contains("choose --plaintext or --tls");
    Run unknownRule = chaukas("conformance", "--target", "127.0.0.1:1", "--rule", "QRY-99");
    assertThat(unknownRule.code()).isEqualTo(2);
    assertThat(unknownRule.err()).contains("no such rule: QRY-99").contains("QRY-7");
    assertThat(chaukas("conformance", "--target", "127.0.0.1:1", "--tenant-prefix", "a b").err())
        .contains("tenant prefix");
    Run badPort = chaukas("serve", "--port", "70000");
    assertThat(badPort.code()).isEqualTo(2);
    assertThat(badPort.err()).contains("--port must lie in 0..65535");
  }

  @Test
  void servingOnAPortInUseExitsWithTwo() throws IOException {
    try (RunningServer running = ReferenceServer.create().start(0)) {
      Run run = chaukas("serve", "--port", Integer.toString(running.port()), "--store", "memory");
      assertThat(run.code()).isEqualTo(2);
      assertThat(run.err()).startsWith("chaukas serve: cannot listen on 127.0.0.1:" + running.port());
    }
  }

  @Test
  void helpDescribesBothCommands() {
    Run serve = chaukas("serve", "--help");
    assertThat(serve.code()).isZero();
    assertThat(serve.out()).contains("--port=PORT", "127.0.0.1", "--max-events", "--require-project",
        "--bind", "--keys", "--tls-cert", "--tls-key", "Exit codes:");
    Run conformance = chaukas("conformance", "--help");
    assertThat(conformance.code()).isZero();
    assertThat(conformance.out())
        .contains("--target=HOST:PORT", "--timeout-seconds", "--plaintext", "--tls", "--ca-file",
            "--api-key", "--header", "--rule", "Exit codes:");
    assertThat(chaukas("--help").out()).contains("serve", "conformance");
  }
}
