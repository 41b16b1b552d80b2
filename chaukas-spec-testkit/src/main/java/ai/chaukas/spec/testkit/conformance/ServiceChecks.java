package ai.chaukas.spec.testkit.conformance;

import static ai.chaukas.spec.testkit.conformance.CheckDefinition.check;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc.ChaukasClientServiceBlockingStub;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import java.util.List;

/** SVC-1 and SVC-2: both service names, one store; Healthz. */
final class ServiceChecks {

  private static final String CLIENT = "ChaukasClientService/";
  private static final String SERVER = "ChaukasServerService/";

  private ServiceChecks() {}

  static List<CheckDefinition> all() {
    return List.of(
        check("SVC-1", "eventIngestedUnderOneNameIsQueriedUnderTheOther",
            ServiceChecks::eventIngestedUnderOneNameIsQueriedUnderTheOther),
        check("SVC-1", "everyRpcIsAnsweredUnderBothNames",
            ServiceChecks::everyRpcIsAnsweredUnderBothNames),
        check("SVC-2", "healthzAnswersOkUnderBothNames", ServiceChecks::healthzAnswersOkUnderBothNames));
  }

  static void eventIngestedUnderOneNameIsQueriedUnderTheOther(Scope s) {
    clientIngest(s, s.event("via-client", 1));
    s.ingest(s.event("via-server", 2).build());
    QueryRequest query = s.ascending().build();
    Expect.ids(s.ids(query.toBuilder()), "query under the server name",
        "via-client", "via-server");
    Expect.ids(Expect.ids(clientQuery(s, query)), "query under the client name",
        "via-client", "via-server");
  }

  static void everyRpcIsAnsweredUnderBothNames(Scope s) {
    ChaukasClientServiceBlockingStub client = s.client();
    s.call(CLIENT + "Healthz",
        () -> client.healthz(ai.chaukas.spec.client.v1.HealthzRequest.getDefaultInstance()));
    s.call(CLIENT + "GetCapabilities",
        () -> client.getCapabilities(
            ai.chaukas.spec.client.v1.GetCapabilitiesRequest.getDefaultInstance()));
    clientIngest(s, s.event("e-1", 1));
    s.call(CLIENT + "IngestEventBatch",
        () -> client.ingestEventBatch(
            ai.chaukas.spec.client.v1.IngestEventBatchRequest.newBuilder()
                .setEventBatch(EventBatch.newBuilder().setBatchId("b-client").addEvents(s.event("e-2", 2)))
                .build()));
    Expect.equal(2, clientQuery(s, s.query().build()).size(),
        CLIENT + "QueryEvents after two ingests: events");

    ChaukasServerServiceBlockingStub server = s.server();
    s.call(SERVER + "Healthz",
        () -> server.healthz(ai.chaukas.spec.server.v1.HealthzRequest.getDefaultInstance()));
    s.call(SERVER + "GetCapabilities",
        () -> server.getCapabilities(
            ai.chaukas.spec.server.v1.GetCapabilitiesRequest.getDefaultInstance()));
    Expect.equal("accepted", s.ingest(s.event("e-3", 3).build()).getStatus(),
        SERVER + "IngestEvent status");
    Expect.equal(1, s.batch("b-server", List.of(s.event("e-4", 4).build())).getAcceptedCount(),
        SERVER + "IngestEventBatch accepted_count");
    Expect.equal(4, s.page(s.query().build()).getEventsCount(),
        SERVER + "QueryEvents after four ingests: events");
    Expect.equal(4L, s.stats(s.statsRequest()).getTotalEvents(),
        SERVER + "GetEventStats total_events");
  }

  static void healthzAnswersOkUnderBothNames(Scope s) {
    s.call(CLIENT + "Healthz",
        () -> s.client().healthz(ai.chaukas.spec.client.v1.HealthzRequest.getDefaultInstance()));
    s.call(SERVER + "Healthz",
        () -> s.server().healthz(ai.chaukas.spec.server.v1.HealthzRequest.getDefaultInstance()));
  }

  /** {@code IngestEvent} under the client name; it must succeed. */
  static void clientIngest(Scope s, Event.Builder event) {
    s.call(CLIENT + "IngestEvent of " + event.getEventId(),
        () -> s.client().ingestEvent(
            ai.chaukas.spec.client.v1.IngestEventRequest.newBuilder().setEvent(event).build()));
  }

  /** One page of {@code QueryEvents} under the client name; it must succeed. */
  static List<Event> clientQuery(Scope s, QueryRequest query) {
    return s.call(CLIENT + "QueryEvents",
            () -> s.client().queryEvents(
                ai.chaukas.spec.client.v1.QueryEventsRequest.newBuilder().setQuery(query).build()))
        .getResponse()
        .getEventsList();
  }
}
