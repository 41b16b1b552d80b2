package ai.chaukas.spec.toolkit.integrity;

import ai.chaukas.spec.common.v1.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Links events into hash chains ({@code docs/chaukas-hash-v1.md}, section 7): each event's {@code
 * hash_prev} is the {@code content_hash} of the event appended before it to the same {@link
 * ChainKey (tenant, project, session)} chain, empty for the first; then its own {@code
 * content_hash} is computed, which covers {@code hash_prev}. The order of a chain is the order in
 * which events are appended.
 *
 * @since 1.0.5
 */
public final class HashChain {

  static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  private HashChain() {}

  /** {@code hash} if it is a content hash (64 lowercase hex characters), for resuming a chain. */
  static String requireContentHash(String hash) {
    if (!HASH.matcher(hash).matches()) {
      throw new IllegalArgumentException(
          "a content hash is 64 lowercase hex characters, got \"" + hash + "\"");
    }
    return hash;
  }

  /**
   * The events with {@code hash_prev} and {@code content_hash} set, in the same order. Events of
   * different chains may be mixed: each chain is linked in list order and starts afresh here
   * (use {@link #linker()} with {@link Linker#resume} to continue an earlier chain).
   *
   * @throws CanonicalFormException if an event has no canonical form
   */
  public static List<Event> link(List<Event> events) {
    Linker linker = linker();
    List<Event> out = new ArrayList<>(events.size());
    for (Event e : events) {
      out.add(linker.append(e));
    }
    return out;
  }

  /** A linker for events that arrive one at a time; it holds one hash per chain. */
  public static Linker linker() {
    return new Linker();
  }

  /** Links events as they are produced. Not thread-safe: give each producer its own. */
  public static final class Linker {
    private final Map<ChainKey, String> tips = new HashMap<>();

    private Linker() {}

    /**
     * Continues {@code chain} after an event already sent, whose content hash is {@code
     * lastContentHash} (64 lowercase hex characters), instead of starting it afresh.
     */
    public Linker resume(ChainKey chain, String lastContentHash) {
      Objects.requireNonNull(chain, "chain");
      tips.put(chain, requireContentHash(lastContentHash));
      return this;
    }

    /**
     * {@code event} as the next event of its chain: {@code hash_prev} set to the chain's last
     * content hash (empty for the first), {@code content_hash} computed. Fields other than these
     * two are kept as they are.
     *
     * @throws CanonicalFormException if the event has no canonical form (the chain is then unchanged)
     */
    public Event append(Event event) {
      ChainKey key = ChainKey.of(event);
      Event.Builder linked = event.toBuilder().setHashPrev(tips.getOrDefault(key, ""));
      String hash = ContentHash.of(linked.build());
      tips.put(key, hash);
      return linked.setContentHash(hash).build();
    }

    /**
     * Forgets {@code chain}'s last content hash, e.g. once its session ended, so that a
     * long-lived linker holds only the chains still in use; an event of that chain appended later
     * starts it afresh (empty {@code hash_prev}).
     */
    public Linker forget(ChainKey chain) {
      tips.remove(Objects.requireNonNull(chain, "chain"));
      return this;
    }

    /** How many chains this linker holds a hash for. */
    public int size() {
      return tips.size();
    }

    /** The content hash of the last event of {@code chain}, if any. */
    public Optional<String> tip(ChainKey chain) {
      return Optional.ofNullable(tips.get(chain));
    }
  }
}
