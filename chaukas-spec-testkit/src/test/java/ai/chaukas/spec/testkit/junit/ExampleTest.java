package ai.chaukas.spec.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc.ChaukasClientServiceBlockingStub;
import ai.chaukas.spec.client.v1.IngestEventBatchRequest;
import ai.chaukas.spec.client.v1.IngestEventRequest;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.common.v1.SortOrder;
import ai.chaukas.spec.common.v1.ToolCall;
import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.GetEventStatsRequest;
import ai.chaukas.spec.server.v1.QueryEventsRequest;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.Timestamps;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A complete example of testing an agent SDK with the testkit: the code under test sends events
 * through the client service, the test checks what the server stored and what a platform would
 * answer through the server service.
 */
class ExampleTest {

  /** A new in-process server per test; limits chosen so a runaway SDK shows up quickly. */
  @RegisterExtension
  static final ChaukasServerExtension chaukas =
      ChaukasServerExtension.inProcess().configure(server -> server.maxEvents(1_000).maxBatchEvents(20));

  /** The code under test: a tiny "SDK" that records a session with one tool call. */
  static final class TinySdk {
    private final ChaukasClientServiceBlockingStub client;

    TinySdk(ChaukasClientServiceBlockingStub client) {
      this.client = client;
    }

    void runSession(String sessionId) {
      client.ingestEvent(
          IngestEventRequest.newBuilder()
              .setEvent(base(sessionId, "start", 0).setType(EventType.EVENT_TYPE_SESSION_START))
              .build());
      client.ingestEventBatch(
          IngestEventBatchRequest.newBuilder()
              .setEventBatch(
                  EventBatch.newBuilder()
                      .setBatchId(sessionId + "-batch")
                      .addEvents(
                          base(sessionId, "tool", 1)
                              .setType(EventType.EVENT_TYPE_TOOL_CALL_START)
                              .setToolCall(
                                  ToolCall.newBuilder()
                                      .setName("web_search")
                                      .setArguments(
                                          Struct.newBuilder()
                                              .putFields(
                                                  "query",
                                                  Value.newBuilder().setStringValue("Weather in Paris").build()))))
                      .addEvents(
                          base(sessionId, "end", 2)
                              .setType(EventType.EVENT_TYPE_SESSION_END)
                              .setStatus(EventStatus.EVENT_STATUS_COMPLETED)))
              .build());
    }

    private static Event.Builder base(String sessionId, String what, int second) {
      return Event.newBuilder()
          .setEventId(sessionId + "-" + what)
          .setTenantId("tenant-a")
          .setProjectId("demo")
          .setSessionId(sessionId)
          .setStatus(EventStatus.EVENT_STATUS_STARTED)
          .setTimestamp(Timestamps.fromSeconds(1_764_000_000L + second));
    }
  }

  @Test
  void theSdkRecordsACompleteSession(
      ChaukasClientServiceBlockingStub client,
      ChaukasServerServiceBlockingStub platform,
      ReferenceServer server) {
    new TinySdk(client).runSession("s-1");

    // What was stored, straight from the in-memory server.
    assertThat(server.events("tenant-a"))
        .extracting(Event::getEventId)
        .containsExactly("s-1-start", "s-1-tool", "s-1-end");

    // What a platform answers: a text search reaches into the tool call's arguments ...
    List<Event> found =
        platform
            .queryEvents(
                QueryEventsRequest.newBuilder()
                    .setQuery(
                        QueryRequest.newBuilder()
                            .setFilter(
                                QueryFilter.newBuilder().setTenantId("tenant-a").setTextQuery("paris"))
                            .setOrderByTime(SortOrder.SORT_ORDER_ASC))
                    .build())
            .getResponse()
            .getEventsList();
    assertThat(found).extracting(Event::getEventId).containsExactly("s-1-tool");

    // ... and the stats see one session of two seconds.
    var stats = platform.getEventStats(GetEventStatsRequest.newBuilder().setTenantId("tenant-a").build());
    assertThat(stats.getTotalEvents()).isEqualTo(3);
    assertThat(stats.getTotalSessions()).isEqualTo(1);
    assertThat(stats.getAvgSessionDurationMs()).isEqualTo(2000.0);
  }

  @Test
  void theServerRejectsWhatASloppySdkSends(ChaukasClientServiceBlockingStub client) {
    Event withoutTenant =
        Event.newBuilder()
            .setEventId("e-1")
            .setSessionId("s-1")
            .setType(EventType.EVENT_TYPE_SESSION_START)
            .setStatus(EventStatus.EVENT_STATUS_STARTED)
            .setTimestamp(Timestamps.fromSeconds(1_764_000_000L))
            .build();
    assertThatThrownBy(
            () -> client.ingestEvent(IngestEventRequest.newBuilder().setEvent(withoutTenant).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains("tenant_id: [tenant-required]");
            });
  }
}
