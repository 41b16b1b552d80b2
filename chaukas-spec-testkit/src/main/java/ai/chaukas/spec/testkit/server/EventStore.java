package ai.chaukas.spec.testkit.server;

import ai.chaukas.spec.toolkit.validation.SerializedEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every tenant's events plus the capacity limit. Holds no lock: tenants live in a concurrent map,
 * capacity is reserved with compare-and-set before anything of a call is stored, so a call that does
 * not fit stores nothing (ING-7) and the count never exceeds the limit. Near the limit, room
 * reserved by a concurrent call for events that turn out to be stored already is returned only
 * when that call ends, so another call may briefly be refused.
 */
final class EventStore {

  /** What became of one event handed to {@link #store}. */
  enum Outcome {
    /** Stored now. */
    STORED,
    /** Already stored with identical content: accepted again, stored once (ING-5). */
    DUPLICATE,
    /** Its id is stored with different content: rejected, the stored event kept (ING-5). */
    CONFLICT
  }

  /** The store cannot take the new events of a call; nothing of it was stored. */
  static final class FullException extends Exception {
    private static final long serialVersionUID = 1L;

    FullException(String message) {
      super(message);
    }
  }

  private record Key(String tenantId, String eventId) {}

  private final long maxEvents;
  private final ConcurrentHashMap<String, TenantEvents> tenants = new ConcurrentHashMap<>();
  private final AtomicLong size = new AtomicLong();

  EventStore(long maxEvents) {
    this.maxEvents = maxEvents;
  }

  /** How many events are stored, over all tenants. */
  long size() {
    return size.get();
  }

  /** The tenant's events, or null when it has none. */
  TenantEvents tenant(String tenantId) {
    return tenants.get(tenantId);
  }

  /**
   * Stores valid events in order; an outcome per event, in the same order.
   *
   * @param events valid events, each a view of the request it arrived in
   * @param receivedBytes the size of that request, which the views keep alive
   * @throws FullException if the events not yet stored do not fit; then none is stored
   */
  List<Outcome> store(List<SerializedEvent> events, int receivedBytes) throws FullException {
    // Room for every event is enough; only a nearly full store needs to know which are stored.
    long reserved = tryReserve(events.size()) ? events.size() : reserve(countNew(events));
    List<Outcome> outcomes = new ArrayList<>(events.size());
    List<StoredEvent> fresh = new ArrayList<>(events.size());
    long freshBytes = 0;
    long stored = 0;
    TenantEvents tenant = null;
    for (SerializedEvent event : events) {
      // Batches usually come from one tenant: look it up once.
      if (tenant == null || !tenant.id().equals(event.tenantId())) {
        tenant = tenants.computeIfAbsent(event.tenantId(), TenantEvents::new);
      }
      StoredEvent candidate = new StoredEvent(event.bytes());
      StoredEvent prior = tenant.putIfAbsent(event, candidate);
      if (prior == null) {
        fresh.add(candidate);
        freshBytes += event.bytes().size();
        stored++;
        outcomes.add(Outcome.STORED);
      } else {
        outcomes.add(prior.sameContent(event.bytes()) ? Outcome.DUPLICATE : Outcome.CONFLICT);
      }
    }
    // An id counted as new may have been stored by a concurrent call meanwhile: return its room.
    size.addAndGet(stored - reserved);
    if (freshBytes > 0 && freshBytes * 2 < receivedBytes) {
      // Mostly rejected or already stored events: copy the few new ones out of the request rather
      // than keep all of it alive for them.
      byte[] compact = new byte[(int) freshBytes];
      int at = 0;
      for (StoredEvent event : fresh) {
        at = event.moveTo(compact, at);
      }
    }
    return outcomes;
  }

  /** Distinct (tenant, id) pairs of {@code events} not stored yet; an upper bound of what is stored. */
  private long countNew(List<SerializedEvent> events) {
    Set<Key> fresh = new HashSet<>();
    for (SerializedEvent event : events) {
      if (!isStored(event)) {
        fresh.add(new Key(event.tenantId(), event.eventId()));
      }
    }
    return fresh.size();
  }

  private boolean isStored(SerializedEvent event) {
    TenantEvents tenant = tenants.get(event.tenantId());
    return tenant != null && tenant.contains(event.eventId());
  }

  private long reserve(long count) throws FullException {
    if (!tryReserve(count)) {
      throw new FullException(
          "the store is full: it holds " + size.get() + " of at most " + maxEvents
              + " events and this call adds " + count + "; nothing was stored");
    }
    return count;
  }

  /** Adds {@code count} to the size unless that would pass the limit. */
  private boolean tryReserve(long count) {
    while (true) {
      long current = size.get();
      if (current + count > maxEvents) {
        return false;
      }
      if (size.compareAndSet(current, current + count)) {
        return true;
      }
    }
  }
}
