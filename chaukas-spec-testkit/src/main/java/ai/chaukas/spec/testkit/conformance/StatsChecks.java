package ai.chaukas.spec.testkit.conformance;

import static ai.chaukas.spec.testkit.conformance.CheckDefinition.check;

import ai.chaukas.spec.common.v1.Capabilities;
import ai.chaukas.spec.common.v1.DataAccess;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.PolicyDecision;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.TimeRange;
import ai.chaukas.spec.server.v1.GetEventStatsRequest;
import ai.chaukas.spec.server.v1.GetEventStatsResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** STA-1, STA-2 and CAP-1: stats scoped and consistent with queries; honest capabilities. */
final class StatsChecks {

  /** Slack for a mean of durations computed in floating point. */
  private static final double DURATION_TOLERANCE_MILLIS = 1e-6;

  private StatsChecks() {}

  static List<CheckDefinition> all() {
    return List.of(
        check("STA-1", "statsWithoutTenantIsInvalidArgument",
            StatsChecks::statsWithoutTenantIsInvalidArgument),
        check("STA-1", "projectNarrowsAndTimeRangeIsHalfOpen",
            StatsChecks::projectNarrowsAndTimeRangeIsHalfOpen),
        check("STA-2", "totalsAndTypesMatchAQueryOverAllPages",
            StatsChecks::totalsAndTypesMatchAQueryOverAllPages),
        check("STA-2", "statsAgreeWithQueriesForEveryTimeRange",
            StatsChecks::statsAgreeWithQueriesForEveryTimeRange),
        check("STA-2", "avgSessionDurationIsOverSessionsWithStartAndEnd",
            StatsChecks::avgSessionDurationIsOverSessionsWithStartAndEnd),
        check("CAP-1", "capabilitiesAreTheSameUnderBothNames",
            StatsChecks::capabilitiesAreTheSameUnderBothNames),
        check("CAP-1", "claimedEventKindsAreStoredAndQueried",
            StatsChecks::claimedEventKindsAreStoredAndQueried));
  }

  static void statsWithoutTenantIsInvalidArgument(Scope s) {
    s.ingest(s.event("e-1", 1).build());
    s.invalid("GetEventStats without tenant_id",
        () -> s.stats(GetEventStatsRequest.newBuilder().setProjectId(Scope.PROJECT)), "tenant_id");
  }

  static void projectNarrowsAndTimeRangeIsHalfOpen(Scope s) {
    s.ingestAll(
        s.event("x-1", 1), s.event("x-2", 2), s.event("x-3", 3),
        s.event("y-1", 2).setProjectId(Scope.PROJECT + "-other"));
    Expect.equal(4L, s.stats(s.statsRequest()).getTotalEvents(), "total_events of the tenant");
    Expect.equal(1L, s.stats(s.statsRequest().setProjectId(Scope.PROJECT + "-other")).getTotalEvents(),
        "total_events of one project");
    Expect.equal(2L,
        s.stats(s.statsRequest().setTimeRange(range(s, 2, 3))).getTotalEvents(),
        "total_events of time [t2, t3)");
    Expect.equal(2L,
        s.stats(s.statsRequest().setProjectId(Scope.PROJECT)
            .setTimeRange(TimeRange.newBuilder().setStart(s.at(2)))).getTotalEvents(),
        "total_events of one project and time [t2, unset)");
    Expect.equal(GetEventStatsResponse.getDefaultInstance(),
        s.stats(s.statsRequest().setTimeRange(range(s, 3, 2))),
        "stats of time [t3, t2), which matches nothing");
  }

