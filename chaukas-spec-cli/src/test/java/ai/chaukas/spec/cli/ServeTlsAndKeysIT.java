package ai.chaukas.spec.cli;

import static ai.chaukas.spec.cli.ChaukasCliTest.chaukas;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.chaukas.spec.cli.ChaukasCliTest.Run;
import ai.chaukas.spec.testing.internal.Curl;
import ai.chaukas.spec.testing.internal.TestCertificates;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the README shows for a protected server: keys made with {@code chaukas api-key}, {@code
 * chaukas serve --keys --tls-cert --tls-key} in a process of its own, the Python SDK's batch posted
 * with curl over TLS with a Bearer key, and {@code chaukas conformance} against it with an
 * operator key.
 */
class ServeTlsAndKeysIT {

  private static final Pattern KEY = Pattern.compile("(?m)^api key: (ck_\\S+)$");

  @TempDir Path dir;

  private String apiKey(Path keys, String... options) {
    String[] args = new String[options.length + 3];
    args[0] = "api-key";
    System.arraycopy(options, 0, args, 1, options.length);
    args[options.length + 1] = "--append";
    args[options.length + 2] = keys.toString();
    Run run = chaukas((Object[]) args);
    assertThat(run.code()).as(run.err()).isZero();
    Matcher m = KEY.matcher(run.out());
    assertThat(m.find()).as(run.out()).isTrue();
    return m.group(1);
  }

  @Test
  void aProtectedTlsServerTakesTheSdkBatchWithAKeyAndPassesConformance() throws Exception {
    assumeThat(Curl.isInstalled()).as("curl at " + Curl.PATH).isTrue();
    assumeThat(TestCertificates.canMake()).as("openssl at " + TestCertificates.OPENSSL).isTrue();
    TestCertificates.Pem pem = TestCertificates.selfSigned(dir);
    Path keys = dir.resolve("keys.txt");
    String probeKey = apiKey(keys, "--tenant", "tenant-probe", "--name", "sdk");
    String operatorKey = apiKey(keys, "--tenant", "*", "--name", "conformance");
    // The test resources hold vectors/ as the repository root does.
    Path root = new File(ServeTlsAndKeysIT.class.getResource("/vectors").toURI()).toPath().getParent();

    try (ServeProcess serve = ServeProcess.start(List.of(), "--port", "0", "--store", "memory",
        "--keys", keys.toString(),
        "--tls-cert", pem.certificate().toString(), "--tls-key", pem.privateKey().toString())) {
      String base = "https://127.0.0.1:" + serve.port();
      String[] post = {"-sS", "-o", "/dev/null", "-w", "%{http_code}", "--cacert",
          pem.certificate().toString(), "-X", "POST",
          "--data-binary", "@vectors/python-sdk/02-events_batch.bin",
          "-H", "Content-Type: application/x-protobuf", base + "/v1/events/batch"};
      assertThat(Curl.run(root, post)).as("without a key").isEqualTo("401");
      assertThat(Curl.run(root, with(post, "-H", "Authorization: Bearer " + probeKey))).isEqualTo("202");
      String json = Curl.run(root, "-sS", "-f", "--cacert", pem.certificate().toString(), "-X", "POST",
          "-H", "Content-Type: application/json", "-H", "Authorization: Bearer " + probeKey,
          "--data", "{\"filter\":{\"tenant_id\":\"tenant-probe\"}}", base + "/v1/query");
      assertThat(Pattern.compile("\"event_id\"").matcher(json).results().count()).isEqualTo(4);

      String target = "127.0.0.1:" + serve.port();
      Run conformance = chaukas("conformance", "--target", target, "--tls", "--ca-file",
          pem.certificate(), "--api-key", operatorKey);
      assertThat(conformance.code()).as(conformance.out() + conformance.err()).isZero();
      assertThat(conformance.out()).containsPattern("(?m)^conformance: \\d+ passed, 0 failed$");

      Run tenantKey = chaukas("conformance", "--target", target, "--tls", "--ca-file",
          pem.certificate(), "--api-key", probeKey, "--rule", "SVC-2");
      assertThat(tenantKey.code()).isEqualTo(2);
      assertThat(tenantKey.err()).startsWith("chaukas conformance: " + target + " refused the call:"
          + " PERMISSION_DENIED: API key 'sdk' is for tenant tenant-probe");

      Run noKey = chaukas("conformance", "--target", target, "--tls", "--ca-file", pem.certificate());
      assertThat(noKey.code()).isEqualTo(2);
      assertThat(noKey.err()).startsWith("chaukas conformance: " + target + " refused the call:"
          + " UNAUTHENTICATED: ").endsWith("pass --api-key with a key of every tenant (chaukas api-key"
          + " --tenant '*')\n");

      Run untrusted = chaukas("conformance", "--target", target, "--tls", "--api-key", operatorKey);
      assertThat(untrusted.code()).isEqualTo(2);
      assertThat(untrusted.err()).startsWith("chaukas conformance: the certificate of " + target
          + " is not trusted (").contains("pass --ca-file").doesNotContain("\tat ");

      Run plaintext = chaukas("conformance", "--target", target, "--api-key", operatorKey);
      assertThat(plaintext.code()).isEqualTo(2);
      assertThat(plaintext.err()).isEqualTo("chaukas conformance: " + target + " speaks TLS: add --tls"
          + " (and --ca-file FILE if its certificate is self-signed or from a private CA)\n");

      serve.terminate();
      assertThat(serve.awaitExit()).isZero();
      assertThat(serve.out())
          .contains("chaukas serve: listening on " + target + " (gRPC over TLS: ")
          .contains("HTTP: " + base + "/v1; metrics: " + base + "/metrics)")
          .contains("chaukas serve: API keys required on every call but Healthz: 2 from " + keys
              + ", 1 of them for every tenant")
          .contains("request refused: UNAUTHENTICATED: IngestEventBatch: ")
          .contains("IngestEventBatch batch_id=")
          .doesNotContain(probeKey, operatorKey);
      assertThat(serve.err()).doesNotContain(probeKey, operatorKey);
    }
  }

  @Test
  void aLoopbackServerWithoutKeysSaysItIsOpen() throws Exception {
    try (ServeProcess serve = ServeProcess.start(List.of(), "--port", "0", "--store", "memory")) {
      serve.port();
      serve.terminate();
      assertThat(serve.awaitExit()).isZero();
      assertThat(serve.out()).contains("chaukas serve: no API keys: any client on this machine can read"
          + " and write every tenant (--keys FILE requires keys)");
    }
  }

  private static String[] with(String[] args, String... more) {
    String[] all = new String[args.length + more.length];
    System.arraycopy(more, 0, all, 0, more.length);
    System.arraycopy(args, 0, all, more.length, args.length);
    return all;
  }
}
