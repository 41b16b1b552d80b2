package ai.chaukas.spec.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawEventBatchTest {

  private static Event event(String id) {
    return Event.newBuilder()
        .setEventId(id)
        .setTenantId("t")
        .setMetadata(Struct.newBuilder()
            .putFields("b", Value.newBuilder().setNumberValue(2).build())
            .putFields("a", Value.newBuilder().setStringValue("x").build()))
        .build();
  }

  @Test
  void keepsEveryEventsBytesExactlyAsReceived() throws Exception {
    IngestEventBatchRequest request = IngestEventBatchRequest.newBuilder()
        .setEventBatch(EventBatch.newBuilder().setBatchId("b").addEvents(event("e1")).addEvents(event("e2")))
        .build();
    RawEventBatch raw = RawEventBatch.MARSHALLER.parse(new ByteArrayInputStream(request.toByteArray()));
    assertThat(raw.request()).isEqualTo(request);
    assertThat(raw.rawEvents()).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(raw.rawEvents().get(i)).isEqualTo(request.getEventBatch().getEvents(i).toByteArray());
      assertThat(Event.parseFrom(raw.rawEvents().get(i))).isEqualTo(request.getEventBatch().getEvents(i));
    }
  }

  @Test
  void batchesRepeatedOnTheWireMergeAndKeepTheirOrder() throws Exception {
    byte[] first = IngestEventBatchRequest.newBuilder()
        .setEventBatch(EventBatch.newBuilder().addEvents(event("e1"))).build().toByteArray();
    byte[] second = IngestEventBatchRequest.newBuilder()
        .setEventBatch(EventBatch.newBuilder().setBatchId("b").addEvents(event("e2")).addEvents(event("e3"))).build().toByteArray();
    byte[] both = ByteString.copyFrom(first).concat(ByteString.copyFrom(second)).toByteArray();

    RawEventBatch raw = RawEventBatch.MARSHALLER.parse(new ByteArrayInputStream(both));
    assertThat(raw.request().getEventBatch().getEventsList()).extracting(Event::getEventId).containsExactly("e1", "e2", "e3");
    assertThat(raw.rawEvents()).hasSize(3);
    assertThat(List.of(Event.parseFrom(raw.rawEvents().get(2)).getEventId())).containsExactly("e3");
  }
}
