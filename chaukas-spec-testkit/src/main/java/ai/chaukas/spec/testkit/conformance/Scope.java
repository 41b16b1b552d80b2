package ai.chaukas.spec.testkit.conformance;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc;
import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc.ChaukasClientServiceBlockingStub;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.common.v1.QueryResponse;
import ai.chaukas.spec.common.v1.Severity;
import ai.chaukas.spec.common.v1.SortOrder;
import ai.chaukas.spec.common.v1.TimeRange;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.GetEventStatsRequest;
import ai.chaukas.spec.server.v1.GetEventStatsResponse;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import ai.chaukas.spec.server.v1.IngestEventBatchResponse;
import ai.chaukas.spec.server.v1.IngestEventRequest;
import ai.chaukas.spec.server.v1.IngestEventResponse;
import ai.chaukas.spec.server.v1.QueryEventsRequest;
import com.google.protobuf.Timestamp;
import io.grpc.Channel;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What one check works with: its own two tenants, stubs under both service names that share the
 * check's deadline, and helpers that build valid events and make calls, turning a failed call into
 * an {@link RpcFailure} that names the RPC.
 */
final class Scope {

  /** The project of every event the checks store; some platforms require one. */
  static final String PROJECT = "conformance";

  /** Pages {@link #allPages} follows before it decides the token never ends. */
  private static final int MAX_PAGES = 2_000;

  private final String tenant;
  private final String otherTenant;
  private final long baseSeconds;
  private final ConformanceSuite.Limits limits;
  private final ChaukasServerServiceBlockingStub server;
  private final ChaukasClientServiceBlockingStub client;
  private String note = "";

  Scope(
      Channel channel,
      String tenant,
      String otherTenant,
      long baseSeconds,
      ConformanceSuite.Limits limits,
      Deadline deadline) {
    this.tenant = tenant;
    this.otherTenant = otherTenant;
    this.baseSeconds = baseSeconds;
    this.limits = limits;
    this.server = ChaukasServerServiceGrpc.newBlockingStub(channel).withDeadline(deadline);
    this.client = ChaukasClientServiceGrpc.newBlockingStub(channel).withDeadline(deadline);
  }

  /** The check's tenant: new for every check of every run, so it holds only the check's events. */
  String tenant() {
    return tenant;
  }

  /** A second tenant of the check, for tenancy checks; equally new. */
  String otherTenant() {
    return otherTenant;
  }

  /** Something worth reporting about a check that passes, e.g. what it could not look at. */
  void note(String note) {
    this.note = note;
  }

  String note() {
    return note;
  }

  ConformanceSuite.Limits limits() {
    return limits;
  }

  /** {@code chaukas.spec.server.v1.ChaukasServerService}, with the check's deadline. */
  ChaukasServerServiceBlockingStub server() {
    return server;
  }

  /** {@code chaukas.spec.client.v1.ChaukasClientService}, with the check's deadline. */
  ChaukasClientServiceBlockingStub client() {
    return client;
  }

  /**
   * A time {@code second} seconds after the run's base, which lies two hours before the run
   * started: recent enough for any retention period, and every offset a check uses stays in the
   * past.
   */
  Timestamp at(long second) {
    return at(second, 0);
  }

  /** Like {@link #at(long)}, plus {@code nanos}. */
  Timestamp at(long second, int nanos) {
    return Timestamp.newBuilder().setSeconds(baseSeconds + second).setNanos(nanos).build();
  }

  /** A time range in the checks' terms: {@code [t2, t5)}, {@code [t3, unset)}, {@code unset}. */
  String describe(TimeRange range) {
    if (!range.hasStart() && !range.hasEnd()) {
      return "unset";
    }
    return "[" + (range.hasStart() ? offset(range.getStart()) : "unset") + ", "
        + (range.hasEnd() ? offset(range.getEnd()) : "unset") + ")";
  }

  private String offset(Timestamp t) {
    return "t" + (t.getSeconds() - baseSeconds) + (t.getNanos() == 0 ? "" : " + " + t.getNanos() + " ns");
  }

  /**
   * A valid {@code AGENT_START} event of the check's tenant, in project {@link #PROJECT} and
   * session {@code session-1}, at {@link #at(long) second}.
   */
  Event.Builder event(String id, long second) {
    return Event.newBuilder()
        .setEventId(id)
        .setTenantId(tenant)
        .setProjectId(PROJECT)
        .setSessionId("session-1")
        .setSpanId("span-" + id)
        .setType(EventType.EVENT_TYPE_AGENT_START)
        .setStatus(EventStatus.EVENT_STATUS_STARTED)
        .setSeverity(Severity.SEVERITY_INFO)
        .setTimestamp(at(second));
  }

