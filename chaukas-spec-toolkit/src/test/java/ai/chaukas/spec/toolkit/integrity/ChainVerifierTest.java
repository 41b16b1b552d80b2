package ai.chaukas.spec.toolkit.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.testing.internal.Values;
import ai.chaukas.spec.toolkit.integrity.ChainBreak.Reason;
import com.google.protobuf.Struct;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {

  private static final ChainKey A = new ChainKey("t", "p", "session-a");
  private static final ChainKey B = new ChainKey("t", "p", "session-b");

  private static List<Event> chain(int n, ChainKey key) {
    return HashChain.link(IntStream.range(0, n).mapToObj(i -> TestEvents.varied(i, key)).toList());
  }

  private static ArrayList<Event> copy(List<Event> events) {
    return new ArrayList<>(events);
  }

  /** An event forged to follow {@code prevHash}, with its own correct content_hash. */
  private static Event forged(String prevHash) {
    return ContentHash.withContentHash(TestEvents.varied(999, A).toBuilder().setHashPrev(prevHash).build());
  }

  private static void assertOnlyBreak(List<Event> events, long index, Reason reason) {
    ChainReport r = ChainVerifier.verify(events);
    assertThat(r.breaks()).as(r.toString()).hasSize(1);
    assertThat(r.firstBreak().orElseThrow().index()).as(r.toString()).isEqualTo(index);
    assertThat(r.firstBreak().orElseThrow().reason()).as(r.toString()).isEqualTo(reason);
  }

  @Test
  void intactChainsVerify() {
    List<Event> a = chain(50, A);
    ChainReport r = ChainVerifier.verify(a);
    assertThat(r.ok()).isTrue();
    assertThat(r.eventCount()).isEqualTo(50);
    assertThat(r.chainCount()).isEqualTo(1);
    assertThat(r.tips()).containsEntry(A, a.get(49).getContentHash());
    assertThat(r.firstBreak()).isEmpty();
  }

  @Test
  void interleavedChainsVerifyEachInItsOwnOrder() {
    List<Event> a = chain(30, A);
    List<Event> b = chain(30, B);
    List<Event> mixed = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      mixed.add(a.get(i));
      if (i % 2 == 0) {
        mixed.add(b.get(i));
        mixed.add(b.get(i + 1));
      }
    }
    assertThat(ChainVerifier.verify(mixed).ok()).isTrue();
  }

  @Test
  void modified() {
    ArrayList<Event> e = copy(chain(10, A));
    e.set(4, e.get(4).toBuilder().addTags("tampered").build());
    assertOnlyBreak(e, 4, Reason.MODIFIED);
    ArrayList<Event> unhashed = copy(chain(10, A));
    unhashed.set(6, unhashed.get(6).toBuilder().clearContentHash().build());
    assertOnlyBreak(unhashed, 6, Reason.MODIFIED);
  }

  @Test
  void modifiedAndRehashedShowsAtTheNextEvent() {
    ArrayList<Event> e = copy(chain(10, A));
    e.set(4, ContentHash.withContentHash(e.get(4).toBuilder().addTags("tampered").build()));
    assertOnlyBreak(e, 5, Reason.DELETED);
    ArrayList<Event> last = copy(chain(10, A));
    String tip = last.get(9).getContentHash();
    last.set(9, ContentHash.withContentHash(last.get(9).toBuilder().addTags("tampered").build()));
    ChainReport r = ChainVerifier.verify(last);
    assertThat(r.ok()).isTrue();
    assertThat(r.tips().get(A)).isNotEqualTo(tip); // only a checkpoint shows it
  }

  @Test
  void deleted() {
    for (int i : new int[] {0, 1, 5, 8}) {
      ArrayList<Event> e = copy(chain(10, A));
      e.remove(i);
      assertOnlyBreak(e, i, Reason.DELETED);
    }
    ArrayList<Event> several = copy(chain(10, A));
    several.subList(3, 6).clear();
    assertOnlyBreak(several, 3, Reason.DELETED);
    ArrayList<Event> last = copy(chain(10, A));
    last.remove(9);
    ChainReport r = ChainVerifier.verify(last);
    assertThat(r.ok()).isTrue();
    assertThat(r.tips().get(A)).isEqualTo(last.get(8).getContentHash());
  }

  @Test
  void inserted() {
    for (int i : new int[] {0, 1, 5, 8}) {
      ArrayList<Event> e = copy(chain(10, A));
      e.add(i, forged(i == 0 ? "" : e.get(i - 1).getContentHash()));
      assertOnlyBreak(e, i, Reason.INSERTED);
    }
    // Before the last event nothing follows to tell which sibling is extra.
    ArrayList<Event> beforeLast = copy(chain(10, A));
    beforeLast.add(9, forged(beforeLast.get(8).getContentHash()));
    assertOnlyBreak(beforeLast, 9, Reason.FORKED);
    // After an event, naming that event's predecessor.
    ArrayList<Event> after = copy(chain(10, A));
    after.add(5, forged(after.get(3).getContentHash()));
    assertOnlyBreak(after, 5, Reason.INSERTED);
  }

  @Test
  void duplicateIsAnInsertion() {
    ArrayList<Event> e = copy(chain(10, A));
    e.add(5, e.get(4));
    assertOnlyBreak(e, 5, Reason.INSERTED);
  }

  @Test
  void duplicateOfTheLastEventIsAnInsertionAtTheCopy() {
    List<Event> c = chain(10, A);
    ArrayList<Event> e = copy(c);
    e.add(e.get(9));
    assertOnlyBreak(e, 10, Reason.INSERTED);
    ChainReport r = ChainVerifier.verify(e);
    assertThat(r.firstBreak().orElseThrow().detail()).contains("exact copy of event 9");
    assertThat(r.tips()).containsEntry(A, c.get(9).getContentHash());
    // Reported when the copy arrives, not only at the end.
    ChainVerifier v = new ChainVerifier();
    c.forEach(v::accept);
    assertThat(v.accept(c.get(9))).isFalse();
  }

  /** The hash the chain continues from after each kind of break, seen in the tip when the break is at the end. */
  @Test
  void chainContinuesFromTheSpecifiedHash() {
    List<Event> c = chain(6, A);
    String h4 = c.get(4).getContentHash();
    String h5 = c.get(5).getContentHash();
    Event last = c.get(5);
    Struct nan = Struct.newBuilder().putFields("x", Values.num(Double.NaN)).build();

    // MODIFIED: the claimed hash when it is 64 lowercase hex, else the recomputed one.
    assertTip(with(c, 5, last.toBuilder().addTags("x").build()), Reason.MODIFIED, h5);
    assertTip(with(c, 5, last.toBuilder().setContentHash(h5.toUpperCase(Locale.ROOT)).build()),
        Reason.MODIFIED, h5);
    Event changedUnclaimed = last.toBuilder().addTags("x").clearContentHash().build();
    assertTip(with(c, 5, changedUnclaimed), Reason.MODIFIED, ContentHash.of(changedUnclaimed));
    // INVALID: the claimed hash when it is 64 lowercase hex, else where the chain was.
    assertTip(with(c, 5, last.toBuilder().setMetadata(nan).build()), Reason.INVALID, h5);
    assertTip(with(c, 5, last.toBuilder().setMetadata(nan).setContentHash("zz").build()), Reason.INVALID, h4);
    // DELETED: the event that does not link.
    Event unlinked = ContentHash.withContentHash(last.toBuilder().setHashPrev("a".repeat(64)).build());
    assertTip(with(c, 5, unlinked), Reason.DELETED, unlinked.getContentHash());
    // REORDERED: the later event in the true order.
    ArrayList<Event> swapped = copy(c);
    Collections.swap(swapped, 4, 5);
    assertTip(swapped, Reason.REORDERED, h5);
    // FORKED at the end: the later of the two.
    Event sibling = forged(h4);
    ArrayList<Event> forked = copy(c);
    forked.add(sibling);
    assertTip(forked, Reason.FORKED, sibling.getContentHash());
    // INSERTED: the sibling the next event follows.
    ArrayList<Event> insertedFirst = copy(c);
    insertedFirst.add(5, forged(h4));
    insertedFirst.add(forged(h5));
    assertThat(ChainVerifier.verify(insertedFirst).firstBreak().orElseThrow().index()).isEqualTo(5);
    assertThat(ChainVerifier.verify(insertedFirst).tips()).containsEntry(A, insertedFirst.get(7).getContentHash());
  }

  private static List<Event> with(List<Event> events, int i, Event e) {
    ArrayList<Event> out = copy(events);
    out.set(i, e);
    return out;
  }

  private static void assertTip(List<Event> events, Reason reason, String tip) {
    ChainReport r = ChainVerifier.verify(events);
    assertThat(r.breaks()).as(r.toString()).hasSize(1);
    assertThat(r.firstBreak().orElseThrow().reason()).as(r.toString()).isEqualTo(reason);
    assertThat(r.tips()).as(r.toString()).containsEntry(A, tip);
  }

  @Test
  void hashPrevThatIsNotAHashNamesNoEvent() {
    List<Event> c = chain(3, A);
    ArrayList<Event> e = copy(c);
    e.add(forged("not a hash"));
    e.add(ContentHash.withContentHash(TestEvents.varied(998, A).toBuilder().setHashPrev("not a hash").build()));
    ChainReport r = ChainVerifier.verify(e);
    assertThat(r.breaks()).extracting(ChainBreak::index, ChainBreak::reason)
        .containsExactly(tuple(3L, Reason.DELETED),
            tuple(4L, Reason.DELETED));
  }

  @Test
  void reordered() {
    for (int i : new int[] {0, 1, 4, 8}) {
      ArrayList<Event> e = copy(chain(10, A));
      Event t = e.get(i);
      e.set(i, e.get(i + 1));
      e.set(i + 1, t);
      assertOnlyBreak(e, i, Reason.REORDERED);
    }
  }

  @Test
  void forkedWhenNothingTellsWhichBranchIsExtra() {
    List<Event> base = chain(5, A);
    Event branch1 = forged(base.get(4).getContentHash());
    Event branch2 = ContentHash.withContentHash(TestEvents.varied(998, A).toBuilder().setHashPrev(base.get(4).getContentHash()).build());
    List<Event> end = new ArrayList<>(base);
    end.add(branch1);
    end.add(branch2);
    assertOnlyBreak(end, 5, Reason.FORKED);
    // The next event follows neither branch: still a fork, then that event's own break.
    List<Event> neither = new ArrayList<>(end);
    neither.add(forged("c".repeat(64)));
    ChainReport r = ChainVerifier.verify(neither);
    assertThat(r.firstBreak().orElseThrow().reason()).isEqualTo(Reason.FORKED);
    assertThat(r.firstBreak().orElseThrow().index()).isEqualTo(5);
  }

  @Test
  void invalidEvent() {
    ArrayList<Event> e = copy(chain(6, A));
    e.set(2, e.get(2).toBuilder().setMetadata(Struct.newBuilder().putFields("x", Values.num(Double.NaN))).build());
    ChainReport r = ChainVerifier.verify(e);
    assertThat(r.breaks()).hasSize(1);
    assertThat(r.firstBreak().orElseThrow().reason()).isEqualTo(Reason.INVALID);
    assertThat(r.firstBreak().orElseThrow().detail()).contains("metadata.x");
  }

  @Test
  void firstBreakIsTheLowestIndexEvenWhenFoundLater() {
    List<Event> a = chain(5, A);
    List<Event> b = chain(5, B);
    List<Event> mixed = new ArrayList<>();
    mixed.add(a.get(0));
    mixed.add(a.get(2)); // index 1: a1 deleted, known only at a3 (index 5)
    mixed.add(b.get(0));
    mixed.add(b.get(1).toBuilder().setAgentName("x").build()); // index 3: MODIFIED, found at once
    mixed.add(b.get(2));
    mixed.add(a.get(3));
    ChainVerifier v = new ChainVerifier();
    List<Boolean> clean = new ArrayList<>();
    for (Event e : mixed) {
      clean.add(v.accept(e));
    }
    assertThat(clean).containsExactly(true, true, true, false, false, false);
    ChainReport r = v.finish();
    assertThat(r.breaks()).extracting(ChainBreak::index).containsExactly(1L, 3L);
    assertThat(r.firstBreak().orElseThrow().reason()).isEqualTo(Reason.DELETED);
    assertThat(r.firstBreak().orElseThrow().chain()).isEqualTo(A);
  }

  @Test
  void resumeVerifiesAChainFromTheMiddle() {
    List<Event> a = chain(10, A);
    List<Event> tail = a.subList(5, 10);
    ChainReport strict = ChainVerifier.verify(tail);
    assertThat(strict.firstBreak().orElseThrow().reason()).isEqualTo(Reason.DELETED);
    assertThat(strict.firstBreak().orElseThrow().detail()).contains("resume");
    ChainVerifier v = new ChainVerifier().resume(A, a.get(4).getContentHash());
    tail.forEach(v::accept);
    assertThat(v.finish().ok()).isTrue();
    ChainVerifier wrong = new ChainVerifier().resume(A, a.get(3).getContentHash());
    tail.forEach(wrong::accept);
    assertThat(wrong.finish().firstBreak().orElseThrow().index()).isZero();
  }

  @Test
  void misuse() {
    ChainVerifier v = new ChainVerifier();
    v.accept(chain(1, A).get(0));
    assertThatThrownBy(() -> v.resume(A, "a".repeat(64))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> v.resume(B, "not a hash")).isInstanceOf(IllegalArgumentException.class);
    ChainReport first = v.finish();
    assertThat(v.finish().tips()).isEqualTo(first.tips());
    assertThatThrownBy(() -> v.accept(chain(1, A).get(0))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void keepsTheLowestBreaksWhenThereAreMany() {
    List<Event> events = new ArrayList<>();
    for (Event e : chain(1500, A)) {
      events.add(e.toBuilder().clearContentHash().build());
    }
    ChainReport r = ChainVerifier.verify(events);
    assertThat(r.breakCount()).isEqualTo(1500);
    assertThat(r.breaks()).hasSize(ChainVerifier.MAX_REPORTED_BREAKS);
    assertThat(r.firstBreak().orElseThrow().index()).isZero();
    assertThat(r.breaks().get(999).index()).isEqualTo(999);
  }
}
