package ai.chaukas.spec.cli;

import static ai.chaukas.spec.cli.ChaukasCliTest.chaukas;
import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.cli.ChaukasCliTest.Run;
import ai.chaukas.spec.reference.ApiKeys;
import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.reference.RunningServer;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.GetEventStatsRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chaukas api-key}, and what {@code chaukas serve} refuses before it listens. */
class ApiKeyCommandTest {

  private static final Pattern OUTPUT =
      Pattern.compile("api key: (ck_[A-Za-z0-9_-]{43})\nkey file line: ([0-9a-f]{64} .*)\n");

  @TempDir Path dir;

  @Test
  void printsAKeyAndTheLineThatMakesAServerAcceptIt() throws Exception {
    Run run = chaukas("api-key", "--tenant", "acme corp", "--scopes", "query", "--name", "dashboards");
    assertThat(run.code()).as(run.err()).isZero();
    Matcher m = OUTPUT.matcher(run.out());
    assertThat(m.matches()).as(run.out()).isTrue();
    String key = m.group(1);
    assertThat(m.group(2)).endsWith(" tenant=acme%20corp scopes=query name=dashboards").doesNotContain(key);

    Path file = dir.resolve("keys");
    Files.writeString(file, m.group(2) + "\n");
    try (RunningServer running =
            ReferenceServer.builder().apiKeys(ApiKeys.load(file)).build().start(0)) {
      ManagedChannel channel = NettyChannelBuilder.forTarget(running.target()).usePlaintext().build();
      try {
        Metadata bearer = new Metadata();
        bearer.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
        var stub = ChaukasServerServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(20, TimeUnit.SECONDS)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer));
        assertThat(stub.getEventStats(GetEventStatsRequest.newBuilder().setTenantId("acme corp").build())
            .getTotalEvents()).isZero();
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(StatusRuntimeException.class,
                () -> stub.getEventStats(GetEventStatsRequest.newBuilder().setTenantId("acme").build()))
            .getStatus().getCode()).isEqualTo(io.grpc.Status.Code.PERMISSION_DENIED);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void appendWritesTheLineToTheFileAndPrintsOnlyTheKey() throws Exception {
    Path file = dir.resolve("keys");
    Run first = chaukas("api-key", "--tenant", "*", "--scopes", "ingest,query,metrics", "--append", file);
    Run second = chaukas("api-key", "--tenant", "t", "--project", "p", "--append", file);
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(first.out()).startsWith("api key: ck_").contains("appended its line to " + file);
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).endsWith(" tenant=* scopes=ingest,query,metrics");
    assertThat(lines.get(1)).endsWith(" tenant=t project=p scopes=ingest,query");
    ApiKeys keys = ApiKeys.load(file);
    assertThat(keys.size()).isEqualTo(2);
    assertThat(keys.operatorKeys()).isEqualTo(1);
  }

  @Test
  void wrongOptionsExitWithTwo() {
    Run scope = chaukas("api-key", "--tenant", "t", "--scopes", "admin");
    assertThat(scope.code()).isEqualTo(2);
    assertThat(scope.err()).contains("--scopes: no scope \"admin\"");
    Run metrics = chaukas("api-key", "--tenant", "t", "--scopes", "metrics");
    assertThat(metrics.code()).isEqualTo(2);
    assertThat(metrics.err()).contains("only to a key with tenant=*");
    assertThat(chaukas("api-key").code()).isEqualTo(2);
    assertThat(chaukas("api-key", "--help").out()).contains("--tenant", "--scopes", "--append", "keygen");
  }

  @Test
  void serveRefusesToListenBeyondLoopbackWithoutKeys() {
    Run run = chaukas("serve", "--bind", "0.0.0.0", "--port", "0", "--store", "memory");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("chaukas serve: listening on 0.0.0.0 without --keys would let anyone"
        + " who reaches the port read and write every tenant; pass --keys FILE (make keys with chaukas"
        + " api-key).\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void serveRefusesABadKeyFileAndHalfATlsPair() throws Exception {
    Path file = dir.resolve("keys");
    Files.writeString(file, "# keys\nnot-a-hash tenant=t scopes=query\n");
    Run bad = chaukas("serve", "--keys", file, "--port", "0", "--store", "memory");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).startsWith("chaukas serve: " + file + ":2: a line starts with the SHA-256");
    Run missing = chaukas("serve", "--keys", dir.resolve("none"), "--port", "0", "--store", "memory");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot read the key file").contains("no such file");
    Run half = chaukas("serve", "--tls-cert", file, "--port", "0", "--store", "memory");
    assertThat(half.code()).isEqualTo(2);
    assertThat(half.err()).contains("--tls-cert and --tls-key go together");
  }
}
