package ai.chaukas.spec.testkit.conformance;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.common.v1.QueryResponse;
import ai.chaukas.spec.common.v1.SortOrder;
import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.server.ChaukasServices;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.GetCapabilitiesRequest;
import ai.chaukas.spec.server.v1.GetCapabilitiesResponse;
import ai.chaukas.spec.server.v1.GetEventStatsRequest;
import ai.chaukas.spec.server.v1.GetEventStatsResponse;
import ai.chaukas.spec.server.v1.HealthzRequest;
import ai.chaukas.spec.server.v1.HealthzResponse;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import ai.chaukas.spec.server.v1.IngestEventBatchResponse;
import ai.chaukas.spec.server.v1.IngestEventRequest;
import ai.chaukas.spec.server.v1.IngestEventResponse;
import ai.chaukas.spec.server.v1.QueryEventsRequest;
import ai.chaukas.spec.server.v1.QueryEventsResponse;
import ai.chaukas.spec.toolkit.validation.EventValidator;
import ai.chaukas.spec.toolkit.validation.ValidationOptions;
import io.grpc.BindableService;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Deliberately broken Chaukas servers, each breaking one rule of docs/server-semantics.md the way
 * real implementations do, to prove the conformance suite notices. Each wraps an {@link
 * ReferenceServer} (through an in-process channel) and changes one behaviour; it is served
 * under both service names on a loopback port, like a platform would be.
 */
final class BrokenServers {

  private BrokenServers() {}

  /**
   * TEN-1: trusts trace ids to be globally unique, so a query with {@code trace_id} returns the
   * matching events of every tenant it has seen.
   */
  static Running leaksOtherTenantsEvents() throws IOException {
    return Running.start(LeaksOtherTenantsEvents::new);
  }

  /** QRY-7: pages by offset and counts one too many, so the first event of every later page is lost. */
  static Running skipsEventsWhilePaging() throws IOException {
    return Running.start(SkipsEventsWhilePaging::new);
  }

  /** ING-5: an event id stored with other content is replaced, not refused. */
  static Running overwritesDuplicates() throws IOException {
    return Running.start(OverwritesDuplicates::new);
  }

  /** ING-1, ING-3, ING-4: no validation; an invalid event is acknowledged as accepted (and dropped). */
  static Running acceptsInvalidEvents() throws IOException {
    return Running.start(AcceptsInvalidEvents::new);
  }

  /**
   * QRY-4: ignores the event_id tie-break in descending order: events with equal timestamps come in
   * ascending id order within each page.
   */
  static Running ordersWrongly() throws IOException {
    return Running.start(OrdersWrongly::new);
  }

  /**
   * Error details (docs/server-semantics.md): refuses what the in-memory server refuses, with the
   * same code and description, but without the google.rpc.BadRequest detail, as a server that
   * builds its statuses from text alone does.
   */
  static Running dropsErrorDetails() throws IOException {
    return Running.start(DropsErrorDetails::new);
  }

  /** A broken server on 127.0.0.1 and a plaintext channel to it; close it to stop both. */
  static final class Running implements AutoCloseable {
    private final Server delegateServer;
    private final ManagedChannel delegateChannel;
    private final Server server;
    private final ManagedChannel channel;

    private Running(
        Server delegateServer, ManagedChannel delegateChannel, Server server, ManagedChannel channel) {
      this.delegateServer = delegateServer;
      this.delegateChannel = delegateChannel;
      this.server = server;
      this.channel = channel;
    }

    static Running start(Function<ChaukasServerServiceBlockingStub, BindableService> broken)
        throws IOException {
      String name = InProcessServerBuilder.generateName();
      Server delegateServer =
          InProcessServerBuilder.forName(name)
              .directExecutor()
              .addServices(ReferenceServer.create().serviceDefinitions())
              .build()
              .start();
      ManagedChannel delegateChannel = InProcessChannelBuilder.forName(name).directExecutor().build();
      BindableService service = broken.apply(ChaukasServerServiceGrpc.newBlockingStub(delegateChannel));
      InetAddress loopback = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
      Server server =
          NettyServerBuilder.forAddress(new InetSocketAddress(loopback, 0))
              .addServices(ChaukasServices.bothServices(service))
              .build()
              .start();
      ManagedChannel channel =
          NettyChannelBuilder.forAddress((InetSocketAddress) server.getListenSockets().get(0))
              .usePlaintext()
              .build();
      return new Running(delegateServer, delegateChannel, server, channel);
    }

    Channel channel() {
      return channel;
    }

