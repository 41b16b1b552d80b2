package ai.chaukas.spec.testkit.server;

import static ai.chaukas.spec.testing.internal.SampleEvents.TENANT;
import static ai.chaukas.spec.testing.internal.SampleEvents.event;
import static ai.chaukas.spec.testing.internal.ServerCalls.failsWith;
import static ai.chaukas.spec.testing.internal.ServerCalls.ingest;
import static ai.chaukas.spec.testing.internal.ServerCalls.ingestBatch;
import static ai.chaukas.spec.testing.internal.ServerCalls.page;
import static ai.chaukas.spec.testing.internal.ServerCalls.queryOf;
import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.GetEventStatsRequest;
import ai.chaukas.spec.server.v1.HealthzRequest;
import ai.chaukas.spec.server.v1.IngestEventRequest;
import ai.chaukas.spec.testkit.junit.ChaukasServerExtension;
import io.grpc.Status;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The line per call that {@code chaukas serve} prints. */
class SummaryListenerTest {

  static final List<String> lines = new CopyOnWriteArrayList<>();

  @RegisterExtension
  static final ChaukasServerExtension chaukas =
      ChaukasServerExtension.inProcess().configure(server -> server.summaryListener(lines::add));

  @BeforeEach
  void forget() {
    lines.clear();
  }

  @Test
  void oneLinePerIngestBatchQueryAndStatsCall(ChaukasServerServiceBlockingStub stub) {
    stub.healthz(HealthzRequest.getDefaultInstance());
    ingest(stub, event("e-1", 1).build());
    ingest(stub, event("e-1", 1).build());
    ingestBatch(stub, "b-1", List.of(event("e-2", 2).build(), event("", 3).build()));
    page(stub, queryOf(TENANT).setPageSize(1).build());
    stub.getEventStats(GetEventStatsRequest.newBuilder().setTenantId(TENANT).build());
    failsWith(Status.Code.INVALID_ARGUMENT, () -> stub.ingestEvent(IngestEventRequest.getDefaultInstance()));

    assertThat(lines)
        .containsExactly(
            "IngestEvent tenant=tenant-a event_id=e-1 accepted",
            "IngestEvent tenant=tenant-a event_id=e-1 accepted (already stored)",
            "IngestEventBatch batch_id=b-1 events=2 accepted=1 rejected=1",
            "QueryEvents tenant=tenant-a order=DESC page_size=1 returned=1 more=true",
            "GetEventStats tenant=tenant-a total_events=2 total_sessions=1",
            "IngestEvent failed INVALID_ARGUMENT: event is required");
  }

  @Test
  void controlCharactersCannotForgeLines(ChaukasServerServiceBlockingStub stub) {
    failsWith(Status.Code.INVALID_ARGUMENT, () -> ingest(stub, event("e-1\nIngestEvent forged", 1).build()));
    page(stub, queryOf("tenant-a\nQueryEvents forged").setPageSize(1).build());
    assertThat(lines)
        .containsExactly(
            "IngestEvent failed INVALID_ARGUMENT: event is invalid, nothing was stored: event_id:"
                + " [id-characters] holds control character U+000A at position 3; identifiers must be"
                + " printable text; span_id: [id-characters] holds control character U+000A at"
                + " position 8; identifiers must be printable text",
            "QueryEvents tenant=tenant-a?QueryEvents forged order=DESC page_size=1 returned=0 more=false");
  }
}
