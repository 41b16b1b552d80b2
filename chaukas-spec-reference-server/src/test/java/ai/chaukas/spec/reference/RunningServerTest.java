package ai.chaukas.spec.reference;

import static ai.chaukas.spec.testing.internal.SampleEvents.event;
import static ai.chaukas.spec.testing.internal.ServerCalls.ingest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc;
import ai.chaukas.spec.client.v1.HealthzRequest;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link ReferenceServer#start(int)}: loopback only, ephemeral ports, clean shutdown. */
class RunningServerTest {

  @Test
  void servesBothServiceNamesOnAnEphemeralLoopbackPort() throws Exception {
    ReferenceServer server = ReferenceServer.create();
    try (RunningServer running = server.start(0)) {
      assertThat(running.port()).isPositive();
      assertThat(running.target()).isEqualTo("127.0.0.1:" + running.port());
      assertThat(running.server()).isSameAs(server);
      ManagedChannel channel = NettyChannelBuilder.forTarget(running.target()).usePlaintext().build();
      try {
        ChaukasClientServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .healthz(HealthzRequest.getDefaultInstance());
        ingest(
            ChaukasServerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS),
            event("e-1", 1).build());
        assertThat(server.eventCount()).isEqualTo(1);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void bindsOnly127001() throws Exception {
    try (RunningServer running = ReferenceServer.create().start(0)) {
      assertThat(running.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
      assertThat(running.address().getAddress().isLoopbackAddress()).isTrue();

      List<InetAddress> external =
          Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
              .flatMap(n -> Collections.list(n.getInetAddresses()).stream())
              .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
              .toList();
      assumeThat(external).as("a non-loopback IPv4 address to try").isNotEmpty();
      for (InetAddress address : external) {
        try (Socket socket = new Socket()) {
          assertThatThrownBy(() -> socket.connect(new InetSocketAddress(address, running.port()), 2000))
              .as("connecting through %s", address)
              .isInstanceOf(ConnectException.class);
        }
      }
    }
  }

  @Test
  void closeEndsAwaitTerminationAndIsIdempotent() throws Exception {
    RunningServer running = ReferenceServer.create().start(0);
    CompletableFuture<Void> waiting =
        CompletableFuture.runAsync(
            () -> {
              try {
                running.awaitTermination();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    assertThat(waiting).isNotDone();
    running.close();
    waiting.get(10, TimeUnit.SECONDS);
    assertThat(running.isTerminated()).isTrue();
    running.close();
    try (Socket socket = new Socket()) {
      assertThatThrownBy(() -> socket.connect(running.address(), 2000)).isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void refusesPortsOutsideTheRange() {
    ReferenceServer server = ReferenceServer.create();
    assertThatThrownBy(() -> server.start(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server.start(65_536)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPortInUseFailsWithIoException() throws Exception {
    try (RunningServer first = ReferenceServer.create().start(0)) {
      assertThatThrownBy(() -> ReferenceServer.create().start(first.port()))
          .isInstanceOf(java.io.IOException.class);
    }
  }
}
