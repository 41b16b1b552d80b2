package ai.chaukas.spec.testkit.server;

import static ai.chaukas.spec.testing.internal.SampleEvents.TENANT;
import static ai.chaukas.spec.testing.internal.SampleEvents.event;
import static ai.chaukas.spec.testing.internal.ServerCalls.allPages;
import static ai.chaukas.spec.testing.internal.ServerCalls.at;
import static ai.chaukas.spec.testing.internal.ServerCalls.failsWith;
import static ai.chaukas.spec.testing.internal.ServerCalls.ingest;
import static ai.chaukas.spec.testing.internal.ServerCalls.queryOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.chaukas.spec.common.v1.Capabilities;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.TimeRange;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.GetCapabilitiesRequest;
import ai.chaukas.spec.server.v1.GetEventStatsRequest;
import ai.chaukas.spec.server.v1.GetEventStatsResponse;
import ai.chaukas.spec.testkit.junit.ChaukasServerExtension;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** STA-1, STA-2 and CAP-1 of docs/server-semantics.md. */
class StatsAndCapabilitiesRulesTest {

  @RegisterExtension static final ChaukasServerExtension chaukas = ChaukasServerExtension.inProcess();

  private static Event.Builder sessionStart(String id, String session, long seconds, int nanos) {
    return event(id, seconds)
        .setSessionId(session)
        .setType(EventType.EVENT_TYPE_SESSION_START)
        .setTimestamp(at(seconds, nanos));
  }

  private static Event.Builder sessionEnd(String id, String session, long seconds, int nanos) {
    return event(id, seconds)
        .setSessionId(session)
        .setType(EventType.EVENT_TYPE_SESSION_END)
        .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
        .setTimestamp(at(seconds, nanos));
  }

  private static GetEventStatsResponse stats(
      ChaukasServerServiceBlockingStub stub, GetEventStatsRequest.Builder request) {
    return stub.getEventStats(request.build());
  }

  @Test
  void STA_1_statsWithoutTenantIsInvalidArgument(ChaukasServerServiceBlockingStub stub) {
    assertThat(
            failsWith(
                Status.Code.INVALID_ARGUMENT,
                () -> stub.getEventStats(GetEventStatsRequest.newBuilder().setProjectId("p").build())))
        .contains("tenant_id is required");
  }

  @Test
  void STA_1_projectNarrowsAndTimeRangeIsHalfOpen(ChaukasServerServiceBlockingStub stub) {
    ingest(stub, event("x-1", 1).build());
    ingest(stub, event("x-2", 2).build());
    ingest(stub, event("x-3", 3).build());
    ingest(stub, event("y-1", 2).setProjectId("project-y").build());
    GetEventStatsRequest.Builder tenant = GetEventStatsRequest.newBuilder().setTenantId(TENANT);
    assertThat(stats(stub, tenant).getTotalEvents()).isEqualTo(4);
    assertThat(stats(stub, tenant.clone().setProjectId("project-y")).getTotalEvents()).isEqualTo(1);
    assertThat(
            stats(stub, tenant.clone().setTimeRange(TimeRange.newBuilder().setStart(at(2)).setEnd(at(3))))
                .getTotalEvents())
        .isEqualTo(2);
    assertThat(
            stats(
                    stub,
                    tenant.clone()
                        .setProjectId("project-x")
                        .setTimeRange(TimeRange.newBuilder().setStart(at(2))))
                .getTotalEvents())
        .isEqualTo(2);
    assertThat(
            stats(stub, tenant.clone().setTimeRange(TimeRange.newBuilder().setStart(at(3)).setEnd(at(2)))))
        .isEqualTo(GetEventStatsResponse.getDefaultInstance());
  }

  @Test
  void STA_2_totalsAndTypesMatchAQueryOverAllPages(ChaukasServerServiceBlockingStub stub) {
    ingest(stub, sessionStart("s1-start", "s1", 10, 0).build());
    ingest(stub, event("s1-agent", 11).setSessionId("s1").build());
    ingest(stub, sessionStart("s2-start", "s2", 12, 0).build());
    ingest(stub, event("s3-agent", 13).setSessionId("s3").build());
    ingest(stub, event("late", 99).setSessionId("s4").build());
    TimeRange range = TimeRange.newBuilder().setStart(at(10)).setEnd(at(50)).build();

    GetEventStatsResponse stats =
        stats(stub, GetEventStatsRequest.newBuilder().setTenantId(TENANT).setProjectId("project-x").setTimeRange(range));
    List<Event> events =
        allPages(
            stub,
            queryOf(TENANT)
                .setPageSize(2)
                .setFilter(queryOf(TENANT).getFilter().toBuilder().setProjectId("project-x").setTime(range))
                .build());
    assertThat(stats.getTotalEvents()).isEqualTo(events.size()).isEqualTo(4);
    assertThat(stats.getTotalSessions())
        .isEqualTo(events.stream().map(Event::getSessionId).distinct().count())
        .isEqualTo(3);
    Map<String, Long> byType =
        events.stream().collect(Collectors.groupingBy(e -> e.getType().name(), Collectors.counting()));
    assertThat(stats.getEventsByTypeMap())
        .isEqualTo(byType)
        .containsEntry("EVENT_TYPE_SESSION_START", 2L)
        .containsEntry("EVENT_TYPE_AGENT_START", 2L);
    assertThat(stats.getEventsByTypeMap().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(stats.getTotalEvents());
  }

  @Test
  void STA_2_avgSessionDurationIsOverSessionsWithStartAndEnd(ChaukasServerServiceBlockingStub stub) {
    GetEventStatsRequest.Builder tenant = GetEventStatsRequest.newBuilder().setTenantId(TENANT);
    ingest(stub, sessionStart("s1-start", "s1", 10, 0).build());
    assertThat(stats(stub, tenant).getAvgSessionDurationMs()).isZero();

    ingest(stub, sessionEnd("s1-end", "s1", 12, 500_000_000).build()); // 2500 ms
    ingest(stub, sessionStart("s2-start", "s2", 20, 0).build());
    ingest(stub, sessionEnd("s2-end", "s2", 20, 500_000).build()); // 0.5 ms
    ingest(stub, sessionEnd("s3-end", "s3", 30, 0).build()); // no start: not counted
    assertThat(stats(stub, tenant).getAvgSessionDurationMs()).isCloseTo(1250.25, within(1e-9));

    // A time range that cuts off s1's end leaves only s2 complete.
    assertThat(
            stats(stub, tenant.clone().setTimeRange(TimeRange.newBuilder().setStart(at(11))))
                .getAvgSessionDurationMs())
        .isCloseTo(0.5, within(1e-9));
  }

  @Test
  void CAP_1_claimsOnlyPolicyDecisionsAndDataAccessEvents(ChaukasServerServiceBlockingStub stub) {
    assertThat(stub.getCapabilities(GetCapabilitiesRequest.getDefaultInstance()).getCapabilities())
        .isEqualTo(Capabilities.newBuilder().setPolicyDecisions(true).setDataAccessEvents(true).build());
  }
}
