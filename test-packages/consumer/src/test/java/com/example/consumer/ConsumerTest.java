package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.IngestEventRequest;
import ai.chaukas.spec.server.v1.IngestEventResponse;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConsumerTest {

  /** A platform: a subclass of the generated server base class. */
  static final class Platform extends ChaukasServerServiceGrpc.ChaukasServerServiceImplBase {
    @Override
    public void ingestEvent(IngestEventRequest request, StreamObserver<IngestEventResponse> out) {
      if (request.getEvent().getSessionId().isEmpty()) {
        out.onError(Status.INVALID_ARGUMENT.withDescription("event.session_id is required").asRuntimeException());
        return;
      }
      out.onNext(
          IngestEventResponse.newBuilder()
              .setEventId(request.getEvent().getEventId())
              .setStatus("accepted")
              .build());
      out.onCompleted();
    }
  }

  @Test
  void sdkSideRequestReachesThePlatform() throws Exception {
    String name = InProcessServerBuilder.generateName();
    Server server = InProcessServerBuilder.forName(name).directExecutor().addService(new Platform()).build().start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    try {
      Event event =
          Event.newBuilder()
              .setEventId("e-1")
              .setSessionId("s-1")
              .setType(EventType.EVENT_TYPE_SESSION_START)
              .setStatus(EventStatus.EVENT_STATUS_STARTED)
              .setTimestamp(Timestamp.newBuilder().setSeconds(1764095692L))
              .build();
      // What an agent SDK builds with chaukas-spec-client is what the platform reads.
      ai.chaukas.spec.client.v1.IngestEventRequest sdkRequest =
          ai.chaukas.spec.client.v1.IngestEventRequest.newBuilder().setEvent(event).build();
      IngestEventRequest onTheWire = IngestEventRequest.parseFrom(sdkRequest.toByteString());

      ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub stub =
          ChaukasServerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
      assertEquals("accepted", stub.ingestEvent(onTheWire).getStatus());

      StatusRuntimeException rejected =
          assertThrows(
              StatusRuntimeException.class,
              () -> stub.ingestEvent(IngestEventRequest.newBuilder().setEvent(event.toBuilder().clearSessionId()).build()));
      assertEquals(Status.Code.INVALID_ARGUMENT, rejected.getStatus().getCode());

      // Not overridden: the base class answers UNIMPLEMENTED.
      StatusRuntimeException unimplemented =
          assertThrows(
              StatusRuntimeException.class,
              () -> stub.healthz(ai.chaukas.spec.server.v1.HealthzRequest.getDefaultInstance()));
      assertEquals(Status.Code.UNIMPLEMENTED, unimplemented.getStatus().getCode());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
