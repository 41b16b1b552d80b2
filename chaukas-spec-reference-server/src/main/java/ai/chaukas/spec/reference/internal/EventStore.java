package ai.chaukas.spec.reference.internal;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.TimeRange;
import ai.chaukas.spec.server.v1.GetEventStatsResponse;
import ai.chaukas.spec.toolkit.validation.SerializedEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where the reference server's service keeps events: the storage half of {@code docs/server-semantics.md}.
 * The service validates, pages and filters; a store keeps valid events byte for byte, keyed by
 * (tenant, event_id) for idempotency (ING-5), ordered by {@link Position} for queries (QRY-3,
 * QRY-4, QRY-7), and counts them for stats (STA-2). Implementations are thread-safe.
 */
public interface EventStore extends AutoCloseable {

  /** What became of one event handed to {@link #store}. */
  enum Outcome {
    /** Stored now. */
    STORED,
    /** Already stored with identical content: accepted again, stored once (ING-5). */
    DUPLICATE,
    /** Its id is stored with different content: rejected, the stored event kept (ING-5). */
    CONFLICT
  }

  /** The store cannot take the new events of a call; nothing of it was stored (ING-7). */
  final class FullException extends Exception {
    private static final long serialVersionUID = 1L;

    public FullException(String message) {
      super(message);
    }
  }

  /** Hears of each commit a store makes, for metrics. Called on the store's writer; must be quick. */
  interface CommitListener {
    /** A commit of {@code events} events took {@code nanos}, from its start to its sync. */
    void committed(int events, long nanos);
  }

  /** One stored event where it sits in the order of QRY-4. */
  record Stored(Position position, Event event) {}

  /** Stored events in order; close it when done, even before its end. */
  interface Cursor extends Iterator<Stored>, AutoCloseable {
    @Override
    void close();
  }

  /**
   * Stores valid events in order, an outcome per event in the same order. The future completes
   * once every stored event is durable in this store's sense (on disk, for a durable store), so an
   * acknowledgement sent then survives a crash. It completes exceptionally with {@link
   * FullException} when the new events do not fit, and with an {@link IOException} when the store
   * cannot write; then nothing of the call is stored.
   *
   * @param events valid events, each a view of the request it arrived in
   * @param receivedBytes the size of that request
   */
  CompletableFuture<List<Outcome>> store(List<SerializedEvent> events, int receivedBytes);

  /**
   * The tenant's events with {@code filter.time} (QRY-3), strictly after {@code after} in the given
   * direction (null: from the start), in the order of QRY-4. A store may also narrow by the
   * filter's other fields; the caller checks every event against the whole filter regardless.
   */
  Cursor scan(String tenantId, QueryFilter filter, Position after, boolean ascending)
      throws IOException;

  /**
   * STA-2 for the tenant's events in {@code time}, of {@code projectId} when not empty, computed
   * without handing every event to the caller.
   */
  GetEventStatsResponse stats(String tenantId, String projectId, TimeRange time) throws IOException;

  /** The stored event with this tenant and id. */
  Optional<Event> event(String tenantId, String eventId) throws IOException;

  /** How many events are stored, over all tenants. */
  long size();

  /**
   * The secret that authenticates this store's page tokens (QRY-6): 32 random bytes, made when the
   * store is created and the same for every server that opens the same store.
   */
  byte[] tokenKey();

  /** Events handed to {@link #store} and not yet committed. */
  default int pendingEvents() {
    return 0;
  }

  /** Forgets every event. For tests; calls running meanwhile may store theirs or not. */
  void clear() throws IOException;

  /** Ends pending work, then releases files and memory. Later calls fail. */
  @Override
  void close() throws IOException;

  /** Every event of the tenant in ascending order, for inspection in tests. */
  default List<Event> events(String tenantId) throws IOException {
    TimeRange all = TimeRange.getDefaultInstance();
    try (Cursor cursor =
        scan(tenantId, QueryFilter.newBuilder().setTenantId(tenantId).setTime(all).build(), null, true)) {
      List<Event> events = new ArrayList<>();
      cursor.forEachRemaining(stored -> events.add(stored.event()));
      return events;
    }
  }
}
