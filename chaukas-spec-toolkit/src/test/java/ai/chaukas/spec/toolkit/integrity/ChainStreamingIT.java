package ai.chaukas.spec.toolkit.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.toolkit.integrity.ChainBreak.Reason;
import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.Test;

/**
 * A million events through one verifier, produced one at a time and never held: the verifier's
 * memory does not grow with the number of events. (A verifier that kept a set of seen hashes
 * would hold about 150 MB here.)
 */
class ChainStreamingIT {

  private static final int EVENTS = 1_000_000;
  private static final int CHAINS = 10;

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  @Test
  void aMillionEventsInConstantMemory() {
    HashChain.Linker linker = HashChain.linker();
    ChainVerifier verifier = new ChainVerifier();
    Event.Builder b =
        Event.newBuilder()
            .setTenantId("tenant-a")
            .setProjectId("project-x")
            .setType(EventType.EVENT_TYPE_SYSTEM)
            .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
            .addTags("stream");
    long start = System.nanoTime();
    long baseline = 0;
    long deletedAt = EVENTS - 500;
    for (int i = 0; i < EVENTS; i++) {
      Event e =
          linker.append(
              b.setEventId("e" + i)
                  .setSessionId("session-" + (i % CHAINS))
                  .setTimestamp(Timestamp.newBuilder().setSeconds(1_764_095_692L + i))
                  .build());
      if (i == deletedAt) {
        continue; // one event lost in storage, near the end
      }
      verifier.accept(e);
      if (i == 100_000) {
        baseline = usedAfterGc();
      }
    }
    long grown = usedAfterGc() - baseline;
    ChainReport r = verifier.finish();
    System.out.printf(
        "ChainStreamingIT: %,d events in %d chains linked and verified in %.1f s; heap grew %,d KB from event 100,000 to the end%n",
        EVENTS, CHAINS, (System.nanoTime() - start) / 1e9, grown / 1024);
    assertThat(r.eventCount()).isEqualTo(EVENTS - 1);
    assertThat(r.chainCount()).isEqualTo(CHAINS);
    assertThat(r.breakCount()).isEqualTo(1);
    assertThat(r.firstBreak().orElseThrow().reason()).isEqualTo(Reason.DELETED);
    assertThat(r.firstBreak().orElseThrow().index()).isEqualTo(deletedAt + CHAINS - 1);
    assertThat(grown).isLessThan(32L << 20);
  }
}
