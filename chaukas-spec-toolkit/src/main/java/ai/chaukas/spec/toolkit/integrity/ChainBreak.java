package ai.chaukas.spec.toolkit.integrity;

import java.util.Objects;

/**
 * One place where a hash chain does not verify.
 *
 * @param index 0-based position in the verifier's input (all chains counted together) of the
 *     event named by {@link Reason}
 * @param reason what the evidence shows; see {@code docs/chaukas-hash-v1.md}, section 8
 * @param chain the chain
 * @param eventId that event's {@code event_id}, for people
 * @param detail one sentence with the hashes and indices involved
 * @since 1.0.5
 */
public record ChainBreak(long index, Reason reason, ChainKey chain, String eventId, String detail) {

  public ChainBreak {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(detail, "detail");
  }

  /**
   * What the chain shows at the reported index. A single change of a correctly linked chain is
   * always reported at or before the first position it affects; the one exception is an event
   * modified and re-hashed by the tamperer, which is seen at the next event ({@link #DELETED}), and
   * at the end of a chain, which only the Merkle log protects ({@link ChainReport#tips()}).
   */
  public enum Reason {
    /** The event's {@code content_hash} is empty or is not the hash of its content. */
    MODIFIED,
    /** The event cannot be hashed at all (see {@link CanonicalFormException}). */
    INVALID,
    /**
     * The event's {@code hash_prev} is neither the hash of the event before it in the chain nor
     * explained by a swap with the next one: events are missing before it, or the event before it
     * was replaced (modified and re-hashed), or its {@code hash_prev} is not a hash at all. Also
     * reported for a chain whose first event here has a non-empty {@code hash_prev} and was not
     * {@link ChainVerifier#resume resumed}.
     */
    DELETED,
    /**
     * The event is extra: it names the same predecessor as a neighbour in its chain while the
     * chain continues through the neighbour, or it is an exact copy of the last event of its
     * chain (reported at the copy, wherever the chain goes on or ends).
     */
    INSERTED,
    /** The event and the next one of its chain are in swapped order. */
    REORDERED,
    /**
     * Two events name the same predecessor and what follows does not show which one is extra (the
     * chain ends, or the next event follows neither). Reported at the earlier of the two.
     */
    FORKED
  }

  /** {@code index N (event_id X) in chain C: REASON: detail}. */
  @Override
  public String toString() {
    return "index " + index + " (event_id " + eventId + ") in chain " + chain + ": " + reason + ": " + detail;
  }
}
