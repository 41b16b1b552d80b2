package ai.chaukas.spec.toolkit.integrity;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import com.google.protobuf.Timestamp;

/**
 * Links a million events in ten chains and verifies them with one verifier, each event produced
 * when needed and never held, one of them lost in storage near the end; prints the report, one
 * figure a line. {@link ChainStreamingIT} runs it in a JVM with a 32 MB heap.
 */
public final class ChainStreamingMain {

  static final int EVENTS = 1_000_000;
  static final int CHAINS = 10;
  /** The event lost in storage: linked, never verified. */
  static final int LOST = EVENTS - 500;

  private ChainStreamingMain() {}

  public static void main(String[] args) {
    HashChain.Linker linker = HashChain.linker();
    ChainVerifier verifier = new ChainVerifier();
    Event.Builder b =
        Event.newBuilder()
            .setTenantId("tenant-a")
            .setProjectId("project-x")
            .setType(EventType.EVENT_TYPE_SYSTEM)
            .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
            .addTags("stream");
    for (int i = 0; i < EVENTS; i++) {
      Event e =
          linker.append(
              b.setEventId("e" + i)
                  .setSessionId("session-" + (i % CHAINS))
                  .setTimestamp(Timestamp.newBuilder().setSeconds(1_764_095_692L + i))
                  .build());
      if (i != LOST) {
        verifier.accept(e);
      }
    }
    ChainReport r = verifier.finish();
    ChainBreak first = r.firstBreak().orElseThrow();
    System.out.println("events " + r.eventCount());
    System.out.println("chains " + r.chainCount());
    System.out.println("breaks " + r.breakCount());
    System.out.println("first break " + first.reason() + " at " + first.index());
  }
}
