package ai.chaukas.spec.testkit.server;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc.ChaukasClientServiceBlockingStub;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.QueryResponse;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.GetEventStatsRequest;
import ai.chaukas.spec.testing.internal.ServerCalls;
import ai.chaukas.spec.testkit.junit.ChaukasServerExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static ai.chaukas.spec.testing.internal.SampleEvents.TENANT;
import static ai.chaukas.spec.testing.internal.SampleEvents.event;
import static ai.chaukas.spec.testing.internal.ServerCalls.ids;
import static ai.chaukas.spec.testing.internal.ServerCalls.ingest;
import static ai.chaukas.spec.testing.internal.ServerCalls.queryOf;
import static org.assertj.core.api.Assertions.assertThat;

/** SVC-1 and SVC-2 of docs/server-semantics.md. */
class ServicesRulesTest {

  @RegisterExtension static final ChaukasServerExtension chaukas = ChaukasServerExtension.inProcess();

  @Test
  void SVC_1_eventIngestedUnderOneNameIsQueriedUnderTheOther(
      ChaukasClientServiceBlockingStub client, ChaukasServerServiceBlockingStub server) {
    client.ingestEvent(
        ai.chaukas.spec.client.v1.IngestEventRequest.newBuilder()
            .setEvent(event("via-client", 1))
            .build());
    ingest(server, event("via-server", 2).build());

    assertThat(ids(ServerCalls.allPages(server, queryOf(TENANT).build())))
        .containsExactly("via-server", "via-client");
    assertThat(ids(clientQuery(client).getEventsList())).containsExactly("via-server", "via-client");
  }

  @Test
  void SVC_1_everyRpcIsAnsweredUnderBothNames(
      ChaukasClientServiceBlockingStub client, ChaukasServerServiceBlockingStub server) {
    client.healthz(ai.chaukas.spec.client.v1.HealthzRequest.getDefaultInstance());
    assertThat(
            client
                .getCapabilities(
                    ai.chaukas.spec.client.v1.GetCapabilitiesRequest.getDefaultInstance())
                .getCapabilities()
                .getPolicyDecisions())
        .isTrue();
    client.ingestEvent(
        ai.chaukas.spec.client.v1.IngestEventRequest.newBuilder().setEvent(event("e-1", 1)).build());
    client.ingestEventBatch(
        ai.chaukas.spec.client.v1.IngestEventBatchRequest.newBuilder()
            .setEventBatch(EventBatch.newBuilder().addEvents(event("e-2", 2)))
            .build());
    assertThat(clientQuery(client).getEventsCount()).isEqualTo(2);

    server.healthz(ai.chaukas.spec.server.v1.HealthzRequest.getDefaultInstance());
    assertThat(
            server
                .getCapabilities(
                    ai.chaukas.spec.server.v1.GetCapabilitiesRequest.getDefaultInstance())
                .getCapabilities()
                .getDataAccessEvents())
        .isTrue();
    assertThat(ingest(server, event("e-3", 3).build()).getStatus()).isEqualTo("accepted");
    assertThat(ServerCalls.ingestBatch(server, "b", List.of(event("e-4", 4).build())).getAcceptedCount())
        .isEqualTo(1);
    assertThat(ServerCalls.page(server, queryOf(TENANT).build()).getEventsCount()).isEqualTo(4);
    assertThat(server.getEventStats(GetEventStatsRequest.newBuilder().setTenantId(TENANT).build()).getTotalEvents())
        .isEqualTo(4);
  }

  @Test
  void SVC_2_healthzAnswersOkUnderBothNames(
      ChaukasClientServiceBlockingStub client, ChaukasServerServiceBlockingStub server) {
    assertThat(client.healthz(ai.chaukas.spec.client.v1.HealthzRequest.getDefaultInstance()))
        .isEqualTo(ai.chaukas.spec.client.v1.HealthzResponse.getDefaultInstance());
    assertThat(server.healthz(ai.chaukas.spec.server.v1.HealthzRequest.getDefaultInstance()))
        .isEqualTo(ai.chaukas.spec.server.v1.HealthzResponse.getDefaultInstance());
  }

  /** The first page of the tenant's events, asked for under the client service's name. */
  private static QueryResponse clientQuery(ChaukasClientServiceBlockingStub client) {
    return client
        .queryEvents(
            ai.chaukas.spec.client.v1.QueryEventsRequest.newBuilder().setQuery(queryOf(TENANT)).build())
        .getResponse();
  }
}
