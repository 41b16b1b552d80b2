package ai.chaukas.spec.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc.ChaukasClientServiceBlockingStub;
import ai.chaukas.spec.client.v1.HealthzRequest;
import ai.chaukas.spec.reference.ReferenceServer;
import org.junit.jupiter.api.Test;

/** {@code @ChaukasServerTest} with its defaults: in-process, a new server per test. */
@ChaukasServerTest
class ChaukasServerTestAnnotationTest {

  @Test
  void answersTheClientService(ChaukasClientServiceBlockingStub client) {
    assertThat(client.healthz(HealthzRequest.getDefaultInstance())).isNotNull();
  }

  @Test
  void startsEmpty(ReferenceServer server) {
    assertThat(server.eventCount()).isZero();
  }
}
