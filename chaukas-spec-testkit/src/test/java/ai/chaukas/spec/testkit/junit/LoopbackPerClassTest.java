package ai.chaukas.spec.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.reference.RunningServer;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.testing.internal.SampleEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Loopback, per class: one port for the class; the store carries over between tests. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoopbackPerClassTest {

  @RegisterExtension
  static final ChaukasServerExtension chaukas = ChaukasServerExtension.loopback().perClass();

  private static RunningServer first;

  @Test
  @Order(1)
  void firstTestStores(ChaukasServerServiceBlockingStub stub, RunningServer loopback) {
    Samples.ingest(stub, "e-1");
    first = loopback;
  }

  @Test
  @Order(2)
  void secondTestSeesTheSamePortAndStore(RunningServer loopback) {
    assertThat(loopback).isSameAs(first);
    assertThat(loopback.server().event(SampleEvents.TENANT, "e-1")).isPresent();
    assertThat(loopback.isTerminated()).isFalse();
  }

  @AfterAll
  static void stillRunningInAfterAll(RunningServer loopback) {
    assertThat(loopback.isTerminated()).isFalse();
  }
}
