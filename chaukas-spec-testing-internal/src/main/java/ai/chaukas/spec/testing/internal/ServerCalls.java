package ai.chaukas.spec.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.common.v1.QueryResponse;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import ai.chaukas.spec.server.v1.IngestEventBatchResponse;
import ai.chaukas.spec.server.v1.IngestEventRequest;
import ai.chaukas.spec.server.v1.IngestEventResponse;
import ai.chaukas.spec.server.v1.QueryEventsRequest;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The calls the server tests make through a blocking stub, and the times they filter on: shared by
 * the reference server's tests and the testkit's rule tests.
 */
public final class ServerCalls {

  private ServerCalls() {}

  public static Timestamp at(long seconds) {
    return at(seconds, 0);
  }

  public static Timestamp at(long seconds, int nanos) {
    return Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
  }

  public static IngestEventResponse ingest(ChaukasServerServiceBlockingStub stub, Event event) {
    return stub.ingestEvent(IngestEventRequest.newBuilder().setEvent(event).build());
  }

  public static IngestEventBatchResponse ingestBatch(
      ChaukasServerServiceBlockingStub stub, String batchId, List<Event> events) {
    return stub.ingestEventBatch(
        IngestEventBatchRequest.newBuilder()
            .setEventBatch(EventBatch.newBuilder().setBatchId(batchId).addAllEvents(events))
            .build());
  }

  /**
   * The bytes of an IngestEventBatchRequest whose batch holds {@code first}, then an event with
   * invalid UTF-8 in event_id: no Event message.
   */
  public static byte[] batchRequestWithUnreadableSecondEvent(Event first) throws IOException {
    ByteArrayOutputStream batch = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(batch);
    out.writeMessage(EventBatch.EVENTS_FIELD_NUMBER, first);
    out.writeByteArray(EventBatch.EVENTS_FIELD_NUMBER, new byte[] {0x0A, 0x02, (byte) 0xC3, 0x28});
    out.flush();
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    CodedOutputStream requestOut = CodedOutputStream.newInstance(request);
    requestOut.writeByteArray(IngestEventBatchRequest.EVENT_BATCH_FIELD_NUMBER, batch.toByteArray());
    requestOut.flush();
    return request.toByteArray();
  }

  public static QueryRequest.Builder queryOf(String tenant) {
    return QueryRequest.newBuilder().setFilter(QueryFilter.newBuilder().setTenantId(tenant));
  }

  public static QueryResponse page(ChaukasServerServiceBlockingStub stub, QueryRequest query) {
    return stub.queryEvents(QueryEventsRequest.newBuilder().setQuery(query).build()).getResponse();
  }

  /** Every event the query returns, following next_page_token to the last page. */
  public static List<Event> allPages(ChaukasServerServiceBlockingStub stub, QueryRequest query) {
    List<Event> events = new ArrayList<>();
    QueryRequest next = query;
    while (true) {
      QueryResponse page = page(stub, next);
      events.addAll(page.getEventsList());
      if (page.getNextPageToken().isEmpty()) {
        return events;
      }
      next = next.toBuilder().setPageToken(page.getNextPageToken()).build();
    }
  }

  public static List<String> ids(List<Event> events) {
    return events.stream().map(Event::getEventId).toList();
  }

  /** Asserts the call fails with {@code code} and returns its description. */
  public static String failsWith(Status.Code code, ThrowingCallable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call);
    assertThat(e).as("the call should fail with %s", code).isNotNull();
    assertThat(e.getStatus().getCode()).as("status of %s", e.getStatus()).isEqualTo(code);
    return e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription();
  }
}
