package ai.chaukas.spec.toolkit.validation;

import ai.chaukas.spec.common.v1.Event;
import java.util.List;

/**
 * The verdict on one event of a batch.
 *
 * @param index position in the batch, from 0
 * @param event the event as received
 * @param violations what is wrong with it; empty when accepted
 * @since 1.0.5
 */
public record EventVerdict(int index, Event event, List<Violation> violations) {

  public EventVerdict {
    violations = List.copyOf(violations);
  }

  /** Whether the event breaks no rule. */
  public boolean accepted() {
    return violations.isEmpty();
  }

  /**
   * The id to report the event under: its {@code event_id}, or {@code events[i]} when it has none
   * (a rejected event without an id must still be named in {@code rejected_event_ids}).
   */
  public String reportedId() {
    String id = event.getEventId();
    return id.isEmpty() ? "events[" + index + "]" : id;
  }
}