  /** Runs {@code call}; if it fails, throws an {@link RpcFailure} naming {@code rpc}. */
  <T> T call(String rpc, Supplier<T> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      throw new RpcFailure(rpc, e);
    }
  }

  /** {@code IngestEvent} under the server name; it must succeed. */
  IngestEventResponse ingest(Event event) {
    return call(
        "IngestEvent of " + event.getEventId(),
        () -> server.ingestEvent(IngestEventRequest.newBuilder().setEvent(event).build()));
  }

  /** {@link #ingest} of each event, in order. */
  void ingestAll(Event.Builder... events) {
    for (Event.Builder event : events) {
      ingest(event.build());
    }
  }

  /** {@code IngestEventBatch} under the server name; it must succeed. */
  IngestEventBatchResponse batch(String batchId, List<Event> events) {
    return call(
        "IngestEventBatch " + batchId,
        () ->
            server.ingestEventBatch(
                IngestEventBatchRequest.newBuilder()
                    .setEventBatch(EventBatch.newBuilder().setBatchId(batchId).addAllEvents(events))
                    .build()));
  }

  /** A query of the check's tenant, in descending (the default) order. */
  QueryRequest.Builder query() {
    return query(tenant);
  }

  /** A query of {@code tenantId}. */
  QueryRequest.Builder query(String tenantId) {
    return QueryRequest.newBuilder().setFilter(QueryFilter.newBuilder().setTenantId(tenantId));
  }

  /** A query of the check's tenant in ascending order. */
  QueryRequest.Builder ascending() {
    return query().setOrderByTime(SortOrder.SORT_ORDER_ASC);
  }

  /** One page under the server name; the call must succeed. */
  QueryResponse page(QueryRequest query) {
    return call(
        "QueryEvents",
        () -> server.queryEvents(QueryEventsRequest.newBuilder().setQuery(query).build()))
        .getResponse();
  }

  /**
   * Every event the query returns, following {@code next_page_token} to the last page.
   *
   * @throws CheckFailure if a token repeats or the pages do not end
   */
  List<Event> allPages(QueryRequest query) {
    List<Event> events = new ArrayList<>();
    Set<String> tokens = new HashSet<>();
    QueryRequest next = query;
    for (int pages = 1; pages <= MAX_PAGES; pages++) {
      QueryResponse page = page(next);
      events.addAll(page.getEventsList());
      String token = page.getNextPageToken();
      if (token.isEmpty()) {
        return events;
      }
      if (!tokens.add(token)) {
        throw new CheckFailure(
            "next_page_token repeats after " + events.size() + " events: paging never ends");
      }
      next = next.toBuilder().setPageToken(token).build();
    }
    throw new CheckFailure(
        "next_page_token was still not empty after " + MAX_PAGES + " pages of a query that"
            + " matches at most a few hundred events");
  }

  /** The ids of every event the query returns over all pages, in order. */
  List<String> ids(QueryRequest.Builder query) {
    return Expect.ids(allPages(query.build()));
  }

  /** {@code GetEventStats}; the call must succeed. */
  GetEventStatsResponse stats(GetEventStatsRequest.Builder request) {
    return call("GetEventStats", () -> server.getEventStats(request.build()));
  }

  /** A stats request of the check's tenant. */
  GetEventStatsRequest.Builder statsRequest() {
    return GetEventStatsRequest.newBuilder().setTenantId(tenant);
  }

  /**
   * Runs a call that must fail with {@code expected} and returns the status description (empty when
   * there is none).
   *
   * @param what the call, for the failure message, e.g. "IngestEvent without event"
   * @throws CheckFailure if the call succeeds or fails with another code the server chose
   * @throws RpcFailure if the call gets no answer to judge (see {@link RpcFailure#isNoAnswer()})
   */
  String fails(Status.Code expected, String what, Supplier<?> call) {
    return description(refused(expected, what, call));
  }

  /**
   * Runs a call that must fail with {@code INVALID_ARGUMENT} and carry a {@code
   * google.rpc.BadRequest} detail whose field violations name each of {@code fields} (paths from the
   * request message); returns the status description, like {@link #fails}.
   *
   * @throws CheckFailure if the call succeeds, fails with another code the server chose, or its
   *     details do not name every field
   * @throws RpcFailure if the call gets no answer to judge (see {@link RpcFailure#isNoAnswer()})
   */
  String invalid(String what, Supplier<?> call, String... fields) {
    StatusRuntimeException failure = refused(Status.Code.INVALID_ARGUMENT, what, call);
    Expect.namesFields(failure, what, fields);
    return description(failure);
  }

  private static StatusRuntimeException refused(
      Status.Code expected, String what, Supplier<?> call) {
    StatusRuntimeException failure;
    try {
      call.get();
      throw new CheckFailure(what + " succeeded; it must fail with " + expected);
    } catch (RpcFailure e) {
      failure = e.failure();
    } catch (StatusRuntimeException e) {
      failure = e;
    }
    Status status = failure.getStatus();
    if (status.getCode() == expected) {
      return failure;
    }
    if (RpcFailure.isNoAnswer(status)) {
      throw new RpcFailure(what, failure);
    }
    throw new CheckFailure(
        what + " failed with " + RpcFailure.describe(status) + "; it must fail with " + expected);
  }

  private static String description(StatusRuntimeException failure) {
    String description = failure.getStatus().getDescription();
    return description == null ? "" : description;
  }
}
