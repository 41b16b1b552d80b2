package ai.chaukas.spec.toolkit.integrity;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.toolkit.integrity.ChainBreak.Reason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Verifies hash chains as a stream: feed events in the order they were stored with {@link
 * #accept(Event)}, then {@link #finish()}. Events of many chains may be interleaved; each chain is
 * checked in the order its events appear.
 *
 * <p>Memory is constant per chain: the verifier keeps the last hash of each chain, the {@code
 * hash_prev} of that last event, and at most one event's hashes awaiting the next event of its
 * chain (a one-event look-ahead that tells a deletion from a swap and an insertion from a fork).
 * It never keeps events or sets of seen hashes. What each {@link Reason} means, when it is
 * reported and which hash the chain continues from after it is specified in {@code
 * docs/chaukas-hash-v1.md}, section 8.
 *
 * <p>Every event's {@code content_hash} is recomputed, so verification costs about one {@link
 * ContentHash#of} per event. Not thread-safe.
 *
 * @since 1.0.5
 */
public final class ChainVerifier {

  /** {@link ChainReport#breaks()} keeps the breaks with the lowest indices, at most this many. */
  public static final int MAX_REPORTED_BREAKS = 1000;

  private static final int NONE = 0;
  private static final int SIBLING = 1;
  private static final int UNLINKED = 2;

  private final Map<ChainKey, State> chains = new HashMap<>();
  private final PriorityQueue<ChainBreak> kept =
      new PriorityQueue<>(Comparator.comparingLong(ChainBreak::index).reversed());
  private long breakCount;
  private long index;
  private boolean finished;

  /** A verifier with no chains seen. */
  public ChainVerifier() {}

  /** Verifies {@code events} in order. */
  public static ChainReport verify(Iterable<Event> events) {
    ChainVerifier v = new ChainVerifier();
    for (Event e : events) {
      v.accept(e);
    }
    return v.finish();
  }

  /**
   * Declares that {@code chain} continues after an already verified event whose content hash is
   * {@code lastContentHash}, e.g. the tip recorded by the previous day's verification or a
   * checkpoint. Without this, a chain's first event here must have an empty {@code hash_prev}.
   *
   * @throws IllegalStateException if events of {@code chain} were already accepted
   */
  public ChainVerifier resume(ChainKey chain, String lastContentHash) {
    Objects.requireNonNull(chain, "chain");
    HashChain.requireContentHash(lastContentHash);
    State s = chains.get(chain);
    if (s != null && (s.hasTip || s.pending != NONE)) {
      throw new IllegalStateException("chain " + chain + " already has events; resume before the first");
    }
    State fresh = new State();
    fresh.expected = lastContentHash;
    chains.put(chain, fresh);
    return this;
  }

  /**
   * Checks the next event. Returns true while no break has been found in any chain, so a caller
   * may stop at the first false. A break that needs the next event of its chain to be classified
   * is reported when that event arrives, or by {@link #finish()}.
   *
   * @throws IllegalStateException after {@link #finish()}
   */
  public boolean accept(Event event) {
    if (finished) {
      throw new IllegalStateException("finish() was called");
    }
    long i = index++;
    ChainKey key = ChainKey.of(event);
    State st = chains.computeIfAbsent(key, k -> new State());
    String c = event.getContentHash();
    String p = event.getHashPrev();
    String id = event.getEventId();

    boolean contentBad = true;
    String h = null;
    try {
      h = ContentHash.of(event);
      if (!h.equals(c)) {
        report(i, Reason.MODIFIED, key, id,
            c.isEmpty()
                ? "content_hash is empty; the content hashes to " + h
                : "content_hash " + c + " is not the hash of the content, " + h);
      } else {
        contentBad = false;
      }
    } catch (CanonicalFormException e) {
      report(i, Reason.INVALID, key, id, "the event cannot be hashed: " + e.getMessage());
    }

    if (st.pending != NONE && resolve(st, key, i, c, p)) {
      return breakCount == 0;
    }
    if (contentBad) {
      // Already reported, and its hash_prev is not checked: one bad event is one break. Carry on
      // from the hash it claims, which is what its successor names; when it claims no hash, from
      // its real hash, or, when it has none either, from where the chain was.
      if (isHash(c)) {
        st.link(i, c, p, id);
      } else if (h != null) {
        st.link(i, h, p, id);
      }
    } else if (c.equals(st.expected)) {
      report(i, Reason.INSERTED, key, id, st.hasTip
          ? "an exact copy of event " + st.tipIndex + ", the last of its chain (content_hash " + c + ")"
          : "an exact copy of the event the chain was resumed from (content_hash " + c + ")");
    } else if (p.equals(st.expected)) {
      st.link(i, c, p, id);
    } else if (st.hasTip && p.equals(st.tipPrev) && (p.isEmpty() || isHash(p))) {
      st.hold(SIBLING, i, c, p, id);
    } else {
      st.hold(UNLINKED, i, c, p, id);
    }
    return breakCount == 0;
  }

  /**
   * Classifies what is still waiting for a next event (the end of a chain is the answer) and
   * returns the report. The verifier accepts no events afterwards; calling it again returns an
   * equal report.
   */
  public ChainReport finish() {
    if (!finished) {
      finished = true;
      for (Map.Entry<ChainKey, State> e : chains.entrySet()) {
        State st = e.getValue();
        if (st.pending == SIBLING) {
          report(st.tipIndex, Reason.FORKED, e.getKey(), st.tipEventId,
              "events " + st.tipIndex + " and " + st.pIndex + " both name " + describe(st.tipPrev)
                  + " as their predecessor and the chain ends without showing which one is extra");
          st.link(st.pIndex, st.pHash, st.pPrev, st.pEventId);
        } else if (st.pending == UNLINKED) {
          report(st.pIndex, Reason.DELETED, e.getKey(), st.pEventId, unlinkedDetail(st));
          st.link(st.pIndex, st.pHash, st.pPrev, st.pEventId);
        }
      }
    }
    Map<ChainKey, String> tips = new LinkedHashMap<>();
    chains.forEach((k, s) -> tips.put(k, s.expected));
    return new ChainReport(index, breakCount, new ArrayList<>(kept), tips);
  }

  /**
   * Settles the held event of {@code st} with the next event of its chain (index i, content hash
   * c, hash_prev p). Returns true when that event is thereby fully accounted for.
   */
  private boolean resolve(State st, ChainKey key, long i, String c, String p) {
    int kind = st.pending;
    st.pending = NONE;
    if (kind == SIBLING) {
      // Two siblings: the tip (S1) and the held event (S2) both name st.tipPrev; they differ, as
      // an exact copy of the tip is never held.
      String h1 = st.expected;
      String h2 = st.pHash;
      if (p.equals(h2)) {
        report(st.tipIndex, Reason.INSERTED, key, st.tipEventId,
            "names the same predecessor (" + describe(st.tipPrev) + ") as event " + st.pIndex
                + ", and the chain continues from event " + st.pIndex + " at event " + i);
        st.link(st.pIndex, h2, st.pPrev, st.pEventId);
      } else if (p.equals(h1)) {
        report(st.pIndex, Reason.INSERTED, key, st.pEventId,
            "names the same predecessor (" + describe(st.tipPrev) + ") as event " + st.tipIndex
                + ", and the chain continues from event " + st.tipIndex + " at event " + i);
      } else {
        report(st.tipIndex, Reason.FORKED, key, st.tipEventId,
            "events " + st.tipIndex + " and " + st.pIndex + " both name " + describe(st.tipPrev)
                + " as their predecessor, and the next event " + i + " follows neither");
        st.link(st.pIndex, h2, st.pPrev, st.pEventId);
      }
      return false;
    }
    // UNLINKED: the held event E named an unknown predecessor.
    if (p.equals(st.expected) && isHash(c) && c.equals(st.pPrev)) {
      report(st.pIndex, Reason.REORDERED, key, st.pEventId,
          "event " + st.pIndex + " comes after its successor-in-order, event " + i
              + " (content_hash " + c + "), which it names as its predecessor");
      // In the true order event i comes first, then E, which is now the chain's last event.
      st.link(st.pIndex, st.pHash, st.pPrev, st.pEventId);
      return true;
    }
    report(st.pIndex, Reason.DELETED, key, st.pEventId, unlinkedDetail(st));
    st.link(st.pIndex, st.pHash, st.pPrev, st.pEventId);
    return false;
  }

  private static String unlinkedDetail(State st) {
    if (!st.hasTip && st.expected.isEmpty()) {
      return "the first event of the chain here has hash_prev " + st.pPrev
          + ": the events before it are missing (verify the whole chain, or resume() it from a known hash)";
    }
    return "hash_prev " + st.pPrev + " is not the content_hash of the event before it in the chain ("
        + describe(st.expected) + "): events are missing before it, or that event was replaced";
  }

  private static boolean isHash(String hash) {
    return HashChain.HASH.matcher(hash).matches();
  }

  private static String describe(String hash) {
    return hash.isEmpty() ? "the chain start (empty hash_prev)" : hash;
  }

  private void report(long i, Reason reason, ChainKey key, String eventId, String detail) {
    breakCount++;
    kept.add(new ChainBreak(i, reason, key, eventId, detail));
    if (kept.size() > MAX_REPORTED_BREAKS) {
      kept.poll();
    }
  }

  /** What the verifier knows about one chain: constant size. */
  private static final class State {
    /** What the next event's hash_prev must be: the tip's content hash, "" at the start, or the resumed hash. */
    String expected = "";
    /** Whether an event of this chain was accepted (then tipPrev, tipIndex and tipEventId are its). */
    boolean hasTip;
    String tipPrev;
    long tipIndex;
    String tipEventId;
    /** An event waiting for the next one of its chain: NONE, SIBLING or UNLINKED. */
    int pending = NONE;
    long pIndex;
    String pHash;
    String pPrev;
    String pEventId;

    void link(long i, String hash, String prev, String eventId) {
      expected = hash;
      hasTip = true;
      tipPrev = prev;
      tipIndex = i;
      tipEventId = eventId;
    }

    void hold(int kind, long i, String hash, String prev, String eventId) {
      pending = kind;
      pIndex = i;
      pHash = hash;
      pPrev = prev;
      pEventId = eventId;
    }
  }
}