    @Override
    public void close() throws InterruptedException {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      delegateChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      delegateServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** Forwards every call to the in-memory server; subclasses change one behaviour. */
  abstract static class Delegating extends ChaukasServerServiceGrpc.ChaukasServerServiceImplBase {
    final ChaukasServerServiceBlockingStub delegate;

    Delegating(ChaukasServerServiceBlockingStub delegate) {
      this.delegate = delegate;
    }

    interface Call<T> {
      T get();
    }

    <T> void answer(StreamObserver<T> out, Call<T> call) {
      T reply;
      try {
        reply = call.get();
      } catch (StatusRuntimeException e) {
        out.onError(refusal(e));
        return;
      }
      out.onNext(reply);
      out.onCompleted();
    }

    /** The in-memory server's refusal as this server passes it on: with its error details. */
    StatusRuntimeException refusal(StatusRuntimeException e) {
      return e.getStatus().asRuntimeException(e.getTrailers());
    }

    @Override
    public void healthz(HealthzRequest request, StreamObserver<HealthzResponse> out) {
      answer(out, () -> delegate.healthz(request));
    }

    @Override
    public void getCapabilities(
        GetCapabilitiesRequest request, StreamObserver<GetCapabilitiesResponse> out) {
      answer(out, () -> delegate.getCapabilities(request));
    }

    @Override
    public void ingestEvent(IngestEventRequest request, StreamObserver<IngestEventResponse> out) {
      answer(out, () -> delegate.ingestEvent(request));
    }

    @Override
    public void ingestEventBatch(
        IngestEventBatchRequest request, StreamObserver<IngestEventBatchResponse> out) {
      answer(out, () -> delegate.ingestEventBatch(request));
    }

    @Override
    public void queryEvents(QueryEventsRequest request, StreamObserver<QueryEventsResponse> out) {
      answer(out, () -> delegate.queryEvents(request));
    }

    @Override
    public void getEventStats(
        GetEventStatsRequest request, StreamObserver<GetEventStatsResponse> out) {
      answer(out, () -> delegate.getEventStats(request));
    }

    static QueryEventsResponse page(List<Event> events, String token) {
      return QueryEventsResponse.newBuilder()
          .setResponse(QueryResponse.newBuilder().addAllEvents(events).setNextPageToken(token))
          .build();
    }
  }

  static final class LeaksOtherTenantsEvents extends Delegating {
    private final Set<String> tenants = ConcurrentHashMap.newKeySet();

    LeaksOtherTenantsEvents(ChaukasServerServiceBlockingStub delegate) {
      super(delegate);
    }

    @Override
    public void ingestEvent(IngestEventRequest request, StreamObserver<IngestEventResponse> out) {
      remember(request.getEvent());
      super.ingestEvent(request, out);
    }

    @Override
    public void ingestEventBatch(
        IngestEventBatchRequest request, StreamObserver<IngestEventBatchResponse> out) {
      request.getEventBatch().getEventsList().forEach(this::remember);
      super.ingestEventBatch(request, out);
    }

    private void remember(Event event) {
      if (!event.getTenantId().isEmpty()) {
        tenants.add(event.getTenantId());
      }
    }

    @Override
    public void queryEvents(QueryEventsRequest request, StreamObserver<QueryEventsResponse> out) {
      QueryRequest query = request.getQuery();
      if (query.getFilter().getTraceId().isEmpty() || query.getFilter().getTenantId().isEmpty()) {
        super.queryEvents(request, out);
        return;
      }
      answer(out, () -> {
        List<Event> events = new ArrayList<>();
        for (String tenant : tenants) {
          QueryFilter filter = query.getFilter().toBuilder().setTenantId(tenant).build();
          events.addAll(
              delegate.queryEvents(
                      QueryEventsRequest.newBuilder()
                          .setQuery(query.toBuilder().setFilter(filter).setPageSize(1000))
                          .build())
                  .getResponse()
                  .getEventsList());
        }
        Comparator<Event> order =
            Comparator.<Event>comparingLong(e -> e.getTimestamp().getSeconds())
                .thenComparingInt(e -> e.getTimestamp().getNanos())
                .thenComparing(Event::getEventId);
        events.sort(query.getOrderByTime() == SortOrder.SORT_ORDER_ASC ? order : order.reversed());
        return page(events, "");
      });
    }
  }

  static final class SkipsEventsWhilePaging extends Delegating {
    SkipsEventsWhilePaging(ChaukasServerServiceBlockingStub delegate) {
      super(delegate);
    }

    @Override
    public void queryEvents(QueryEventsRequest request, StreamObserver<QueryEventsResponse> out) {
      QueryRequest query = request.getQuery();
      if (query.getPageToken().isEmpty() || query.getPageSize() < 0) {
        super.queryEvents(request, out);
        return;
      }
      int pageSize = query.getPageSize() == 0 ? 100 : Math.min(query.getPageSize(), 1000);
      answer(out, () -> {
        QueryResponse page =
            delegate.queryEvents(
                    QueryEventsRequest.newBuilder()
                        .setQuery(query.toBuilder().setPageSize(pageSize + 1))
                        .build())
                .getResponse();
        List<Event> events = page.getEventsList();
        return page(events.subList(Math.min(1, events.size()), events.size()), page.getNextPageToken());
      });
    }
  }

  static final class OverwritesDuplicates extends Delegating {
    private static final EventValidator VALIDATOR =
        EventValidator.of(ValidationOptions.builder().requireTenant(true).build());
    private final Map<List<String>, Event> overwritten = new ConcurrentHashMap<>();

    OverwritesDuplicates(ChaukasServerServiceBlockingStub delegate) {
      super(delegate);
    }

    @Override
    public void ingestEvent(IngestEventRequest request, StreamObserver<IngestEventResponse> out) {
      answer(out, () -> {
        try {
          return delegate.ingestEvent(request);
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
            throw e;
          }
          Event event = request.getEvent();
          overwritten.put(key(event), event);
          return IngestEventResponse.newBuilder()
              .setEventId(event.getEventId())
              .setStatus("accepted")
              .setProcessedAt(System.currentTimeMillis())
              .build();
        }
      });
    }

    @Override
    public void ingestEventBatch(
        IngestEventBatchRequest request, StreamObserver<IngestEventBatchResponse> out) {
      answer(out, () -> {
        IngestEventBatchResponse reply = delegate.ingestEventBatch(request);
        IngestEventBatchResponse.Builder changed = reply.toBuilder().clearRejectedEventIds();
        for (String id : reply.getRejectedEventIdsList()) {
          Event conflicting = lastValid(request.getEventBatch(), id);
          if (conflicting == null) {
            changed.addRejectedEventIds(id);
          } else {
            overwritten.put(key(conflicting), conflicting);
            changed.setAcceptedCount(changed.getAcceptedCount() + 1)
                .setRejectedCount(changed.getRejectedCount() - 1);
          }
        }
        return changed.build();
      });
    }

    @Override
    public void queryEvents(QueryEventsRequest request, StreamObserver<QueryEventsResponse> out) {
      answer(out, () -> {
        QueryResponse page = delegate.queryEvents(request).getResponse();
        List<Event> events =
            page.getEventsList().stream().map(e -> overwritten.getOrDefault(key(e), e)).toList();
        return page(events, page.getNextPageToken());
      });
    }

    private static List<String> key(Event event) {
      return List.of(event.getTenantId(), event.getEventId());
    }

    /** The last valid event of the batch with this id: a valid event is rejected only as a conflict. */
    private static Event lastValid(EventBatch batch, String id) {
      Event found = null;
      for (Event event : batch.getEventsList()) {
        if (event.getEventId().equals(id) && VALIDATOR.validate(event).isEmpty()) {
          found = event;
        }
      }
      return found;
    }
  }

