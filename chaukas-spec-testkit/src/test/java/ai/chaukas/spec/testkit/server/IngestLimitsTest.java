package ai.chaukas.spec.testkit.server;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.MessageContent;
import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.reference.RunningServer;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.testing.internal.ServerCalls;
import ai.chaukas.spec.testkit.junit.ChaukasServerExtension;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static ai.chaukas.spec.testing.internal.SampleEvents.TENANT;
import static ai.chaukas.spec.testing.internal.SampleEvents.event;
import static ai.chaukas.spec.testing.internal.ServerCalls.failsWith;
import static ai.chaukas.spec.testing.internal.ServerCalls.ingest;
import static ai.chaukas.spec.testing.internal.ServerCalls.ingestBatch;
import static org.assertj.core.api.Assertions.assertThat;

/** ING-7 of docs/server-semantics.md: batch, store and message size limits. */
class IngestLimitsTest {

  @RegisterExtension
  static final ChaukasServerExtension chaukas =
      ChaukasServerExtension.inProcess().configure(server -> server.maxBatchEvents(3).maxEvents(5));

  private static List<Event> events(String prefix, int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> event(prefix + i, i).build())
        .toList();
  }

  @Test
  void ING_7_batchAboveTheLimitIsInvalidArgumentAndStoresNothing(
      ChaukasServerServiceBlockingStub stub, ReferenceServer server) {
    assertThat(
            failsWith(Status.Code.INVALID_ARGUMENT, () -> ingestBatch(stub, "b", events("e-", 4))))
        .contains("at most 3")
        .contains("split");
    assertThat(server.eventCount()).isZero();
    assertThat(ingestBatch(stub, "b", events("e-", 3)).getAcceptedCount()).isEqualTo(3);
  }

  @Test
  void ING_7_fullStoreIsResourceExhaustedAndStoresNothingOfTheCall(
      ChaukasServerServiceBlockingStub stub, ReferenceServer server) {
    ingestBatch(stub, "first", events("a-", 3));
    assertThat(failsWith(Status.Code.RESOURCE_EXHAUSTED, () -> ingestBatch(stub, "second", events("b-", 3))))
        .contains("full");
    assertThat(server.eventCount()).isEqualTo(3);
    assertThat(ServerCalls.ids(server.events(TENANT))).containsExactly("a-0", "a-1", "a-2");

    assertThat(ingestBatch(stub, "third", events("b-", 2)).getAcceptedCount()).isEqualTo(2);
    failsWith(Status.Code.RESOURCE_EXHAUSTED, () -> ingest(stub, event("c-0", 9).build()));
    assertThat(server.eventCount()).isEqualTo(5);
  }

  @Test
  void ING_7_idempotentRetryIntoAFullStoreStillSucceeds(
      ChaukasServerServiceBlockingStub stub, ReferenceServer server) {
    List<Event> five = events("a-", 5);
    ingestBatch(stub, "first", five.subList(0, 3));
    ingestBatch(stub, "second", five.subList(3, 5));
    assertThat(ingest(stub, five.get(0)).getStatus()).isEqualTo("accepted");
    assertThat(ingestBatch(stub, "retry", five.subList(2, 5)).getAcceptedCount()).isEqualTo(3);
    assertThat(server.eventCount()).isEqualTo(5);
  }

  @Test
  void ING_7_requestAboveTheMaximumMessageSizeIsResourceExhausted() throws Exception {
    ReferenceServer server =
        ReferenceServer.builder().maxInboundMessageSize(64 * 1024).build();
    try (RunningServer running = server.start(0)) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress(running.address()).usePlaintext().build();
      try {
        ChaukasServerServiceBlockingStub stub =
            ChaukasServerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        Event big =
            event("big", 1)
                .setType(EventType.EVENT_TYPE_INPUT_RECEIVED)
                .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
                .setMessage(MessageContent.newBuilder().setText("x".repeat(100 * 1024)))
                .build();
        failsWith(Status.Code.RESOURCE_EXHAUSTED, () -> ingest(stub, big));
        assertThat(server.eventCount()).isZero();
        assertThat(ingest(stub, event("small", 1).build()).getStatus()).isEqualTo("accepted");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
