package ai.chaukas.spec.reference;

import static ai.chaukas.spec.testing.internal.SampleEvents.TENANT;
import static ai.chaukas.spec.testing.internal.SampleEvents.event;
import static ai.chaukas.spec.testing.internal.ServerCalls.failsWith;
import static ai.chaukas.spec.testing.internal.ServerCalls.ingest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.chaukas.spec.reference.ApiKeys.Scope;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.IngestEventRequest;
import ai.chaukas.spec.testing.internal.TestCertificates;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ReferenceServer.Builder#tls}: gRPC and HTTP over TLS on one port, with API keys. */
class TlsTest {

  @TempDir Path dir;

  @Test
  void servesGrpcAndHttpOverTlsAndRefusesPlaintext() throws Exception {
    assumeThat(TestCertificates.canMake()).as("openssl at " + TestCertificates.OPENSSL).isTrue();
    TestCertificates.Pem pem = TestCertificates.selfSigned(dir);
    String key = ApiKeys.newKey();
    Path keys = dir.resolve("keys");
    Files.write(keys, List.of(ApiKeys.fileLine(key, TENANT, null, Set.of(Scope.INGEST), null)));
    ReferenceServer server = ReferenceServer.builder()
        .apiKeys(ApiKeys.load(keys))
        .tls(pem.certificate(), pem.privateKey())
        .build();
    try (RunningServer running = server.start(0)) {
      assertThat(running.httpEndpoint()).isEqualTo("https://" + running.target() + "/v1");

      Metadata bearer = new Metadata();
      bearer.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
      ManagedChannel tls = Grpc.newChannelBuilder(running.target(),
          TlsChannelCredentials.newBuilder().trustManager(pem.certificate().toFile()).build()).build();
      ManagedChannel plaintext = NettyChannelBuilder.forTarget(running.target()).usePlaintext().build();
      try {
        ChaukasServerServiceBlockingStub stub = ChaukasServerServiceGrpc.newBlockingStub(tls)
            .withDeadlineAfter(20, TimeUnit.SECONDS)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer));
        ingest(stub, event("e-grpc", 1).build());
        failsWith(Status.Code.UNAVAILABLE, () -> ingest(
            ChaukasServerServiceGrpc.newBlockingStub(plaintext).withDeadlineAfter(20, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer)),
            event("e-plain", 1).build()));
      } finally {
        tls.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        plaintext.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }

      HttpClient https = HttpClient.newBuilder().sslContext(trusting(pem.certificate()))
          .connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> posted = https.send(
          HttpRequest.newBuilder(URI.create(running.httpEndpoint() + "/events"))
              .header("Content-Type", "application/x-protobuf")
              .header("Authorization", "Bearer " + key)
              .POST(HttpRequest.BodyPublishers.ofByteArray(IngestEventRequest.newBuilder()
                  .setEvent(event("e-http", 2)).build().toByteArray()))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).isEqualTo(202);
      assertThat(server.eventCount()).isEqualTo(2);
    }
  }

  @Test
  void filesThatAreNotPemAreRefusedNamingThem() throws Exception {
    Path notPem = dir.resolve("not.pem");
    Files.writeString(notPem, "hello");
    assertThatThrownBy(() -> ReferenceServer.builder().tls(notPem, notPem))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot use the TLS certificate " + notPem + " with the key " + notPem)
        .hasMessageContaining("PEM");
  }

  private static SSLContext trusting(Path certificate) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(certificate)) {
      store.setCertificateEntry("test", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