  static final class AcceptsInvalidEvents extends Delegating {
    private static final EventValidator VALIDATOR =
        EventValidator.of(ValidationOptions.builder().requireTenant(true).build());

    AcceptsInvalidEvents(ChaukasServerServiceBlockingStub delegate) {
      super(delegate);
    }

    @Override
    public void ingestEvent(IngestEventRequest request, StreamObserver<IngestEventResponse> out) {
      if (!request.hasEvent() || VALIDATOR.validate(request.getEvent()).isEmpty()) {
        super.ingestEvent(request, out);
        return;
      }
      answer(out, () -> IngestEventResponse.newBuilder()
          .setEventId(request.getEvent().getEventId())
          .setStatus("accepted")
          .setProcessedAt(System.currentTimeMillis())
          .build());
    }

    @Override
    public void ingestEventBatch(
        IngestEventBatchRequest request, StreamObserver<IngestEventBatchResponse> out) {
      answer(out, () -> {
        IngestEventBatchResponse reply = delegate.ingestEventBatch(request);
        List<Event> events = request.getEventBatch().getEventsList();
        IngestEventBatchResponse.Builder changed = reply.toBuilder().clearRejectedEventIds();
        for (String id : reply.getRejectedEventIdsList()) {
          if (invalid(events, id)) {
            changed.setAcceptedCount(changed.getAcceptedCount() + 1)
                .setRejectedCount(changed.getRejectedCount() - 1);
          } else {
            changed.addRejectedEventIds(id);
          }
        }
        return changed.build();
      });
    }

    /** Whether the rejected entry ({@code event_id} or {@code events[i]}) names an invalid event. */
    private static boolean invalid(List<Event> events, String id) {
      if (id.startsWith("events[")) {
        return true;
      }
      return events.stream()
          .anyMatch(e -> e.getEventId().equals(id) && !VALIDATOR.validate(e).isEmpty());
    }
  }

  static final class DropsErrorDetails extends Delegating {
    DropsErrorDetails(ChaukasServerServiceBlockingStub delegate) {
      super(delegate);
    }

    @Override
    StatusRuntimeException refusal(StatusRuntimeException e) {
      return e.getStatus().asRuntimeException();
    }
  }

  static final class OrdersWrongly extends Delegating {
    OrdersWrongly(ChaukasServerServiceBlockingStub delegate) {
      super(delegate);
    }

    @Override
    public void queryEvents(QueryEventsRequest request, StreamObserver<QueryEventsResponse> out) {
      if (request.getQuery().getOrderByTime() == SortOrder.SORT_ORDER_ASC) {
        super.queryEvents(request, out);
        return;
      }
      answer(out, () -> {
        QueryResponse page = delegate.queryEvents(request).getResponse();
        List<Event> events = new ArrayList<>(page.getEventsList());
        events.sort(
            Comparator.<Event>comparingLong(e -> -e.getTimestamp().getSeconds())
                .thenComparingInt(e -> -e.getTimestamp().getNanos())
                .thenComparing(Event::getEventId));
        return page(events, page.getNextPageToken());
      });
    }
  }
}
