package ai.chaukas.spec.tests;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Capabilities;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.testing.internal.FullEvents;
import ai.chaukas.spec.testing.internal.Values;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class EventRoundTripTest {

  private static final JsonFormat.TypeRegistry TYPES =
      JsonFormat.TypeRegistry.newBuilder().add(Capabilities.getDescriptor()).build();

  private static Event sample(Event.ContentCase contentCase) {
    return FullEvents.allContentCases().get(contentCase);
  }

  @Test
  void samplesCoverEveryContentCaseWithEveryFieldSet() {
    Map<Event.ContentCase, Event> samples = FullEvents.allContentCases();
    for (Event.ContentCase c : Event.ContentCase.values()) {
      if (c == Event.ContentCase.CONTENT_NOT_SET) {
        continue;
      }
      assertThat(samples).containsKey(c);
      assertThat(samples.get(c).getContentCase()).isEqualTo(c);
      assertThat(FullEvents.unsetFields(samples.get(c))).as("unset fields of %s", c).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(value = Event.ContentCase.class, names = "CONTENT_NOT_SET", mode = EnumSource.Mode.EXCLUDE)
  void binaryRoundTripIsLossless(Event.ContentCase contentCase) throws Exception {
    Event event = sample(contentCase);
    Event back = Event.parseFrom(event.toByteArray());
    assertThat(back).isEqualTo(event);
    assertThat(back.getUnknownFields().asMap()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = Event.ContentCase.class, names = "CONTENT_NOT_SET", mode = EnumSource.Mode.EXCLUDE)
  void proto3JsonRoundTripIsLossless(Event.ContentCase contentCase) throws Exception {
    Event event = sample(contentCase);
    for (JsonFormat.Printer printer :
        new JsonFormat.Printer[] {
          JsonFormat.printer().usingTypeRegistry(TYPES),
          JsonFormat.printer().usingTypeRegistry(TYPES).preservingProtoFieldNames()
        }) {
      String json = printer.print(event);
      Event.Builder back = Event.newBuilder();
      JsonFormat.parser().usingTypeRegistry(TYPES).merge(json, back);
      assertThat(back.build()).as(json).isEqualTo(event);
    }
  }

  @Test
  void anyExtensionNeedsItsTypeInTheRegistry() {
    Event event = sample(Event.ContentCase.MESSAGE);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> JsonFormat.printer().print(event))
        .isInstanceOf(InvalidProtocolBufferException.class)
        .hasMessageContaining("chaukas.spec.common.v1.Capabilities");
  }

  @Test
  void batchOfEveryCaseRoundTrips() throws Exception {
    EventBatch batch =
        EventBatch.newBuilder()
            .setBatchId("batch-1")
            .setTimestamp(Values.ts(1_764_095_700L, 5_000_000))
            .addAllEvents(FullEvents.allContentCases().values())
            .setMetadata(FullEvents.struct("batch"))
            .setTotalCost(0.5)
            .setTotalTokens(1000)
            .setTotalDurationMs(1234.5)
            .build();
    assertThat(FullEvents.unsetFields(batch)).isEmpty();
    assertThat(EventBatch.parseFrom(batch.toByteString())).isEqualTo(batch);
    EventBatch.Builder back = EventBatch.newBuilder();
    JsonFormat.parser()
        .usingTypeRegistry(TYPES)
        .merge(JsonFormat.printer().usingTypeRegistry(TYPES).print(batch), back);
    assertThat(back.build()).isEqualTo(batch);
  }
}
