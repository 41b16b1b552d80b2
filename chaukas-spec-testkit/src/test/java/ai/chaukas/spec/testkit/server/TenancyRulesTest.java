package ai.chaukas.spec.testkit.server;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.GetEventStatsRequest;
import ai.chaukas.spec.server.v1.GetEventStatsResponse;
import ai.chaukas.spec.testkit.junit.ChaukasServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static ai.chaukas.spec.testing.internal.SampleEvents.OTHER_TENANT;
import static ai.chaukas.spec.testing.internal.SampleEvents.TENANT;
import static ai.chaukas.spec.testing.internal.SampleEvents.event;
import static ai.chaukas.spec.testing.internal.ServerCalls.allPages;
import static ai.chaukas.spec.testing.internal.ServerCalls.ids;
import static ai.chaukas.spec.testing.internal.ServerCalls.ingest;
import static ai.chaukas.spec.testing.internal.ServerCalls.queryOf;
import static org.assertj.core.api.Assertions.assertThat;

/** TEN-1 of docs/server-semantics.md. */
class TenancyRulesTest {

  @RegisterExtension static final ChaukasServerExtension chaukas = ChaukasServerExtension.inProcess();

  @BeforeEach
  void twoTenants(ChaukasServerServiceBlockingStub stub) {
    ingest(stub, event("a-1", 1).build());
    ingest(stub, event("a-2", 2).build());
    ingest(stub, event("b-1", 1).setTenantId(OTHER_TENANT).setSessionId("session-b").build());
  }

  @Test
  void TEN_1_queriesNeverReturnAnotherTenantsEvents(ChaukasServerServiceBlockingStub stub) {
    assertThat(ids(allPages(stub, queryOf(TENANT).build()))).containsExactly("a-2", "a-1");
    assertThat(ids(allPages(stub, queryOf(OTHER_TENANT).build()))).containsExactly("b-1");
    assertThat(allPages(stub, queryOf("tenant-c").build())).isEmpty();
    assertThat(allPages(stub, queryOf(TENANT).setFilter(queryOf(TENANT).getFilter().toBuilder().setTextQuery("b-1")).build()))
        .isEmpty();
  }

  @Test
  void TEN_1_statsNeverCountAnotherTenantsEvents(ChaukasServerServiceBlockingStub stub) {
    GetEventStatsResponse a = stub.getEventStats(GetEventStatsRequest.newBuilder().setTenantId(TENANT).build());
    GetEventStatsResponse b =
        stub.getEventStats(GetEventStatsRequest.newBuilder().setTenantId(OTHER_TENANT).build());
    assertThat(a.getTotalEvents()).isEqualTo(2);
    assertThat(a.getTotalSessions()).isEqualTo(1);
    assertThat(b.getTotalEvents()).isEqualTo(1);
    assertThat(b.getTotalSessions()).isEqualTo(1);
  }

  @Test
  void TEN_1_idempotencyIsPerTenant(
      ChaukasServerServiceBlockingStub stub, ReferenceServer server) {
    Event sameIdOtherContent =
        event("a-1", 5).setTenantId(OTHER_TENANT).setAgentName("not the same").build();
    assertThat(ingest(stub, sameIdOtherContent).getStatus()).isEqualTo("accepted");
    assertThat(server.event(OTHER_TENANT, "a-1")).contains(sameIdOtherContent);
    assertThat(server.event(TENANT, "a-1").orElseThrow().getAgentName()).isEmpty();
  }
}
