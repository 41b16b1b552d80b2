package ai.chaukas.spec.reference.internal;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.TimeRange;
import ai.chaukas.spec.server.v1.GetEventStatsResponse;
import ai.chaukas.spec.toolkit.validation.SerializedEvent;
import com.google.protobuf.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events in memory, for tests and demos: gone when the process ends. Holds no lock: tenants live in
 * a concurrent map, capacity is reserved with compare-and-set before anything of a call is stored,
 * so a call that does not fit stores nothing (ING-7) and the count never exceeds the limit. Near
 * the limit, room reserved by a concurrent call for events that turn out to be stored already is
 * returned only when that call ends, so another call may briefly be refused.
 */
public final class MemoryStore implements EventStore {

  private record Key(String tenantId, String eventId) {}

  private final long maxEvents;
  private final ConcurrentHashMap<String, TenantEvents> tenants = new ConcurrentHashMap<>();
  private final AtomicLong size = new AtomicLong();

  public MemoryStore(long maxEvents) {
    this.maxEvents = maxEvents;
  }

  /** The tenant's events, or null when it has none. */
  public TenantEvents tenant(String tenantId) {
    return tenants.get(tenantId);
  }

  @Override
  public byte[] tokenKey() {
    return new byte[32];
  }

  @Override
  public long size() {
    return size.get();
  }

  @Override
  public CompletableFuture<List<Outcome>> store(List<SerializedEvent> events, int receivedBytes) {
    try {
      return CompletableFuture.completedFuture(storeNow(events, receivedBytes));
    } catch (FullException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public Cursor scan(String tenantId, QueryFilter filter, Position after, boolean ascending) {
    TenantEvents tenant = tenants.get(tenantId);
    if (tenant == null) {
      return cursor(Collections.emptyIterator());
    }
    NavigableMap<Position, StoredEvent> range = tenant.range(filter.getTime(), after, ascending);
    return cursor((ascending ? range : range.descendingMap()).entrySet().iterator());
  }

  private static Cursor cursor(Iterator<Map.Entry<Position, StoredEvent>> entries) {
    return new Cursor() {
      @Override
      public boolean hasNext() {
        return entries.hasNext();
      }

      @Override
      public Stored next() {
        Map.Entry<Position, StoredEvent> entry = entries.next();
        return new Stored(entry.getKey(), entry.getValue().event());
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public GetEventStatsResponse stats(String tenantId, String projectId, TimeRange time) {
    GetEventStatsResponse.Builder stats = GetEventStatsResponse.newBuilder();
    TenantEvents tenant = tenants.get(tenantId);
    if (tenant == null) {
      return stats.build();
    }
    Map<String, Long> byType = new HashMap<>();
    Set<String> sessions = new HashSet<>();
    // Ascending order: the first SESSION_START seen is the earliest, the last SESSION_END the latest.
    Map<String, Timestamp> starts = new HashMap<>();
    Map<String, Timestamp> ends = new HashMap<>();
    long total = 0;
    for (StoredEvent stored : tenant.range(time, null, true).values()) {
      Event event = stored.event();
      if (!projectId.isEmpty() && !projectId.equals(event.getProjectId())) {
        continue;
      }
      total++;
      sessions.add(event.getSessionId());
      byType.merge(event.getType().name(), 1L, Long::sum);
      if (event.getType() == EventType.EVENT_TYPE_SESSION_START) {
        starts.putIfAbsent(event.getSessionId(), event.getTimestamp());
      } else if (event.getType() == EventType.EVENT_TYPE_SESSION_END) {
        ends.put(event.getSessionId(), event.getTimestamp());
      }
    }
    double durationSum = 0;
    int completeSessions = 0;
    for (Map.Entry<String, Timestamp> start : starts.entrySet()) {
      Timestamp end = ends.get(start.getKey());
      if (end != null) {
        durationSum += millisBetween(start.getValue(), end);
        completeSessions++;
      }
    }
    return stats
        .setTotalEvents(total)
        .setTotalSessions(sessions.size())
        .putAllEventsByType(byType)
        .setAvgSessionDurationMs(completeSessions == 0 ? 0 : durationSum / completeSessions)
        .build();
  }

  private static double millisBetween(Timestamp start, Timestamp end) {
    return (end.getSeconds() - start.getSeconds()) * 1000.0
        + (end.getNanos() - start.getNanos()) / 1_000_000.0;
  }

  @Override
  public Optional<Event> event(String tenantId, String eventId) {
    TenantEvents tenant = tenants.get(tenantId);
    return Optional.ofNullable(tenant == null ? null : tenant.get(eventId));
  }

  @Override
  public void clear() {
    tenants.clear();
    size.set(0);
  }

  @Override
  public void close() {
    clear();
  }

  /**
   * Stores valid events in order; an outcome per event, in the same order.
   *
   * @param events valid events, each a view of the request it arrived in
   * @param receivedBytes the size of that request, which the views keep alive
   * @throws FullException if the events not yet stored do not fit; then none is stored
   */
  private List<Outcome> storeNow(List<SerializedEvent> events, int receivedBytes)
      throws FullException {
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
