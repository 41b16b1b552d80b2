package ai.chaukas.spec.testkit.junit;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.IngestEventRequest;
import com.google.protobuf.Timestamp;

/** A valid event and an ingest call for the extension tests. */
final class Samples {

  static final String TENANT = "tenant-a";

  private Samples() {}

  static Event event(String id) {
    return Event.newBuilder()
        .setEventId(id)
        .setTenantId(TENANT)
        .setSessionId("session-1")
        .setType(EventType.EVENT_TYPE_SESSION_START)
        .setStatus(EventStatus.EVENT_STATUS_STARTED)
        .setTimestamp(Timestamp.newBuilder().setSeconds(1_764_000_000L))
        .build();
  }

  static void ingest(ChaukasServerServiceBlockingStub stub, String id) {
    stub.ingestEvent(IngestEventRequest.newBuilder().setEvent(event(id)).build());
  }
}
