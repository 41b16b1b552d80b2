package ai.chaukas.spec.toolkit.validation;

import ai.chaukas.spec.common.v1.Event;
import java.util.List;

/**
 * Verdicts on every event of a batch, in order, plus violations of the batch's own fields (for
 * example {@code batch-size}). Event verdicts are independent: one rejected event never rejects
 * another.
 *
 * @param events one verdict per event, in batch order
 * @param batchViolations violations of the batch as a whole
 * @since 1.0.5
 */
public record BatchVerdict(List<EventVerdict> events, List<Violation> batchViolations) {

  public BatchVerdict {
    events = List.copyOf(events);
    batchViolations = List.copyOf(batchViolations);
  }

  /** Events that break no rule, in order. */
  public List<Event> acceptedEvents() {
    return events.stream().filter(EventVerdict::accepted).map(EventVerdict::event).toList();
  }

  /** Ids of rejected events, in order, as a server reports them in {@code rejected_event_ids}. */
  public List<String> rejectedEventIds() {
    return events.stream().filter(v -> !v.accepted()).map(EventVerdict::reportedId).toList();
  }

  /** How many events were accepted. */
  public int acceptedCount() {
    return (int) events.stream().filter(EventVerdict::accepted).count();
  }

  /** How many events were rejected. */
  public int rejectedCount() {
    return events.size() - acceptedCount();
  }

  /** Every violation: the batch's own, then each event's. */
  public List<Violation> allViolations() {
    return java.util.stream.Stream.concat(
            batchViolations.stream(), events.stream().flatMap(v -> v.violations().stream()))
        .toList();
  }

  /** Whether the batch and all its events are valid. */
  public boolean allValid() {
    return batchViolations.isEmpty() && events.stream().allMatch(EventVerdict::accepted);
  }
}
