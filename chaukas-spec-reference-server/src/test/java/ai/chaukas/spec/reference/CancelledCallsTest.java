package ai.chaukas.spec.reference;

import static ai.chaukas.spec.testing.internal.SampleEvents.TENANT;
import static ai.chaukas.spec.testing.internal.SampleEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.reference.internal.MemoryStore;
import ai.chaukas.spec.server.v1.GetEventStatsRequest;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import ai.chaukas.spec.server.v1.QueryEventsRequest;
import ai.chaukas.spec.toolkit.validation.EventValidator;
import ai.chaukas.spec.toolkit.validation.ValidationOptions;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A query or stats call stops reading the store once its {@link Context} is cancelled or past its
 * deadline, and says how far it got; the summary line tells.
 */
class CancelledCallsTest {

  private static final int EVENTS = 2_000;

  private final List<String> summaries = new ArrayList<>();
  private final MemoryStore store = new MemoryStore(1_000_000, Long.MAX_VALUE);
  private final RulesService service =
      new RulesService(
          store,
          EventValidator.of(ValidationOptions.builder().requireTenant(true).build()),
          10_000,
          Clock.systemUTC(),
          summaries::add,
          new ServerMetrics(),
          ReferenceServer.DEFAULT_MAX_PAGE_BYTES,
          new Overload(Overload.defaultBudget()),
          false);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @BeforeEach
  void ingest() throws Exception {
    byte[] request = IngestEventBatchRequest.newBuilder()
        .setEventBatch(EventBatch.newBuilder().setBatchId("b").addAllEvents(
            IntStream.range(0, EVENTS).mapToObj(i -> event("e-" + i, 1_000 + i).build()).toList()))
        .build().toByteArray();
    service.ingestEventBatch(RawEventBatch.read(request), new Reply<>());
    assertThat(store.size()).isEqualTo(EVENTS);
  }

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  @Test
  void aQueryPastItsDeadlineStopsReadingAndFailsWithDeadlineExceeded() {
    Reply<Object> reply = new Reply<>();
    Context.CancellableContext context =
        Context.current().withDeadline(Deadline.after(-1, TimeUnit.SECONDS), timer);
    // A text that no event holds: without the check, every event would be read.
    QueryEventsRequest query = QueryEventsRequest.newBuilder().setQuery(QueryRequest.newBuilder()
        .setFilter(QueryFilter.newBuilder().setTenantId(TENANT).setTextQuery("nowhere"))
        .setPageSize(1000)).build();
    context.run(() -> service.queryEvents(query, cast(reply)));
    assertThat(reply.status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(reply.status.getDescription()).contains("QueryEvents stopped after reading 0 events");
    assertThat(summaries).last().asString().contains("QueryEvents failed DEADLINE_EXCEEDED");
  }

  @Test
  void aCancelledQueryFailsWithCancelled() {
    Reply<Object> reply = new Reply<>();
    Context.CancellableContext context = Context.current().withCancellation();
    context.cancel(null);
    QueryEventsRequest query = QueryEventsRequest.newBuilder()
        .setQuery(QueryRequest.newBuilder().setFilter(QueryFilter.newBuilder().setTenantId(TENANT)))
        .build();
    context.run(() -> service.queryEvents(query, cast(reply)));
    assertThat(reply.status.getCode()).isEqualTo(Status.Code.CANCELLED);
  }

  @Test
  void statsPastTheirDeadlineStopAndFailWithDeadlineExceeded() {
    Reply<Object> reply = new Reply<>();
    Context.CancellableContext context =
        Context.current().withDeadline(Deadline.after(-1, TimeUnit.SECONDS), timer);
    context.run(() -> service.getEventStats(
        GetEventStatsRequest.newBuilder().setTenantId(TENANT).build(), cast(reply)));
    assertThat(reply.status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(reply.status.getDescription()).contains("GetEventStats stopped");
  }

  @Test
  void theSameQueryWithTimeLeftAnswers() {
    Reply<Object> reply = new Reply<>();
    Context.CancellableContext context =
        Context.current().withDeadline(Deadline.after(1, TimeUnit.HOURS), timer);
    QueryEventsRequest query = QueryEventsRequest.newBuilder().setQuery(QueryRequest.newBuilder()
        .setFilter(QueryFilter.newBuilder().setTenantId(TENANT).setTextQuery("nowhere"))).build();
    context.run(() -> service.queryEvents(query, cast(reply)));
    assertThat(reply.status).isNull();
    assertThat(reply.completed).isTrue();
  }

  @SuppressWarnings("unchecked")
  private static <T> StreamObserver<T> cast(Reply<Object> reply) {
    return (StreamObserver<T>) (StreamObserver<?>) reply;
  }

  private static final class Reply<T> implements StreamObserver<T> {
    Status status;
    boolean completed;

    @Override
    public void onNext(T value) {}

    @Override
    public void onError(Throwable t) {
      status = Status.fromThrowable(t);
    }

    @Override
    public void onCompleted() {
      completed = true;
    }
  }
}
