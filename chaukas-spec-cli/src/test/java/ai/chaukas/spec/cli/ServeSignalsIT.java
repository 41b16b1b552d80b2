package ai.chaukas.spec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc;
import ai.chaukas.spec.client.v1.HealthzRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** {@code chaukas serve} in its own JVM stops in order on SIGTERM and Ctrl-C, and exits with 0. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "Windows has no SIGTERM or kill -INT")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServeSignalsIT {

  private static final String STOPPED = "chaukas serve: stopped; it held 0 events\n";

  @Test
  void sigtermStopsItInOrderWithExitCodeZero() throws Exception {
    try (ServeProcess serve = ServeProcess.start(List.of(), "--port", "0", "--store", "memory")) {
      healthz(serve.port());
      serve.terminate();
      assertThat(serve.awaitExit()).as(serve.out() + serve.err()).isZero();
      assertThat(serve.out()).endsWith(STOPPED);
      assertThat(serve.err()).isEmpty();
    }
  }

  @Test
  void ctrlCStopsItInOrderWithExitCodeZero() throws Exception {
    try (ServeProcess serve = ServeProcess.start(List.of(), "--port", "0", "--store", "memory")) {
      healthz(serve.port());
      assumeFalse(serve.ignoresSigint(), "this process tree ignores SIGINT (started in the background)");
      serve.signal("INT");
      assertThat(serve.awaitExit()).as(serve.out() + serve.err()).isZero();
      assertThat(serve.out()).endsWith(STOPPED);
      assertThat(serve.err()).isEmpty();
    }
  }

  @Test
  void whereTheJvmKeepsTheSignalsToItselfItStillServes() throws Exception {
    // -Xrs: the JVM neither handles SIGINT and SIGTERM nor lets the application handle them.
    try (ServeProcess serve = ServeProcess.start(List.of("-Xrs"), "--port", "0", "--store", "memory")) {
      healthz(serve.port());
      assertThat(serve.err()).isEmpty();
      serve.terminate();
      serve.awaitExit();
      assertThat(serve.err()).isEmpty();
    }
  }

  private static void healthz(int port) throws InterruptedException {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      ChaukasClientServiceGrpc.newBlockingStub(channel).healthz(HealthzRequest.getDefaultInstance());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
