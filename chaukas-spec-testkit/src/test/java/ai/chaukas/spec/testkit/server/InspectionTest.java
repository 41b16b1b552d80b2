package ai.chaukas.spec.testkit.server;

import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.testkit.junit.ChaukasServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static ai.chaukas.spec.testing.internal.SampleEvents.OTHER_TENANT;
import static ai.chaukas.spec.testing.internal.SampleEvents.TENANT;
import static ai.chaukas.spec.testing.internal.SampleEvents.event;
import static ai.chaukas.spec.testing.internal.ServerCalls.ids;
import static ai.chaukas.spec.testing.internal.ServerCalls.ingest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What tests read from the server directly, and the builder's checks. */
class InspectionTest {

  @RegisterExtension static final ChaukasServerExtension chaukas = ChaukasServerExtension.inProcess();

  @Test
  void eventsAreListedPerTenantInAscendingOrder(
      ChaukasServerServiceBlockingStub stub, ReferenceServer server) {
    ingest(stub, event("b", 2).build());
    ingest(stub, event("a", 2).build());
    ingest(stub, event("c", 1).build());
    ingest(stub, event("x", 1).setTenantId(OTHER_TENANT).build());
    assertThat(ids(server.events(TENANT))).containsExactly("c", "a", "b");
    assertThat(ids(server.events(OTHER_TENANT))).containsExactly("x");
    assertThat(server.events("nobody")).isEmpty();
    assertThat(server.event(TENANT, "a")).isPresent();
    assertThat(server.event(TENANT, "x")).isEmpty();
    assertThat(server.event("nobody", "a")).isEmpty();
    assertThat(server.eventCount()).isEqualTo(4);
  }

  @Test
  void clearForgetsEverything(ChaukasServerServiceBlockingStub stub, ReferenceServer server) {
    ingest(stub, event("a", 1).build());
    server.clear();
    assertThat(server.eventCount()).isZero();
    assertThat(server.events(TENANT)).isEmpty();
    ingest(stub, event("a", 1).setAgentName("new content is not a conflict now").build());
    assertThat(server.eventCount()).isEqualTo(1);
  }

  @Test
  void builderRefusesNonPositiveLimits() {
    assertThatThrownBy(() -> ReferenceServer.builder().maxEvents(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxEvents");
    assertThatThrownBy(() -> ReferenceServer.builder().maxBatchEvents(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReferenceServer.builder().maxInboundMessageSize(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
