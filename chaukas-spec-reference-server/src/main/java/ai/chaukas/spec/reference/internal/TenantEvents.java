package ai.chaukas.spec.reference.internal;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.TimeRange;
import ai.chaukas.spec.toolkit.validation.SerializedEvent;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One tenant's events: by id for idempotency (ING-5) and ordered by {@link Position} for queries and
 * stats (QRY-3, QRY-4, QRY-7). Lock-free; an event enters the ordered index after its id is claimed,
 * and both are done before its ingest call returns.
 */
public final class TenantEvents {

  private final String id;
  private final ConcurrentHashMap<String, StoredEvent> byId = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<Position, StoredEvent> byPosition = new ConcurrentSkipListMap<>();

  TenantEvents(String id) {
    this.id = id;
  }

  /** The tenant's id. */
  String id() {
    return id;
  }

  /** Whether an event with this id is stored. */
  boolean contains(String eventId) {
    return byId.containsKey(eventId);
  }

  /** The stored event with this id, or null. */
  public Event get(String eventId) {
    StoredEvent stored = byId.get(eventId);
    return stored == null ? null : stored.event();
  }

  /**
   * Stores {@code event}, a valid event of this tenant, as {@code stored} unless its id is taken.
   *
   * @return null when stored, else the event already stored under that id (never replaced)
   */
  StoredEvent putIfAbsent(SerializedEvent event, StoredEvent stored) {
    StoredEvent prior = byId.putIfAbsent(event.eventId(), stored);
    if (prior == null) {
      byPosition.put(Position.of(event), stored);
    }
    return prior;
  }

  /** Every event, ascending. */
  public NavigableMap<Position, StoredEvent> all() {
    return Collections.unmodifiableNavigableMap(byPosition);
  }

  /**
   * Events with start ≤ timestamp &lt; end of {@code time} (QRY-3), further limited to positions
   * after {@code after} in the given direction. Unset bounds are open. Ascending map; the caller
   * reverses it for descending order.
   */
  NavigableMap<Position, StoredEvent> range(TimeRange time, Position after, boolean ascending) {
    Position low = time.hasStart() ? Position.first(time.getStart()) : null;
    boolean lowInclusive = true;
    Position high = time.hasEnd() ? Position.first(time.getEnd()) : null;
    if (after != null) {
      if (ascending && (low == null || after.compareTo(low) >= 0)) {
        low = after;
        lowInclusive = false;
      } else if (!ascending && (high == null || after.compareTo(high) < 0)) {
        high = after;
      }
    }
    if (low != null && high != null && low.compareTo(high) >= 0) {
      return Collections.emptyNavigableMap();
    }
    NavigableMap<Position, StoredEvent> view;
    if (low == null) {
      view = high == null ? byPosition : byPosition.headMap(high, false);
    } else {
      view = high == null
          ? byPosition.tailMap(low, lowInclusive)
          : byPosition.subMap(low, lowInclusive, high, false);
    }
    return Collections.unmodifiableNavigableMap(view);
  }
}
