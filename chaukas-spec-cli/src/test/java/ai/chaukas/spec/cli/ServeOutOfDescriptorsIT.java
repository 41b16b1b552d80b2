package ai.chaukas.spec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc;
import ai.chaukas.spec.client.v1.HealthzRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@code chaukas serve} under {@code ulimit -n 256}, run out of descriptors by more connections
 * than it may open: once they close it accepts and serves again, and SIGTERM still stops it
 * promptly with exit code 0.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "no ulimit or SIGTERM")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ServeOutOfDescriptorsIT {

  private static final int DESCRIPTORS = 256;
  private static final int SOCKETS = 2 * DESCRIPTORS;

  @Test
  void outOfDescriptorsThenServesAgainAndStopsOnSigterm() throws Exception {
    // A cap above the descriptor limit, so that accepting runs into EMFILE itself.
    try (ServeProcess serve = ServeProcess.startWithDescriptorLimit(DESCRIPTORS,
        "--port", "0", "--store", "memory", "--max-connections", "100000", "--idle-timeout", "60")) {
      overwhelm(serve);
      assertThat(serve.err()).contains("Too many open files");
    }
  }

  @Test
  void theDefaultConnectionCapKeepsDescriptorsFree() throws Exception {
    try (ServeProcess serve = ServeProcess.startWithDescriptorLimit(DESCRIPTORS,
        "--port", "0", "--store", "memory", "--idle-timeout", "60")) {
      overwhelm(serve);
      assertThat(serve.err()).doesNotContain("Too many open files");
    }
  }

  /**
   * Opens twice as many connections as the process has descriptors and closes them; then it must
   * serve and stop on SIGTERM.
   */
  private static void overwhelm(ServeProcess serve) throws Exception {
    int port = serve.port();
    healthz(port);
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < SOCKETS; i++) {
        Socket socket = new Socket();
        try {
          socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        } catch (IOException backlogFull) {
          socket.close();
          continue;
        }
        sockets.add(socket);
      }
      Thread.sleep(2_000);
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        healthz(port);
        break;
      } catch (RuntimeException notYet) {
        assertThat(System.nanoTime()).as("serving again after running out of descriptors: "
            + serve.out() + serve.err()).isLessThan(deadline);
        Thread.sleep(200);
      }
    }
    long start = System.nanoTime();
    serve.terminate();
    assertThat(serve.awaitExit()).as(serve.out() + serve.err()).isZero();
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start))
        .as("seconds from SIGTERM to exit").isLessThan(10);
  }

  private static void healthz(int port) throws InterruptedException {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      ChaukasClientServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
          .healthz(HealthzRequest.getDefaultInstance());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
