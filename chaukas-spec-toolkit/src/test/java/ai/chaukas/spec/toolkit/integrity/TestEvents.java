package ai.chaukas.spec.toolkit.integrity;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.testing.internal.SampleEvents;

/** {@link SampleEvents#varied} in the chain of a {@link ChainKey}, which the shared fixtures cannot see. */
final class TestEvents {

  private TestEvents() {}

  static Event varied(int i, ChainKey key) {
    return SampleEvents.varied(i, key.tenantId(), key.projectId(), key.sessionId());
  }
}
