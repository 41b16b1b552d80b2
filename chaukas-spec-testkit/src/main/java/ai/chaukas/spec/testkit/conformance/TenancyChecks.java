package ai.chaukas.spec.testkit.conformance;

import static ai.chaukas.spec.testkit.conformance.CheckDefinition.check;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.SortOrder;
import ai.chaukas.spec.common.v1.TimeRange;
import ai.chaukas.spec.server.v1.GetEventStatsResponse;
import java.util.List;
import java.util.function.UnaryOperator;

/** TEN-1: nothing crosses tenants, idempotency included. */
final class TenancyChecks {

  private TenancyChecks() {}

  static List<CheckDefinition> all() {
    return List.of(
        check("TEN-1", "queriesNeverReturnAnotherTenantsEvents",
            TenancyChecks::queriesNeverReturnAnotherTenantsEvents),
        check("TEN-1", "statsNeverCountAnotherTenantsEvents",
            TenancyChecks::statsNeverCountAnotherTenantsEvents),
        check("TEN-1", "idempotencyIsPerTenant", TenancyChecks::idempotencyIsPerTenant));
  }

  /**
   * Two events of the check's tenant and one of the other tenant that shares every field a filter
   * can name (project, session, agent, span, trace, tag, type, text), at the same time.
   */
  private static void twoTenants(Scope s) {
    s.ingestAll(
        shared(s.event("a-1", 1)),
        shared(s.event("a-2", 2)),
        shared(s.event("b-1", 1)).setTenantId(s.otherTenant()).setAgentName("tenant b only"));
  }

  private static Event.Builder shared(Event.Builder event) {
    return event.setSessionId("shared-session").setAgentId("shared-agent").setSpanId("shared-span")
        .setTraceId("shared-trace").addTags("shared");
  }

  static void queriesNeverReturnAnotherTenantsEvents(Scope s) {
    twoTenants(s);
    List<UnaryOperator<QueryFilter.Builder>> filters =
        List.of(
            f -> f,
            f -> f.setProjectId(Scope.PROJECT),
            f -> f.setSessionId("shared-session"),
            f -> f.setAgentId("shared-agent"),
            f -> f.setSpanId("shared-span"),
            f -> f.setTraceId("shared-trace"),
            f -> f.addTags("shared"),
            f -> f.addTypes(EventType.EVENT_TYPE_AGENT_START),
            f -> f.setTextQuery("shared"),
            f -> f.setTime(TimeRange.newBuilder().setStart(s.at(0))));
    for (UnaryOperator<QueryFilter.Builder> filter : filters) {
      QueryFilter a = filter.apply(QueryFilter.newBuilder().setTenantId(s.tenant())).build();
      Expect.ids(s.ids(s.query().setFilter(a).setOrderByTime(SortOrder.SORT_ORDER_ASC)),
          "query of one tenant (filter " + describe(a) + ")", "a-1", "a-2");
      QueryFilter b = a.toBuilder().setTenantId(s.otherTenant()).build();
      Expect.ids(s.ids(s.query().setFilter(b)), "query of the other tenant (filter " + describe(b) + ")",
          "b-1");
    }
    Expect.ids(s.ids(s.query().setFilter(QueryFilter.newBuilder().setTenantId(s.tenant())
            .setTextQuery("tenant b only"))),
        "query of one tenant for text only the other tenant's event holds");
    Expect.ids(s.ids(s.query(s.tenant() + "-c")), "query of a tenant that stored nothing");
  }

  static void statsNeverCountAnotherTenantsEvents(Scope s) {
    twoTenants(s);
    GetEventStatsResponse a = s.stats(s.statsRequest());
    GetEventStatsResponse b = s.stats(s.statsRequest().setTenantId(s.otherTenant()));
    GetEventStatsResponse none = s.stats(s.statsRequest().setTenantId(s.tenant() + "-c"));
    Expect.equal(2L, a.getTotalEvents(), "total_events of one tenant");
    Expect.equal(1L, a.getTotalSessions(), "total_sessions of one tenant");
    Expect.equal(1L, b.getTotalEvents(), "total_events of the other tenant");
    Expect.equal(1L, b.getTotalSessions(), "total_sessions of the other tenant");
    Expect.equal(GetEventStatsResponse.getDefaultInstance(), none,
        "stats of a tenant that stored nothing");
  }

  static void idempotencyIsPerTenant(Scope s) {
    Event mine = s.event("e-1", 1).build();
    Event theirs = s.event("e-1", 2).setTenantId(s.otherTenant()).setAgentName("not the same").build();
    s.ingest(mine);
    Expect.equal("accepted", s.ingest(theirs).getStatus(),
        "IngestEvent of another tenant's event with a stored event_id and different content: status");
    Expect.sameEvents(List.of(mine), s.allPages(s.query().build()), "the first tenant's events");
    Expect.sameEvents(List.of(theirs), s.allPages(s.query(s.otherTenant()).build()),
        "the other tenant's events");
  }

  private static String describe(QueryFilter filter) {
    String rest = filter.toBuilder().clearTenantId().build().toString().replaceAll("\\s+", " ").strip();
    return rest.isEmpty() ? "tenant only" : rest;
  }
}
