package ai.chaukas.spec.toolkit.integrity;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of verifying hash chains with a {@link ChainVerifier}.
 *
 * @since 1.0.5
 */
public final class ChainReport {

  private final long eventCount;
  private final long breakCount;
  private final List<ChainBreak> breaks;
  private final Map<ChainKey, String> tips;

  ChainReport(long eventCount, long breakCount, List<ChainBreak> breaks, Map<ChainKey, String> tips) {
    this.eventCount = eventCount;
    this.breakCount = breakCount;
    this.breaks = breaks.stream().sorted(Comparator.comparingLong(ChainBreak::index)).toList();
    this.tips = Map.copyOf(tips);
  }

  /**
   * Whether every chain verified. The last event of each chain is protected only by checking
   * {@link #tips()} against the Merkle log or a recorded tip.
   */
  public boolean ok() {
    return breakCount == 0;
  }

  /** The break at the lowest input index, if any. */
  public Optional<ChainBreak> firstBreak() {
    return breaks.isEmpty() ? Optional.empty() : Optional.of(breaks.get(0));
  }

  /** The breaks found, by index; at most {@link ChainVerifier#MAX_REPORTED_BREAKS} of them. */
  public List<ChainBreak> breaks() {
    return breaks;
  }

  /** How many breaks were found, including those not kept in {@link #breaks()}. */
  public long breakCount() {
    return breakCount;
  }

  /** How many events were read. */
  public long eventCount() {
    return eventCount;
  }

  /** How many chains were seen (resumed ones included). */
  public int chainCount() {
    return tips.size();
  }

  /**
   * The content hash of the last event of each chain. Nothing after an event commits to it, so a
   * removed, replaced or added last event shows only here or in the Merkle log: a replaced or
   * added event has no inclusion proof, a removed one leaves a leaf without an event. Compare with
   * a tip recorded earlier, or audit against the log.
   */
  public Map<ChainKey, String> tips() {
    return tips;
  }

  @Override
  public String toString() {
    return ok()
        ? "chains verified: " + eventCount + " events in " + tips.size() + " chains"
        : breakCount + " break(s) in " + eventCount + " events; first: " + breaks.get(0);
  }
}
