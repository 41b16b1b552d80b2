package ai.chaukas.spec.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.reference.RunningServer;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** {@code @ChaukasServerTest} with a loopback transport shared by the class. */
@ChaukasServerTest(
    transport = ChaukasServerExtension.Transport.LOOPBACK,
    lifecycle = ChaukasServerExtension.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaukasServerTestLoopbackPerClassTest {

  private static RunningServer first;

  @Test
  @Order(1)
  void storesOnALoopbackPort(ChaukasServerServiceBlockingStub stub, RunningServer loopback) {
    assertThat(loopback.target()).startsWith("127.0.0.1:");
    Samples.ingest(stub, "e-1");
    first = loopback;
  }

  @Test
  @Order(2)
  void theClassSharesIt(RunningServer loopback) {
    assertThat(loopback).isSameAs(first);
    assertThat(loopback.server().eventCount()).isEqualTo(1);
  }
}
