package ai.chaukas.spec.reference;

import ai.chaukas.spec.common.v1.Capabilities;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.common.v1.QueryResponse;
import ai.chaukas.spec.common.v1.SortOrder;
import ai.chaukas.spec.common.v1.TimeRange;
import ai.chaukas.spec.reference.internal.EventStore;
import ai.chaukas.spec.reference.internal.Position;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.GetCapabilitiesRequest;
import ai.chaukas.spec.server.v1.GetCapabilitiesResponse;
import ai.chaukas.spec.server.v1.GetEventStatsRequest;
import ai.chaukas.spec.server.v1.GetEventStatsResponse;
import ai.chaukas.spec.server.v1.HealthzRequest;
import ai.chaukas.spec.server.v1.HealthzResponse;
import ai.chaukas.spec.server.v1.IngestEventBatchResponse;
import ai.chaukas.spec.server.v1.IngestEventResponse;
import ai.chaukas.spec.server.v1.QueryEventsRequest;
import ai.chaukas.spec.server.v1.QueryEventsResponse;
import ai.chaukas.spec.toolkit.FieldPath;
import ai.chaukas.spec.toolkit.validation.EventValidator;
import ai.chaukas.spec.toolkit.validation.SerializedEvent;
import ai.chaukas.spec.toolkit.validation.Violation;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The RPCs of {@code docs/server-semantics.md} over an {@link EventStore}. Validation runs before
 * the store is touched and holds no lock; every failure is a status with a description that says
 * what to do next, and every {@code INVALID_ARGUMENT} names the refused fields in its details
 * ({@link InvalidArgument}).
 */
final class RulesService extends ChaukasServerServiceGrpc.ChaukasServerServiceImplBase {

  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 1000;
  /**
   * Longest {@code text_query}, in UTF-16 characters. The search is linear in the text searched
   * whatever the needle; the limit refuses at once what no event is likely to hold.
   */
  static final int MAX_TEXT_QUERY_CHARS = 256;

  // Where refused fields lie, as paths from the request messages.
  private static final FieldPath EVENT = FieldPath.of("event");
  private static final FieldPath EVENT_BATCH = FieldPath.of("event_batch");
  private static final FieldPath QUERY = FieldPath.of("query");
  private static final FieldPath FILTER = QUERY.field("filter");

  private static final Capabilities CAPABILITIES =
      Capabilities.newBuilder().setPolicyDecisions(true).setDataAccessEvents(true).build();

  private final EventStore store;
  private final EventValidator validator;
  private final int maxBatchEvents;
  private final Clock clock;
  private final Consumer<String> summaries;
  private final ServerMetrics metrics;
  private final Overload overload;
  private final int maxPageBytes;
  private final byte[] tokenKey;
  private final boolean keysRequired;

  /** {@code keysRequired}: whether every call but Healthz must carry an {@link ApiKey}. */
  RulesService(
      EventStore store,
      EventValidator validator,
      int maxBatchEvents,
      Clock clock,
      Consumer<String> summaries,
      ServerMetrics metrics,
      int maxPageBytes,
      Overload overload,
      boolean keysRequired) {
    this.metrics = metrics;
    this.overload = overload;
    this.keysRequired = keysRequired;
    this.maxPageBytes = maxPageBytes;
    this.tokenKey = store.tokenKey();
    this.store = store;
    this.validator = validator;
    this.maxBatchEvents = maxBatchEvents;
    this.clock = clock;
    this.summaries = summaries;
  }

