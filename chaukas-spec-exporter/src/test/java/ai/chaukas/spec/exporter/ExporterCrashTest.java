package ai.chaukas.spec.exporter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.common.v1.QueryResponse;
import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.reference.RunningServer;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.QueryEventsRequest;
import ai.chaukas.spec.testing.internal.SampleEvents;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent exporting with a spool in SYNC mode is killed with SIGKILL mid-stream; a new exporter
 * on the same spool sends what was left. Every event whose export returned reaches the reference
 * server, and each is stored once.
 */
class ExporterCrashTest {

  private static final int EXPORTS_BEFORE_KILL = 3_000;

  @TempDir Path dir;

  @Test
  void everyEventExportedBeforeSigkillReachesThePlatformOnce() throws Exception {
    Path spool = dir.resolve("spool");
    Path stderr = dir.resolve("agent-stderr.txt");
    try (RunningServer running = ReferenceServer.create().start(0)) {
      Process agent = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
          "-cp", System.getProperty("java.class.path"), CrashingAgent.class.getName(),
          running.target(), spool.toString())
          .redirectError(stderr.toFile())
          .start();
      Set<String> exported = new HashSet<>();
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(agent.getInputStream(), UTF_8))) {
        while (exported.size() < EXPORTS_BEFORE_KILL) {
          String line = lines.readLine();
          assertThat(line).as("the agent ended early: %s", Files.readString(stderr)).isNotNull();
          exported.add("crash-" + line);
        }
      } finally {
        agent.destroyForcibly();
        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }

      ManagedChannel channel = NettyChannelBuilder.forTarget(running.target()).usePlaintext().build();
      List<String> before = storedIds(ChaukasServerServiceGrpc.newBlockingStub(channel));
      assertThat(before).as("some exported events were not sent when the agent died")
          .matches(ids -> !ids.containsAll(exported));
      try (ChaukasExporter next = ChaukasExporter.builder()
          .grpc(channel).spool(spool, SpoolMode.SYNC).build()) {
        ChaukasServerServiceBlockingStub stub = ChaukasServerServiceGrpc.newBlockingStub(channel);
        List<String> stored = storedIds(stub);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!stored.containsAll(exported) && System.nanoTime() < deadline) {
          Thread.sleep(200);
          stored = storedIds(stub);
        }
        assertThat(stored).containsAll(exported).doesNotHaveDuplicates();
        assertThat(next.flush(Duration.ofSeconds(30))).isTrue();
        assertThat(next.stats().rejected()).isZero();
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /** Every stored event id of the tenant, page by page. */
  private static List<String> storedIds(ChaukasServerServiceBlockingStub stub) {
    List<String> ids = new ArrayList<>();
    String token = "";
    do {
      QueryResponse page = stub.withDeadlineAfter(30, TimeUnit.SECONDS).queryEvents(
          QueryEventsRequest.newBuilder().setQuery(QueryRequest.newBuilder()
              .setFilter(QueryFilter.newBuilder().setTenantId(SampleEvents.TENANT))
              .setPageSize(1000).setPageToken(token)).build()).getResponse();
      page.getEventsList().stream().map(Event::getEventId).forEach(ids::add);
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return ids;
  }
}