  static void totalsAndTypesMatchAQueryOverAllPages(Scope s) {
    s.ingestAll(
        sessionStart(s, "s1-start", "s1", 10, 0),
        s.event("s1-agent", 11).setSessionId("s1"),
        sessionStart(s, "s2-start", "s2", 12, 0),
        s.event("s3-agent", 13).setSessionId("s3"),
        s.event("s3-other-project", 14).setSessionId("s3").setProjectId(Scope.PROJECT + "-other"),
        s.event("late", 99).setSessionId("s4"));
    TimeRange range = range(s, 10, 50);
    GetEventStatsResponse stats =
        s.stats(s.statsRequest().setProjectId(Scope.PROJECT).setTimeRange(range));
    List<Event> events =
        s.allPages(s.query().setPageSize(2)
            .setFilter(QueryFilter.newBuilder()
                .setTenantId(s.tenant()).setProjectId(Scope.PROJECT).setTime(range))
            .build());
    expectConsistent(stats, events, "project " + Scope.PROJECT + ", time " + s.describe(range));
    Expect.equal(4L, stats.getTotalEvents(), "total_events");
    Expect.equal(3L, stats.getTotalSessions(), "total_sessions");
    Expect.equal(Map.of("EVENT_TYPE_SESSION_START", 2L, "EVENT_TYPE_AGENT_START", 2L),
        new TreeMap<>(stats.getEventsByTypeMap()), "events_by_type");
  }

