package ai.chaukas.spec.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc.ChaukasClientServiceBlockingStub;
import ai.chaukas.spec.client.v1.IngestEventRequest;
import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.reference.RunningServer;
import ai.chaukas.spec.testing.internal.SampleEvents;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Loopback, per test: a new server on a new 127.0.0.1 port for every test, closed afterwards. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoopbackPerTestTest {

  @RegisterExtension static final ChaukasServerExtension chaukas = ChaukasServerExtension.loopback();

  private static RunningServer previous;

  @Test
  @Order(1)
  void servesOnALoopbackPort(
      ChaukasClientServiceBlockingStub client, RunningServer loopback, ReferenceServer server) {
    assertThat(loopback.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(loopback.server()).isSameAs(server);
    client.ingestEvent(IngestEventRequest.newBuilder().setEvent(SampleEvents.sessionStart("e-1")).build());
    assertThat(server.eventCount()).isEqualTo(1);
    previous = loopback;
  }

  @Test
  @Order(2)
  void nextTestGetsANewEmptyServerAndThePreviousOneIsClosed(
      RunningServer loopback, ReferenceServer server) {
    assertThat(loopback).isNotSameAs(previous);
    assertThat(previous.isTerminated()).isTrue();
    assertThat(server.eventCount()).isZero();
  }
}
