package ai.chaukas.spec.exporter;

import java.util.EnumMap;
import java.util.Map;

/**
 * Counts of an exporter since it was built: a consistent-enough snapshot for metrics and tests
 * (each count is read atomically, not all of them at one instant).
 *
 * @param accepted events {@link ChaukasExporter#export} took (queued, or spooled)
 * @param sent events the platform acknowledged
 * @param rejected events the platform refused
 * @param retried requests sent again after a failure
 * @param queueDepth events waiting in the queue now
 * @param spoolBytes bytes of the spool directory's segment files now (0 without a spool)
 * @param droppedByReason events dropped, by reason; every reason is present
 * @since 1.0.5
 */
public record ExporterStats(
    long accepted,
    long sent,
    long rejected,
    long retried,
    int queueDepth,
    long spoolBytes,
    Map<DropReason, Long> droppedByReason) {

  /** A copy with an unmodifiable map holding every reason. */
  public ExporterStats {
    EnumMap<DropReason, Long> all = new EnumMap<>(DropReason.class);
    for (DropReason reason : DropReason.values()) {
      all.put(reason, droppedByReason.getOrDefault(reason, 0L));
    }
    droppedByReason = Map.copyOf(all);
  }

  /** Events dropped for {@code reason}. */
  public long dropped(DropReason reason) {
    return droppedByReason.get(reason);
  }

  /** Events dropped for any reason. */
  public long dropped() {
    return droppedByReason.values().stream().mapToLong(Long::longValue).sum();
  }
}
