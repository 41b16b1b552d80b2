package ai.chaukas.spec.testkit.junit;

import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.IngestEventRequest;
import ai.chaukas.spec.testing.internal.SampleEvents;

/** The ingest call the extension tests make. */
final class Samples {

  private Samples() {}

  static void ingest(ChaukasServerServiceBlockingStub stub, String id) {
    stub.ingestEvent(IngestEventRequest.newBuilder().setEvent(SampleEvents.sessionStart(id)).build());
  }
}
