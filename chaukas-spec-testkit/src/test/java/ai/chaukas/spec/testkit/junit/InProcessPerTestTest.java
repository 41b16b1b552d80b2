package ai.chaukas.spec.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc.ChaukasClientServiceFutureStub;
import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc.ChaukasClientServiceStub;
import ai.chaukas.spec.client.v1.HealthzRequest;
import ai.chaukas.spec.client.v1.HealthzResponse;
import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceFutureStub;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceStub;
import ai.chaukas.spec.server.v1.GetCapabilitiesRequest;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** In-process, per test: every test gets a new server with an empty store and every stub type. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InProcessPerTestTest {

  @RegisterExtension static final ChaukasServerExtension chaukas = ChaukasServerExtension.inProcess();

  private static ReferenceServer previous;
  private static ManagedChannel previousChannel;

  @Test
  @Order(1)
  void firstTestStoresAnEvent(
      ChaukasServerServiceBlockingStub stub, ReferenceServer server, ManagedChannel channel) {
    Samples.ingest(stub, "e-1");
    assertThat(server.eventCount()).isEqualTo(1);
    previous = server;
    previousChannel = channel;
  }

  @Test
  @Order(2)
  void secondTestStartsEmptyAfterTheFirstWasShutDown(
      ChaukasServerServiceBlockingStub stub, ReferenceServer server) {
    assertThat(server).isNotSameAs(previous);
    assertThat(server.eventCount()).isZero();
    assertThat(previousChannel.isTerminated()).isTrue();
    Samples.ingest(stub, "e-1");
    assertThat(server.eventCount()).isEqualTo(1);
  }

  @Test
  void injectsChannelsAndEveryStubOfOneServer(
      ManagedChannel managed,
      Channel channel,
      ChaukasClientServiceFutureStub clientFuture,
      ChaukasClientServiceStub clientAsync,
      ChaukasServerServiceFutureStub serverFuture,
      ChaukasServerServiceStub serverAsync)
      throws Exception {
    assertThat(channel).isSameAs(managed);
    assertThat(clientFuture.healthz(HealthzRequest.getDefaultInstance()).get(5, TimeUnit.SECONDS))
        .isEqualTo(HealthzResponse.getDefaultInstance());
    assertThat(
            serverFuture
                .getCapabilities(GetCapabilitiesRequest.getDefaultInstance())
                .get(5, TimeUnit.SECONDS)
                .getCapabilities()
                .getPolicyDecisions())
        .isTrue();
    CompletableFuture<HealthzResponse> reply = new CompletableFuture<>();
    clientAsync.healthz(HealthzRequest.getDefaultInstance(), observer(reply));
    assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo(HealthzResponse.getDefaultInstance());
    CompletableFuture<ai.chaukas.spec.server.v1.HealthzResponse> serverReply = new CompletableFuture<>();
    serverAsync.healthz(ai.chaukas.spec.server.v1.HealthzRequest.getDefaultInstance(), observer(serverReply));
    assertThat(serverReply.get(5, TimeUnit.SECONDS))
        .isEqualTo(ai.chaukas.spec.server.v1.HealthzResponse.getDefaultInstance());
  }

  private static <T> StreamObserver<T> observer(CompletableFuture<T> result) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        result.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    };
  }
}
