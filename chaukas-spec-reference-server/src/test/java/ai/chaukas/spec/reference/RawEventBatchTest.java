package ai.chaukas.spec.reference;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import ai.chaukas.spec.server.v1.IngestEventRequest;
import ai.chaukas.spec.testing.internal.RawCalls;
import ai.chaukas.spec.testing.internal.ServerCalls;
import ai.chaukas.spec.toolkit.validation.EventValidator;
import ai.chaukas.spec.toolkit.validation.SerializedEvent;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import static ai.chaukas.spec.testing.internal.SampleEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Requests read as received ({@link RawEventBatch}, {@link RawIngestEvent}) hold what protobuf's
 * own parsing of the request holds, and bytes that are no request fail with INVALID_ARGUMENT.
 */
class RawEventBatchTest {

  private static final EventValidator VALIDATOR = EventValidator.defaults();

  private static Event withMetadata(String id) {
    return event(id, 1).setMetadata(Struct.newBuilder()
            .putFields("b", Value.newBuilder().setNumberValue(2).build())
            .putFields("a", Value.newBuilder().setStringValue("x").build()))
        .build();
  }

  private static List<Event> events(RawEventBatch raw) throws IOException {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < raw.eventCount(); i++) {
      events.add(raw.validate(VALIDATOR, i).event());
    }
    return events;
  }

  private static RawEventBatch parse(byte[] bytes) {
    return RawEventBatch.MARSHALLER.parse(new ByteArrayInputStream(bytes));
  }

  @Test
  void holdsTheBatchFieldsAndEveryEventsBytesAsReceived() throws Exception {
    IngestEventBatchRequest request = IngestEventBatchRequest.newBuilder()
        .setEventBatch(EventBatch.newBuilder().setBatchId("b").setTotalTokens(7)
            .addEvents(withMetadata("e1")).addEvents(withMetadata("e2")))
        .build();
    RawEventBatch raw = parse(request.toByteArray());
    assertThat(raw.hasEventBatch()).isTrue();
    assertThat(raw.fields()).isEqualTo(request.getEventBatch().toBuilder().clearEvents().build());
    assertThat(raw.eventCount()).isEqualTo(2);
    for (int i = 0; i < 2; i++) {
      SerializedEvent event = raw.validate(VALIDATOR, i);
      assertThat(event.isValid()).isTrue();
      assertThat(event.bytes().toByteArray()).isEqualTo(request.getEventBatch().getEvents(i).toByteArray());
    }
  }

  @Test
  void batchesRepeatedOnTheWireMergeAsProtobufMergesThem() throws Exception {
    byte[] first = IngestEventBatchRequest.newBuilder()
        .setEventBatch(EventBatch.newBuilder().setBatchId("a").setTimestamp(Timestamp.newBuilder().setSeconds(5))
            .addEvents(withMetadata("e1")))
        .build().toByteArray();
    byte[] second = IngestEventBatchRequest.newBuilder()
        .setEventBatch(EventBatch.newBuilder().setBatchId("b").setTimestamp(Timestamp.newBuilder().setNanos(9))
            .addEvents(withMetadata("e2")).addEvents(withMetadata("e3")))
        .build().toByteArray();
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.write(first);
    CodedOutputStream out = CodedOutputStream.newInstance(wire);
    out.writeString(9, "an unknown field of the request");
    out.flush();
    wire.write(second);
    byte[] both = wire.toByteArray();

    IngestEventBatchRequest parsed = IngestEventBatchRequest.parseFrom(both);
    RawEventBatch raw = parse(both);
    assertThat(raw.fields()).isEqualTo(parsed.getEventBatch().toBuilder().clearEvents().build());
    assertThat(raw.fields().getTimestamp()).isEqualTo(Timestamp.newBuilder().setSeconds(5).setNanos(9).build());
    assertThat(events(raw)).isEqualTo(parsed.getEventBatch().getEventsList());
  }

  @Test
  void aRequestWithoutABatchHasNone() {
    RawEventBatch raw = parse(IngestEventBatchRequest.getDefaultInstance().toByteArray());
    assertThat(raw.hasEventBatch()).isFalse();
    assertThat(raw.eventCount()).isZero();
  }

  @Test
  void bytesThatAreNoRequestSayWhy() {
    byte[] truncated = {0x0A, 0x05, 0x1A, 0x01};
    assertThatThrownBy(() -> parse(truncated))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> RawIngestEvent.MARSHALLER.parse(new ByteArrayInputStream(truncated)))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void anEventSentTwiceInIngestEventMergesAsProtobufMergesIt() throws Exception {
    Event first = withMetadata("e1").toBuilder().clearTimestamp().build();
    Event second = Event.newBuilder().setTimestamp(Timestamp.newBuilder().setSeconds(3))
        .setMetadata(Struct.newBuilder().putFields("c", Value.newBuilder().setBoolValue(true).build()))
        .build();
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    IngestEventRequest.newBuilder().setEvent(first).build().writeTo(wire);
    IngestEventRequest.newBuilder().setEvent(second).build().writeTo(wire);
    byte[] bytes = wire.toByteArray();

    RawIngestEvent raw = RawIngestEvent.MARSHALLER.parse(new ByteArrayInputStream(bytes));
    assertThat(raw.hasEvent()).isTrue();
    SerializedEvent event = raw.validate(VALIDATOR);
    assertThat(event.event()).isEqualTo(IngestEventRequest.parseFrom(bytes).getEvent());
    assertThat(event.isValid()).isTrue();
    assertThat(event.timestampSeconds()).isEqualTo(3);
    assertThat(RawIngestEvent.read(new byte[0]).hasEvent()).isFalse();
  }

  @Test
  void overTheWireBytesThatAreNoRequestOrNoEventAreInvalidArgumentAndStoreNothing() throws Exception {
    ReferenceServer server = ReferenceServer.create();
    try (RunningServer running = server.start(0)) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", running.port()).usePlaintext().build();
      try {
        byte[] garbage = {0x0A, 0x05, 0x1A, 0x01};
        assertThat(callWithBytes(channel, ChaukasServerServiceGrpc.getIngestEventBatchMethod(), garbage))
            .startsWith("IngestEventBatch: the request is not a valid IngestEventBatchRequest message: ")
            .contains("truncated");
        assertThat(callWithBytes(channel, ChaukasServerServiceGrpc.getIngestEventMethod(), garbage))
            .startsWith("IngestEvent: the request is not a valid IngestEventRequest message: ")
            .contains("truncated");

        // A batch whose second event has invalid UTF-8 in event_id: the call fails, naming it.
        byte[] request = ServerCalls.batchRequestWithUnreadableSecondEvent(withMetadata("ok-1"));
        assertThat(callWithBytes(channel, ChaukasServerServiceGrpc.getIngestEventBatchMethod(), request))
            .contains("event_batch.events[1] is not an Event message")
            .contains("nothing was stored");
        assertThat(server.eventCount()).isZero();
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /** Sends {@code bytes} as the request of {@code method}; the description of the status it fails with. */
  private static String callWithBytes(ManagedChannel channel, MethodDescriptor<?, ?> method, byte[] bytes) {
    Status status = RawCalls.call(channel, method, bytes);
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    return status.getDescription();
  }
}