  static void statsAgreeWithQueriesForEveryTimeRange(Scope s) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      events.add(s.event("e-" + i, i / 2).setSessionId("s" + (i % 3))
          .setType(i % 4 == 0 ? EventType.EVENT_TYPE_SYSTEM : EventType.EVENT_TYPE_AGENT_START)
          .setProjectId(i % 5 == 0 ? Scope.PROJECT + "-other" : Scope.PROJECT)
          .build());
    }
    s.batch("b-1", events);
    List<TimeRange> ranges =
        List.of(
            TimeRange.getDefaultInstance(),
            range(s, 1, 4),
            TimeRange.newBuilder().setStart(s.at(3)).build(),
            TimeRange.newBuilder().setEnd(s.at(3)).build(),
            range(s, 2, 2));
    for (TimeRange range : ranges) {
      for (String project : List.of("", Scope.PROJECT)) {
        GetEventStatsRequest.Builder request = s.statsRequest().setProjectId(project).setTimeRange(range);
        QueryFilter.Builder filter =
            QueryFilter.newBuilder().setTenantId(s.tenant()).setProjectId(project).setTime(range);
        expectConsistent(s.stats(request), s.allPages(s.query().setPageSize(3).setFilter(filter).build()),
            (project.isEmpty() ? "every project" : "project " + project) + ", time "
                + s.describe(range));
      }
    }
  }

  static void avgSessionDurationIsOverSessionsWithStartAndEnd(Scope s) {
    s.ingest(sessionStart(s, "s1-start", "s1", 10, 0).build());
    Expect.equal(0.0, s.stats(s.statsRequest()).getAvgSessionDurationMs(),
        "avg_session_duration_ms without a complete session");
    s.ingestAll(
        sessionEnd(s, "s1-end", "s1", 12, 500_000_000), // 2500 ms
        sessionStart(s, "s2-start", "s2", 20, 0),
        sessionEnd(s, "s2-end", "s2", 20, 500_000), // 0.5 ms
        sessionEnd(s, "s3-end", "s3", 30, 0)); // no start: not counted
    expectDuration(1250.25, s.stats(s.statsRequest()),
        "avg_session_duration_ms of sessions of 2500 ms and 0.5 ms");
    expectDuration(0.5, s.stats(s.statsRequest().setTimeRange(TimeRange.newBuilder().setStart(s.at(11)))),
        "avg_session_duration_ms when the time range leaves only the 0.5 ms session complete");
  }

  static void capabilitiesAreTheSameUnderBothNames(Scope s) {
    Capabilities server = serverCapabilities(s);
    Capabilities client =
        s.call("ChaukasClientService/GetCapabilities",
                () -> s.client().getCapabilities(
                    ai.chaukas.spec.client.v1.GetCapabilitiesRequest.getDefaultInstance()))
            .getCapabilities();
    Expect.equal(server, client, "capabilities under the client name, next to the server name's");
  }

  static void claimedEventKindsAreStoredAndQueried(Scope s) {
    Capabilities claimed = serverCapabilities(s);
    List<String> checked = new ArrayList<>();
    if (claimed.getPolicyDecisions()) {
      Event policy = s.event("policy", 1)
          .setType(EventType.EVENT_TYPE_POLICY_DECISION)
          .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
          .setPolicy(PolicyDecision.newBuilder().setPolicyId("p-1").setOutcome("deny").setRationale("pii"))
          .build();
      expectFoundByType(s, policy, "policy_decisions is claimed; POLICY_DECISION events stored");
      checked.add("policy_decisions");
    }
    if (claimed.getDataAccessEvents()) {
      Event access = s.event("access", 2)
          .setType(EventType.EVENT_TYPE_DATA_ACCESS)
          .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
          .setDataAccess(DataAccess.newBuilder().setDatasource("crm").addDocumentIds("doc-1"))
          .build();
      expectFoundByType(s, access, "data_access_events is claimed; DATA_ACCESS events stored");
      checked.add("data_access_events");
    }
    List<String> atItsWord = new ArrayList<>();
    claimed.getAllFields().forEach((field, value) -> {
      if (Boolean.TRUE.equals(value) && !checked.contains(field.getName())) {
        atItsWord.add(field.getName());
      }
    });
    s.note((checked.isEmpty() ? "claims no event kind" : "stored and queried: " + String.join(", ", checked))
        + (atItsWord.isEmpty() ? "" : "; not checkable over these RPCs: " + String.join(", ", atItsWord)));
  }

  private static Capabilities serverCapabilities(Scope s) {
    return s.call("ChaukasServerService/GetCapabilities",
            () -> s.server().getCapabilities(
                ai.chaukas.spec.server.v1.GetCapabilitiesRequest.getDefaultInstance()))
        .getCapabilities();
  }

  /** STA-2: stats equal what the query over all pages returned. */
  private static void expectConsistent(GetEventStatsResponse stats, List<Event> events, String scope) {
    Expect.equal((long) events.size(), stats.getTotalEvents(),
        "total_events of " + scope + " (the query returns " + events.size() + " events)");
    Expect.equal(events.stream().map(Event::getSessionId).distinct().count(), stats.getTotalSessions(),
        "total_sessions of " + scope);
    Map<String, Long> byType =
        events.stream()
            .collect(Collectors.groupingBy(e -> e.getType().name(), TreeMap::new, Collectors.counting()));
    Expect.equal(byType, new TreeMap<>(stats.getEventsByTypeMap()), "events_by_type of " + scope);
  }

  private static void expectDuration(double expected, GetEventStatsResponse stats, String what) {
    Expect.that(Math.abs(stats.getAvgSessionDurationMs() - expected) <= DURATION_TOLERANCE_MILLIS,
        "%s: expected %s, got %s", what, expected, stats.getAvgSessionDurationMs());
  }

  private static TimeRange range(Scope s, long start, long end) {
    return TimeRange.newBuilder().setStart(s.at(start)).setEnd(s.at(end)).build();
  }

  private static Event.Builder sessionStart(Scope s, String id, String session, long second, int nanos) {
    return s.event(id, second).setSessionId(session).setType(EventType.EVENT_TYPE_SESSION_START)
        .setTimestamp(s.at(second, nanos));
  }

  private static Event.Builder sessionEnd(Scope s, String id, String session, long second, int nanos) {
    return s.event(id, second).setSessionId(session).setType(EventType.EVENT_TYPE_SESSION_END)
        .setStatus(EventStatus.EVENT_STATUS_COMPLETED).setTimestamp(s.at(second, nanos));
  }

  /** {@code event} is ingested, then a query for its type finds it and nothing else. */
  private static void expectFoundByType(Scope s, Event event, String what) {
    s.ingest(event);
    Expect.sameEvents(List.of(event),
        s.allPages(s.query().setFilter(QueryFilter.newBuilder().setTenantId(s.tenant())
            .addTypes(event.getType())).build()),
        what);
  }
}
