package ai.chaukas.spec.reference.internal;

import static ai.chaukas.spec.reference.internal.EmbeddedStoreEvents.NO_LISTENER;
import static ai.chaukas.spec.reference.internal.EmbeddedStoreEvents.scanAll;
import static ai.chaukas.spec.reference.internal.EmbeddedStoreEvents.serialized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.TimeRange;
import ai.chaukas.spec.server.v1.GetEventStatsResponse;
import ai.chaukas.spec.testing.internal.SampleEvents;
import com.google.protobuf.Timestamp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on disk answers every scan and stats request as the store in memory does. */
class EmbeddedStoreAgreementTest {

  private static final long BASE = 1_764_000_000L;
  static final String[] TENANTS = {"t-1", "t-2", "t-3"};
  static final String[] PROJECTS = {"p-1", "p-2", ""};
  static final String[] SESSIONS = {"s-1", "s-2", "s-3", "s-4", "s-5"};

  @TempDir Path directory;

  @Test
  void scansAndStatsAgreeWithTheMemoryStore() throws Exception {
    Random random = new Random(20261203);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      events.add(randomEvent(random, i));
    }
    MemoryStore memory = new MemoryStore(Long.MAX_VALUE, Long.MAX_VALUE);
    try (EmbeddedStore store = EmbeddedStore.open(directory, NO_LISTENER)) {
      // In calls of various sizes, some events repeated: outcomes agree too.
      for (int from = 0; from < events.size(); ) {
        int to = Math.min(events.size(), from + 1 + random.nextInt(300));
        List<Event> call = new ArrayList<>(events.subList(from, to));
        call.add(events.get(random.nextInt(to)));
        assertThat(store.store(serialized(call), 0).join())
            .isEqualTo(memory.store(serialized(call), 0).join());
        from = to;
      }
      assertThat(store.size()).isEqualTo(memory.size());
      for (int q = 0; q < 400; q++) {
        // Now and then a tenant without events.
        String tenant = random.nextInt(20) == 0 ? "t-none" : TENANTS[random.nextInt(TENANTS.length)];
        QueryFilter.Builder filter = QueryFilter.newBuilder().setTenantId(tenant).setTime(randomRange(random));
        if (random.nextInt(4) == 0) {
          filter.setProjectId(PROJECTS[random.nextInt(PROJECTS.length)]);
        }
        if (random.nextInt(4) == 0) {
          filter.setSessionId(SESSIONS[random.nextInt(SESSIONS.length)]);
        }
        boolean ascending = random.nextBoolean();
        Position after = random.nextBoolean() ? null : randomPosition(random, events);
        List<EventStore.Stored> expected = scanAll(memory, tenant, filter.build(), after, ascending);
        // The memory store does not narrow by project or session; the caller filters both.
        expected = expected.stream()
            .filter(s -> filter.getProjectId().isEmpty() || filter.getProjectId().equals(s.event().getProjectId()))
            .filter(s -> filter.getSessionId().isEmpty() || filter.getSessionId().equals(s.event().getSessionId()))
            .toList();
        List<EventStore.Stored> actual = scanAll(store, tenant, filter.build(), after, ascending);
        assertThat(actual).as("query %d: %s after %s ascending %s", q, filter, after, ascending)
            .containsExactlyElementsOf(expected);

        String project = random.nextInt(3) == 0 ? PROJECTS[random.nextInt(2)] : "";
        TimeRange time = randomRange(random);
        GetEventStatsResponse want = memory.stats(tenant, project, time);
        GetEventStatsResponse got = store.stats(tenant, project, time);
        // Summed in another order, the mean may differ in its last bits.
        assertThat(got.getAvgSessionDurationMs())
            .isCloseTo(want.getAvgSessionDurationMs(), within(1e-6));
        assertThat(got.toBuilder().clearAvgSessionDurationMs().build())
            .isEqualTo(want.toBuilder().clearAvgSessionDurationMs().build());
      }
    }
  }

  static Event randomEvent(Random random, int i) {
    // Few distinct timestamps, so that many events share one and event ids decide their order.
    Event.Builder event = SampleEvents.event(
            random.nextInt(10) == 0 ? "\uD83D\uDE00-" + i : random.nextBoolean() ? "\uFFFD-" + i : "e-" + i,
            BASE + random.nextInt(200))
        .setTenantId(TENANTS[random.nextInt(TENANTS.length)])
        .setProjectId(PROJECTS[random.nextInt(PROJECTS.length)])
        .setSessionId(SESSIONS[random.nextInt(SESSIONS.length)]);
    event.getTimestampBuilder().setNanos(random.nextBoolean() ? 0 : random.nextInt(1_000_000_000));
    switch (random.nextInt(5)) {
      case 0 -> event.setType(EventType.EVENT_TYPE_SESSION_START).setStatus(EventStatus.EVENT_STATUS_STARTED);
      case 1 -> event.setType(EventType.EVENT_TYPE_SESSION_END).setStatus(EventStatus.EVENT_STATUS_COMPLETED);
      case 2 -> event.setType(EventType.EVENT_TYPE_AGENT_END).setStatus(EventStatus.EVENT_STATUS_COMPLETED);
      default -> { }
    }
    return event.build();
  }

  static TimeRange randomRange(Random random) {
    TimeRange.Builder range = TimeRange.newBuilder();
    if (random.nextBoolean()) {
      range.setStart(randomTime(random));
    }
    if (random.nextBoolean()) {
      range.setEnd(randomTime(random));
    }
    return range.build();
  }

  private static Timestamp randomTime(Random random) {
    return Timestamp.newBuilder()
        .setSeconds(BASE - 10 + random.nextInt(220))
        .setNanos(random.nextBoolean() ? 0 : random.nextInt(1_000_000_000))
        .build();
  }

  /** Often an event's own position, else one between events. */
  static Position randomPosition(Random random, List<Event> events) {
    Event event = events.get(random.nextInt(events.size()));
    if (random.nextBoolean()) {
      return new Position(event.getTimestamp().getSeconds(), event.getTimestamp().getNanos(), event.getEventId());
    }
    Timestamp time = randomTime(random);
    return new Position(time.getSeconds(), time.getNanos(), random.nextBoolean() ? "" : "e-" + random.nextInt(4000));
  }
}
