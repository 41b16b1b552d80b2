package ai.chaukas.spec.reference;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.reference.internal.MemoryStore;
import ai.chaukas.spec.reference.internal.StoredEvent;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import ai.chaukas.spec.server.v1.IngestEventBatchResponse;
import ai.chaukas.spec.toolkit.validation.EventValidator;
import ai.chaukas.spec.toolkit.validation.ValidationOptions;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import static ai.chaukas.spec.testing.internal.SampleEvents.TENANT;
import static ai.chaukas.spec.testing.internal.SampleEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Accepted events are stored as views of the request they arrived in, unless that would keep a
 * request alive for a few of its events: then they are copied. The received array is scribbled over
 * after each call to tell which happened.
 */
class StoredBytesTest {

  private final MemoryStore store = new MemoryStore(1_000_000, Long.MAX_VALUE);
  private final RulesService service =
      new RulesService(
          store,
          EventValidator.of(ValidationOptions.builder().requireTenant(true).build()),
          10_000,
          Clock.systemUTC(),
          null,
          new ServerMetrics(),
          ReferenceServer.DEFAULT_MAX_PAGE_BYTES,
          new Overload(Overload.defaultBudget()),
          false);

  private IngestEventBatchResponse ingest(byte[] request) throws IOException {
    List<IngestEventBatchResponse> replies = new ArrayList<>();
    service.ingestEventBatch(RawEventBatch.read(request), new StreamObserver<>() {
      @Override
      public void onNext(IngestEventBatchResponse value) {
        replies.add(value);
      }

      @Override
      public void onError(Throwable t) {
        throw new AssertionError(t);
      }

      @Override
      public void onCompleted() {}
    });
    return replies.get(0);
  }

  private static byte[] batch(List<Event> events) {
    return IngestEventBatchRequest.newBuilder()
        .setEventBatch(EventBatch.newBuilder().setBatchId("b").addAllEvents(events))
        .build()
        .toByteArray();
  }

  private static List<Event> events(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> event(prefix + i, i).build()).toList();
  }

  private Event stored(String id) {
    return store.tenant(TENANT).get(id);
  }

  @Test
  void aBatchOfNewEventsIsStoredAsViewsOfTheRequest() throws IOException {
    List<Event> events = events("new-", 10);
    byte[] request = batch(events);
    assertThat(ingest(request).getAcceptedCount()).isEqualTo(10);
    assertThat(stored("new-3")).isEqualTo(events.get(3));
    Arrays.fill(request, (byte) 0);
    StoredEvent first = store.tenant(TENANT).all().values().iterator().next();
    assertThatThrownBy(first::event).as("the stored bytes are the request's").hasMessageContaining("no longer parses");
  }

  @Test
  void aFewNewEventsAmongStoredOnesAreCopiedOutOfTheRequest() throws IOException {
    List<Event> first = events("e-", 10);
    ingest(batch(first));
    List<Event> retry = new ArrayList<>(first);
    retry.add(event("late", 99).build());
    byte[] request = batch(retry);
    IngestEventBatchResponse reply = ingest(request);
    assertThat(reply.getAcceptedCount()).isEqualTo(11);
    Arrays.fill(request, (byte) 0);
    assertThat(stored("late")).isEqualTo(retry.get(10));
  }

  @Test
  void aFewValidEventsAmongRejectedOnesAreCopiedOutOfTheRequest() throws IOException {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      events.add(event("bad-" + i, i).clearSessionId().build());
    }
    events.add(event("good", 5).build());
    byte[] request = batch(events);
    IngestEventBatchResponse reply = ingest(request);
    assertThat(reply.getAcceptedCount()).isEqualTo(1);
    assertThat(reply.getRejectedCount()).isEqualTo(9);
    Arrays.fill(request, (byte) 0);
    assertThat(stored("good")).isEqualTo(events.get(9));
  }
}
