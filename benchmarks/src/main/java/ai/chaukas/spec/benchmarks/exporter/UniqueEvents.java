package ai.chaukas.spec.benchmarks.exporter;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.testing.internal.SampleEvents;
import ai.chaukas.spec.toolkit.events.UuidV7;

/**
 * The 1.5 KB benchmark event ({@link SampleEvents#llmInvocation()}) with a fresh {@code event_id}
 * each time: the server stores an id once (ING-5), so repeating one would hide events from the
 * stored count. One per producing thread (not thread-safe by intent: no shared lock).
 */
final class UniqueEvents {

  static final Event BASE = SampleEvents.llmInvocation();

  private final UuidV7 ids = new UuidV7();

  Event next() {
    return BASE.toBuilder().setEventId(ids.next()).build();
  }

  static String tenant() {
    return BASE.getTenantId();
  }
}