  /**
   * OK while the server can do its work: {@code UNAVAILABLE}, saying why, while the store's latest
   * write failed or the heap stays nearly full after garbage collection. Being busy is not being
   * unhealthy: refused ingest calls under load leave Healthz OK.
   */
  @Override
  public void healthz(HealthzRequest request, StreamObserver<HealthzResponse> out) {
    String store = this.store.failure();
    String heap = overload.heapNearlyFull();
    if (store != null || heap != null) {
      out.onError(new StatusException(Status.UNAVAILABLE.withDescription(store != null
          ? "the store cannot write: " + store
          : "high memory usage: " + heap)));
      return;
    }
    out.onNext(HealthzResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void getCapabilities(
      GetCapabilitiesRequest request, StreamObserver<GetCapabilitiesResponse> out) {
    out.onNext(GetCapabilitiesResponse.newBuilder().setCapabilities(CAPABILITIES).build());
    out.onCompleted();
  }

  /** IngestEvent on the request as received: the event is validated and stored as its bytes. */
  void ingestEvent(RawIngestEvent request, StreamObserver<IngestEventResponse> out) {
    try {
      if (!request.hasEvent()) {
        throw InvalidArgument.of(EVENT, "ING-3", "event is required");
      }
      SerializedEvent event;
      try {
        event = request.validate(validator);
      } catch (InvalidProtocolBufferException e) {
        throw InvalidArgument.of(EVENT, InvalidArgument.MALFORMED,
            "event is not an Event message (" + e.getMessage() + "); nothing was stored");
      }
      if (!event.isValid()) {
        metrics.rejected(1, event.bytes().size());
        throw InvalidArgument.of("event is invalid, nothing was stored: ", EVENT, event.violations());
      }
      ApiKey key = apiKey();
      if (key != null) {
        try {
          key.check("the event", event.tenantId(),
              key.limitedToProject() ? event.event().getProjectId() : null);
        } catch (StatusException e) {
          metrics.rejected(1, event.bytes().size());
          throw e;
        }
      }
      store.store(List.of(event), request.receivedBytes()).whenComplete((outcomes, error) -> {
        if (error != null) {
          metrics.rejected(1, event.bytes().size());
          fail("IngestEvent", storeFailure(error), out);
          return;
        }
        EventStore.Outcome outcome = outcomes.get(0);
        if (outcome == EventStore.Outcome.CONFLICT) {
          metrics.rejected(1, event.bytes().size());
          fail("IngestEvent", new StatusException(
              Status.ALREADY_EXISTS.withDescription(
                  "event_id " + event.eventId() + " is already stored for tenant "
                      + event.tenantId() + " with different content; stored events are never"
                      + " overwritten: give a new event its own event_id")), out);
          return;
        }
        metrics.ingested(1, event.bytes().size());
        out.onNext(
            IngestEventResponse.newBuilder()
                .setEventId(event.eventId())
                .setStatus("accepted")
                .setProcessedAt(clock.millis())
                .build());
        out.onCompleted();
        summarize(
            () -> "IngestEvent tenant=" + event.tenantId() + " event_id=" + event.eventId()
                + (outcome == EventStore.Outcome.DUPLICATE ? " accepted (already stored)" : " accepted"));
      });
    } catch (StatusException e) {
      fail("IngestEvent", e, out);
    }
  }

  /**
   * IngestEventBatch on the request as received: each event is validated where it lies in the
   * request's bytes and an accepted one is stored as those bytes, never parsed or serialized.
   */
  void ingestEventBatch(RawEventBatch request, StreamObserver<IngestEventBatchResponse> out) {
    try {
      if (!request.hasEventBatch()) {
        throw InvalidArgument.of(EVENT_BATCH, "ING-6", "event_batch is required");
      }
      EventBatch batch = request.fields();
      int count = request.eventCount();
      if (count > maxBatchEvents) {
        throw InvalidArgument.of(EVENT_BATCH.field("events"), "ING-7",
            "event_batch has " + count + " events; this server takes at most "
                + maxBatchEvents + " per call: split the batch (nothing was stored)");
      }
      List<Violation> batchViolations = validator.validateBatchFields(batch, count);
      if (!batchViolations.isEmpty()) {
        throw InvalidArgument.of(
            "event_batch is invalid, nothing was stored: ", EVENT_BATCH, batchViolations);
      }
      SerializedEvent[] events = new SerializedEvent[count];
      boolean[] storing = new boolean[count];
      List<SerializedEvent> accepted = new ArrayList<>(count);
      ApiKey key = apiKey();
      for (int i = 0; i < count; i++) {
        try {
          events[i] = request.validate(validator, i);
        } catch (InvalidProtocolBufferException e) {
          throw InvalidArgument.of(
              EVENT_BATCH.field("events").index(i), InvalidArgument.MALFORMED,
              "event_batch.events[" + i + "] is not an Event message (" + e.getMessage()
                  + "); nothing was stored");
        }
        storing[i] = events[i].isValid() && permits(key, events[i]);
        if (storing[i]) {
          accepted.add(events[i]);
        }
      }
      store.store(accepted, request.receivedBytes()).whenComplete((stored, error) -> {
        if (error != null) {
          long bytes = 0;
          for (SerializedEvent event : events) {
            bytes += event.bytes().size();
          }
          metrics.rejected(count, bytes);
          fail("IngestEventBatch", storeFailure(error), out);
          return;
        }
        Iterator<EventStore.Outcome> outcomes = stored.iterator();
        IngestEventBatchResponse.Builder reply =
            IngestEventBatchResponse.newBuilder().setBatchId(batch.getBatchId());
        int acceptedCount = 0;
        long acceptedBytes = 0;
        long rejectedBytes = 0;
        for (int i = 0; i < count; i++) {
          SerializedEvent event = events[i];
          if (storing[i] && outcomes.next() != EventStore.Outcome.CONFLICT) {
            acceptedCount++;
            acceptedBytes += event.bytes().size();
          } else {
            rejectedBytes += event.bytes().size();
            reply.addRejectedEventIds(
                event.eventId().isEmpty() ? "events[" + i + "]" : event.eventId());
          }
        }
        reply.setAcceptedCount(acceptedCount).setRejectedCount(count - acceptedCount);
        metrics.ingested(acceptedCount, acceptedBytes);
        metrics.rejected(count - acceptedCount, rejectedBytes);
        out.onNext(reply.build());
        out.onCompleted();
        summarize(
            () -> "IngestEventBatch batch_id=" + batch.getBatchId() + " events=" + count
                + " accepted=" + reply.getAcceptedCount() + " rejected=" + reply.getRejectedCount());
      });
    } catch (StatusException e) {
      fail("IngestEventBatch", e, out);
    }
  }

  @Override
  public void queryEvents(QueryEventsRequest request, StreamObserver<QueryEventsResponse> out) {
    try {
      QueryRequest query = request.getQuery();
      QueryFilter filter = query.getFilter();
      if (filter.getTenantId().isEmpty()) {
        throw InvalidArgument.of(FILTER.field("tenant_id"), "QRY-1",
            "query.filter.tenant_id is required: every query is scoped to one tenant");
      }
      ApiKey key = apiKey();
      if (key != null) {
        key.check("query.filter", filter.getTenantId(), filter.getProjectId());
      }
      int pageSize = pageSize(query.getPageSize());
      boolean ascending = ascending(query);
      TimeRange time = filter.getTime();
      checkTimestamp(time.getStart(), FILTER.field("time").field("start"), "QRY-3");
      checkTimestamp(time.getEnd(), FILTER.field("time").field("end"), "QRY-3");
      int textLength = filter.getTextQuery().length();
      if (textLength > MAX_TEXT_QUERY_CHARS) {
        throw InvalidArgument.of(FILTER.field("text_query"), "QRY-2",
            "query.filter.text_query has " + textLength + " characters; this server searches for"
                + " at most " + MAX_TEXT_QUERY_CHARS + ": search for a shorter part of the text");
      }
      byte[] binding = PageToken.binding(filter, ascending);
      Position after = null;
      if (!query.getPageToken().isEmpty()) {
        try {
          after = PageToken.decode(query.getPageToken(), tokenKey, binding);
        } catch (PageToken.InvalidTokenException e) {
          throw InvalidArgument.of(QUERY.field("page_token"), "QRY-6", e.getMessage());
        }
      }

      QueryResponse.Builder page = QueryResponse.newBuilder();
      EventFilter matcher = new EventFilter(filter);
      Context call = Context.current();
      long scanned = 0;
      try (EventStore.Cursor cursor = store.scan(filter.getTenantId(), filter, after, ascending)) {
        Position last = null;
        long eventsBytes = 0;
        while (cursor.hasNext()) {
          if (call.isCancelled()) {
            throw stopped(call, "QueryEvents", scanned);
          }
          EventStore.Stored stored = cursor.next();
          scanned++;
          if (matcher.matches(stored.event())) {
            long withNext = eventsBytes + CodedOutputStream.computeMessageSize(1, stored.event());
            if (page.getEventsCount() == pageSize
                || (page.getEventsCount() > 0
                    && responseBytes(withNext, stored.position()) > maxPageBytes)) {
              // One more match exists, so this page is not the last (QRY-6).
              page.setNextPageToken(PageToken.encode(tokenKey, binding, last));
              break;
            }
            page.addEvents(stored.event());
            eventsBytes = withNext;
            last = stored.position();
          }
        }
      } catch (IOException | UncheckedIOException e) {
        throw unavailable("QueryEvents", e);
      }
      QueryEventsResponse reply = QueryEventsResponse.newBuilder().setResponse(page).build();
      ResponseBudget.reserve(reply.getSerializedSize());
      out.onNext(reply);
      out.onCompleted();
      summarize(
          () -> "QueryEvents tenant=" + filter.getTenantId() + " order="
              + (ascending ? "ASC" : "DESC") + " page_size=" + pageSize + " returned="
              + page.getEventsCount() + " more=" + !page.getNextPageToken().isEmpty());
    } catch (StatusException e) {
      fail("QueryEvents", e, out);
    }
  }

  @Override
  public void getEventStats(
      GetEventStatsRequest request, StreamObserver<GetEventStatsResponse> out) {
    try {
      if (request.getTenantId().isEmpty()) {
        throw InvalidArgument.of(FieldPath.of("tenant_id"), "STA-1",
            "tenant_id is required: stats are scoped to one tenant");
      }
      ApiKey key = apiKey();
      if (key != null) {
        key.check("the request", request.getTenantId(), request.getProjectId());
      }
      TimeRange time = request.getTimeRange();
      checkTimestamp(time.getStart(), FieldPath.of("time_range", "start"), "STA-1");
      checkTimestamp(time.getEnd(), FieldPath.of("time_range", "end"), "STA-1");
      GetEventStatsResponse stats;
      try {
        stats = store.stats(request.getTenantId(), request.getProjectId(), time);
      } catch (IOException | UncheckedIOException e) {
        throw unavailable("GetEventStats", e);
      } catch (StatusRuntimeException e) {
        // The store stopped counting: the call was cancelled or its deadline passed.
        throw stopped(e.getStatus(),
            "GetEventStats stopped; narrow the time range or project, or allow a longer deadline");
      }
      out.onNext(stats);
      out.onCompleted();
      summarize(
          () -> "GetEventStats tenant=" + request.getTenantId() + " total_events="
              + stats.getTotalEvents() + " total_sessions=" + stats.getTotalSessions());
    } catch (StatusException e) {
      fail("GetEventStats", e, out);
    }
  }

  /**
   * The size of a QueryEventsResponse holding events of {@code eventsBytes} (framed as its field
   * 1) and the token that follows the event at {@code last}: what a page must keep within {@code
   * maxPageBytes} so that a client's inbound limit lets it through.
   */
  private static long responseBytes(long eventsBytes, Position last) {
    int token = PageToken.length(last.eventId().getBytes(StandardCharsets.UTF_8).length);
    long page = eventsBytes + 1 + CodedOutputStream.computeUInt32SizeNoTag(token) + token;
    return 1 + CodedOutputStream.computeUInt64SizeNoTag(page) + page;
  }

  /** A call that nobody waits for any more: its work ends, with the cause the context gives. */
  private static StatusException stopped(Context call, String rpc, long scanned) {
    return stopped(Contexts.statusFromCancelled(call),
        rpc + " stopped after reading " + scanned + " events; ask for a smaller page or a narrower"
            + " filter, or allow a longer deadline");
  }

  private static StatusException stopped(Status cause, String what) {
    String why = cause.getCode() == Status.Code.DEADLINE_EXCEEDED
        ? "the call's deadline passed: " : "the call was cancelled: ";
    return new StatusException(Status.fromCode(cause.getCode()).withDescription(why + what));
  }

  /**
   * The key of the current call; null when this server takes calls without keys. A call that
   * reached this service without one on a server with keys is refused rather than let through.
   */
  private ApiKey apiKey() throws StatusException {
    ApiKey key = ApiKey.CURRENT.get();
    if (key == null && keysRequired) {
      throw new StatusException(Status.UNAUTHENTICATED.withDescription(
          "this server needs an API key: send the header authorization: Bearer KEY"));
    }
    return key;
  }

  /** Whether {@code key} (null: no keys) may store the valid {@code event}. */
  private static boolean permits(ApiKey key, SerializedEvent event) {
    return key == null
        || key.covers(event.tenantId(), key.limitedToProject() ? event.event().getProjectId() : null);
  }

  /** The status for a store that could not take a call: full, or failing to write. */
  private static StatusException storeFailure(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
    if (cause instanceof EventStore.FullException full) {
      return full.retryLater()
          ? Overload.refusal(full.getMessage())
          : new StatusException(Status.RESOURCE_EXHAUSTED.withDescription(cause.getMessage()));
    }
    return unavailable("storing", cause);
  }

  /** A store that cannot be read or written: retrying later may succeed. */
  private static StatusException unavailable(String what, Throwable cause) {
    return new StatusException(
        Status.UNAVAILABLE.withDescription(
                what + " failed in the store (" + cause.getMessage() + "); nothing was stored,"
                    + " retry later")
            .withCause(cause));
  }

  private static int pageSize(int requested) throws StatusException {
    if (requested < 0) {
      throw InvalidArgument.of(QUERY.field("page_size"), "QRY-5",
          "query.page_size is " + requested + "; use 0 for the default of " + DEFAULT_PAGE_SIZE
              + ", or up to " + MAX_PAGE_SIZE);
    }
    return requested == 0 ? DEFAULT_PAGE_SIZE : Math.min(requested, MAX_PAGE_SIZE);
  }

  private static boolean ascending(QueryRequest query) throws StatusException {
    SortOrder order = query.getOrderByTime();
    if (order == SortOrder.UNRECOGNIZED) {
      throw InvalidArgument.of(QUERY.field("order_by_time"), "QRY-4",
          "query.order_by_time " + query.getOrderByTimeValue()
              + " is not a SortOrder of spec v1; use SORT_ORDER_ASC or SORT_ORDER_DESC");
    }
    return order == SortOrder.SORT_ORDER_ASC;
  }

  private static void checkTimestamp(Timestamp t, FieldPath path, String rule)
      throws StatusException {
    if (t.getNanos() < 0 || t.getNanos() > 999_999_999) {
      FieldPath nanos = path.field("nanos");
      throw InvalidArgument.of(
          nanos, rule, nanos + " is " + t.getNanos() + "; it must lie in 0..999999999");
    }
  }

  private void fail(String rpc, StatusException e, StreamObserver<?> out) {
    out.onError(e);
    summarize(() -> rpc + " failed " + e.getStatus().getCode() + ": " + e.getStatus().getDescription());
  }

  /**
   * Reports a call that was refused before this service saw it (a request above the size limit,
   * say), as {@code request refused: CODE: description}.
   */
  void refused(String code, String description) {
    summarize(() -> "request refused: " + code + ": " + description);
  }

  private void summarize(Supplier<String> line) {
    if (summaries != null) {
      summaries.accept(printable(line.get()));
    }
  }

  /** Control characters (the tenant a query asks for may hold any) would break a line-per-call log. */
  private static String printable(String line) {
    StringBuilder out = new StringBuilder(line.length());
    line.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.toString();
  }
}
