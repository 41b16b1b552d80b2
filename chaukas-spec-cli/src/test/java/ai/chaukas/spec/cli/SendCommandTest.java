package ai.chaukas.spec.cli;

import static ai.chaukas.spec.cli.ChaukasCliTest.chaukas;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.chaukas.spec.cli.ChaukasCliTest.Run;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.exporter.ChaukasExporter;
import ai.chaukas.spec.exporter.SpoolMode;
import ai.chaukas.spec.reference.ApiKeys;
import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.reference.RunningServer;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.GetEventStatsRequest;
import ai.chaukas.spec.testing.internal.SampleEvents;
import ai.chaukas.spec.testing.internal.TestCertificates;
import com.google.protobuf.util.JsonFormat;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code chaukas send}, against a reference server on a loopback port. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SendCommandTest {

  private static final String SUMMARY =
      "chaukas send: %d events read, %d sent, %d rejected, %d dropped in \\d+\\.\\d s\n";

  private static RunningServer running;
  private static ManagedChannel channel;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws IOException {
    running = ReferenceServer.create().start(0);
    channel = NettyChannelBuilder.forTarget(running.target()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    running.close();
  }

  private static long stored(String tenant) {
    return ChaukasServerServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .getEventStats(GetEventStatsRequest.newBuilder().setTenantId(tenant).build())
        .getTotalEvents();
  }

  /** {@code n} valid events of {@code tenant}, ids {@code tenant-0} …, in a few sessions. */
  private static List<Event> events(String tenant, int n) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(SampleEvents.event(tenant + "-" + i, 1_764_000_000L + i)
          .setTenantId(tenant)
          .setSessionId("session-" + (i % 7))
          .build());
    }
    return events;
  }

  /** JSON Lines with proto field names, as the Python SDK's file mode writes them. */
  private Path jsonl(String name, List<Event> events) throws IOException {
    JsonFormat.Printer printer =
        JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();
    StringBuilder text = new StringBuilder();
    for (Event event : events) {
      text.append(printer.print(event)).append('\n');
    }
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private Path binaryBatch(String name, List<Event> events) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, EventBatch.newBuilder().setBatchId(name).addAllEvents(events).build()
        .toByteArray());
    return file;
  }

  private static String endpoint(String transport) {
    return transport.equals("http") ? running.httpEndpoint() : running.target();
  }

  private static int closedLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @ParameterizedTest
  @CsvSource({"grpc, jsonl", "grpc, binary", "http, jsonl", "http, binary"})
  void storesEveryEventOfAFile(String transport, String format) throws IOException {
    String tenant = "send-" + transport + "-" + format;
    List<Event> events = events(tenant, 1_300);
    Path file = format.equals("jsonl") ? jsonl("audit.jsonl", events)
        : binaryBatch("audit.bin", events);

    Run run = chaukas("send", "--endpoint", endpoint(transport), "--transport", transport, file);

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).matches(String.format(SUMMARY, 1_300, 1_300, 0, 0));
    assertThat(run.err()).isEmpty();
    assertThat(stored(tenant)).isEqualTo(1_300);
  }

  @Test
  void sendsFilesInOrderAndAgainWithoutStoringTwice() throws IOException {
    String tenant = "send-twice";
    List<Event> events = events(tenant, 40);
    Path first = jsonl("first.jsonl", events.subList(0, 30));
    Path second = binaryBatch("second.bin", events.subList(20, 40));

    Run run = chaukas("send", "--endpoint", running.target(), first, second);
    Run again = chaukas("send", "--endpoint", running.target(), first, second);

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).matches(String.format(SUMMARY, 50, 50, 0, 0));
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(stored(tenant)).isEqualTo(40);
  }

  @Test
  void readsStandardInput() throws IOException {
    String tenant = "send-stdin";
    byte[] log = Files.readAllBytes(jsonl("audit.jsonl", events(tenant, 25)));
    InputStream original = System.in;
    System.setIn(new ByteArrayInputStream(log));
    Run run;
    try {
      run = chaukas("send", "--transport", "http", "--endpoint", running.httpEndpoint(), "-");
    } finally {
      System.setIn(original);
    }

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).matches(String.format(SUMMARY, 25, 25, 0, 0));
    assertThat(stored(tenant)).isEqualTo(25);
  }

  @Test
  void listsRejectedEventsWithTheirIdAndReasonAndExitsWithOne() throws IOException {
    String tenant = "send-rejected";
    List<Event> events = new ArrayList<>(events(tenant, 3));
    events.add(1, events.get(0).toBuilder().setEventId("no-session").clearSessionId().build());
    Path file = jsonl("one-invalid.jsonl", events);

    for (String transport : List.of("grpc", "http")) {
      Run run = chaukas("send", "--transport", transport, "--endpoint", endpoint(transport), file);

      assertThat(run.code()).as(run.err()).isEqualTo(1);
      assertThat(run.out()).matches(String.format(SUMMARY, 4, 3, 1, 0));
      assertThat(run.err()).startsWith("chaukas send: event no-session rejected: ")
          .hasLineCount(1);
    }
    assertThat(stored(tenant)).isEqualTo(3);
  }

  @Test
  void anUnreachablePlatformExitsWithTwoNamingTheEndpoint() throws IOException {
    Path file = jsonl("audit.jsonl", events("send-unreachable", 5));
    int port = closedLoopbackPort();
    for (String endpoint : List.of("127.0.0.1:" + port, "http://127.0.0.1:" + port + "/v1")) {
      Run run = chaukas("send", "--endpoint", endpoint, "--retry-budget-seconds", 1,
          "--transport", endpoint.startsWith("http") ? "http" : "grpc", file);

      assertThat(run.code()).as(run.err()).isEqualTo(2);
      assertThat(run.out()).matches(String.format(SUMMARY, 5, 0, 0, 5));
      assertThat(run.err()).startsWith("chaukas send: cannot reach " + endpoint
              + ": 5 events not sent after retrying for 1 s (last error: ")
          .contains("is the platform running and listening there? Sending the files again is"
              + " safe");
    }
  }

  @Test
  void unusableInputExitsWithTwoNamingTheFileBeforeSendingAnything() throws IOException {
    Path good = jsonl("good.jsonl", events("send-unusable", 3));
    Path garbage = dir.resolve("garbage.dat");
    Files.write(garbage, new byte[] {(byte) 0xff, 0x01, 0x02, 0x03});

    Run missing = chaukas("send", "--endpoint", running.target(), good, dir.resolve("nope.jsonl"));
    Run damaged = chaukas("send", "--endpoint", running.target(), good, garbage);

    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).startsWith("chaukas send: " + dir.resolve("nope.jsonl"));
    assertThat(damaged.code()).isEqualTo(2);
    assertThat(damaged.err()).startsWith("chaukas send: " + garbage);
    assertThat(missing.out() + damaged.out()).isEmpty();
    assertThat(stored("send-unusable")).isZero();
  }

  @Test
  void wrongOptionsExitWithTwo() throws IOException {
    Path file = jsonl("audit.jsonl", events("send-options", 1));
    Run url = chaukas("send", "--endpoint", running.httpEndpoint(), file);
    assertThat(url.code()).isEqualTo(2);
    assertThat(url.err()).contains("is an HTTP URL: add --transport http");
    Run hostPort = chaukas("send", "--transport", "http", "--endpoint", running.target(), file);
    assertThat(hostPort.code()).isEqualTo(2);
    assertThat(hostPort.err()).contains("--endpoint must be an http:// or https:// URL");
    Run transport = chaukas("send", "--transport", "smtp", "--endpoint", running.target(), file);
    assertThat(transport.code()).isEqualTo(2);
    assertThat(transport.err()).contains("--transport must be grpc or http");
    assertThat(chaukas("send", file).code()).isEqualTo(2);
  }

  @Test
  void theApiKeyReachesAServerThatRequiresOne() throws IOException {
    String key = ApiKeys.newKey();
    Path keys = dir.resolve("keys");
    Files.writeString(keys, ApiKeys.fileLine(key, "send-keys", null,
        Set.of(ApiKeys.Scope.INGEST), "send") + "\n");
    Path file = jsonl("audit.jsonl", events("send-keys", 10));
    try (RunningServer secured =
        ReferenceServer.builder().apiKeys(ApiKeys.load(keys)).build().start(0)) {
      for (String endpoint : List.of(secured.target(), secured.httpEndpoint())) {
        String transport = endpoint.startsWith("http") ? "http" : "grpc";
        Run withKey = chaukas("send", "--transport", transport, "--endpoint", endpoint,
            "--api-key", key, file);
        Run without = chaukas("send", "--transport", transport, "--endpoint", endpoint, file);

        assertThat(withKey.code()).as(withKey.err()).isZero();
        assertThat(withKey.out()).matches(String.format(SUMMARY, 10, 10, 0, 0));
        assertThat(without.code()).as(without.err()).isEqualTo(2);
        assertThat(without.err()).startsWith("chaukas send: " + endpoint
            + " refused to take events without an API key (").doesNotContain(key);
        assertThat(withKey.out() + withKey.err()).doesNotContain(key);
      }
    }
  }

  @Test
  void tlsWithACaFileReachesATlsServerAndPlaintextIsToldToAddTls() throws Exception {
    assumeThat(TestCertificates.canMake()).as("openssl at " + TestCertificates.OPENSSL).isTrue();
    TestCertificates.Pem pem = TestCertificates.selfSigned(dir);
    Path file = jsonl("audit.jsonl", events("send-tls", 10));
    try (RunningServer secured = ReferenceServer.builder()
        .tls(pem.certificate(), pem.privateKey()).build().start(0)) {
      String target = secured.target();
      Run tls = chaukas("send", "--endpoint", target, "--tls", "--ca-file", pem.certificate(),
          file);
      Run plaintext = chaukas("send", "--endpoint", target, "--retry-budget-seconds", 1, file);

      assertThat(tls.code()).as(tls.err()).isZero();
      assertThat(tls.out()).matches(String.format(SUMMARY, 10, 10, 0, 0));
      assertThat(plaintext.code()).isEqualTo(2);
      assertThat(plaintext.err()).startsWith("chaukas send: cannot reach " + target + ": ")
          .contains(target + " speaks TLS: add --tls");
    }
  }

  @Test
  void sendsThroughTheSpoolAndLeavesNothingInIt() throws IOException {
    String tenant = "send-spool";
    Path spool = dir.resolve("spool");
    Path file = binaryBatch("audit.bin", events(tenant, 700));
    Path empty = jsonl("empty.jsonl", List.of());

    Run run = chaukas("send", "--endpoint", running.target(), "--spool", spool, file);
    // A second send on the spool would first send anything the first one left there.
    Run next = chaukas("send", "--endpoint", running.target(), "--spool", spool, empty);

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).matches(String.format(SUMMARY, 700, 700, 0, 0));
    assertThat(stored(tenant)).isEqualTo(700);
    assertThat(Files.isDirectory(spool)).isTrue();
    assertThat(next.code()).as(next.err()).isZero();
    assertThat(next.out()).matches(String.format(SUMMARY, 0, 0, 0, 0));
  }

  @Test
  void aSpoolAnotherSendHoldsIsUnusable() throws IOException {
    Path spool = dir.resolve("spool");
    Files.createDirectories(spool);
    Path file = jsonl("audit.jsonl", events("send-locked", 1));
    try (ChaukasExporter held = ChaukasExporter.builder()
        .grpcTarget(running.target()).usePlaintext(true).spool(spool, SpoolMode.ASYNC).build()) {
      Run run = chaukas("send", "--endpoint", running.target(), "--spool", spool, file);
      assertThat(run.code()).isEqualTo(2);
      assertThat(run.err()).startsWith("chaukas send: cannot open the spool in " + spool);
    }
  }
}
