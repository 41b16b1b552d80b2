package ai.chaukas.spec.cli;

import static ai.chaukas.spec.cli.BinaryBatchReaderTest.event;
import static ai.chaukas.spec.cli.BinaryBatchReaderTest.fullBatch;
import static ai.chaukas.spec.cli.BinaryBatchReaderTest.richEvent;
import static ai.chaukas.spec.cli.BinaryBatchReaderTest.unknownFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.cli.BinaryBatchWriter.BatchTooLargeException;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnknownFieldSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinaryBatchWriterTest {

  static byte[] write(EventBatch template, List<Event> events, long limit) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryBatchWriter writer = new BinaryBatchWriter(bytes, template, limit);
    for (Event e : events) {
      writer.write(e);
    }
    writer.finish();
    assertThat(writer.count()).isEqualTo(events.size());
    assertThat(writer.size()).isEqualTo(bytes.size());
    return bytes.toByteArray();
  }

  @Test
  void writesExactlyWhatProtobufWritesForTheSameBatch() throws IOException {
    EventBatch withUnknownFields = fullBatch().toBuilder().setUnknownFields(unknownFields()).build();
    List<EventBatch> templates = List.of(
        EventBatch.getDefaultInstance(),
        fullBatch(),
        withUnknownFields,
        EventBatch.newBuilder().setTimestamp(Timestamp.getDefaultInstance()).build(),
        EventBatch.newBuilder().setTotalTokens(5).build());
    List<List<Event>> eventLists = List.of(List.of(), List.of(event(7)), List.of(richEvent(4), event(5), richEvent(6)));
    for (EventBatch template : templates) {
      for (List<Event> events : eventLists) {
        EventBatch expected = template.toBuilder().clearEvents().addAllEvents(events).build();
        assertThat(write(template, events, Integer.MAX_VALUE)).isEqualTo(expected.toByteArray());
      }
    }
    assertThat(write(null, List.of(event(1)), Integer.MAX_VALUE))
        .isEqualTo(EventBatch.newBuilder().addEvents(event(1)).build().toByteArray());
  }

  @Test
  void writesWhatTheReaderReadsBack() throws IOException {
    List<Event> events = List.of(richEvent(0), event(1), richEvent(2));
    byte[] bytes = write(fullBatch(), events, Integer.MAX_VALUE);
    BinaryBatchReaderTest.Read read = BinaryBatchReaderTest.read(bytes, Container.EVENT_BATCH, 1 << 24);
    assertThat(read.events()).isEqualTo(events);
    assertThat(read.batch()).isEqualTo(fullBatch().toBuilder().clearEvents().build());
  }

  @Test
  void refusesTheEventThatWouldTakeTheBatchPastItsLimit() throws IOException {
    List<Event> events = List.of(richEvent(0), richEvent(1), richEvent(2));
    int whole = fullBatch().getSerializedSize();
    assertThat(write(fullBatch(), events, whole)).hasSize(whole);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryBatchWriter writer = new BinaryBatchWriter(bytes, fullBatch(), whole - 1);
    writer.write(events.get(0));
    writer.write(events.get(1));
    long written = writer.size();
    assertThatThrownBy(() -> writer.write(events.get(2)))
        .isInstanceOf(BatchTooLargeException.class)
        .hasMessage("events[2] (" + (whole - written - tailSize()) + " bytes) does not fit: the binary EventBatch"
            + " would pass " + (whole - 1) + " bytes (2 events in " + written + " bytes were written before it);"
            + " split the input into smaller files, or write JSON Lines (--to jsonl), which has no such limit");
    assertThat(writer.count()).isEqualTo(2);
    assertThat(writer.size()).isEqualTo(written);
    assertThatThrownBy(() -> writer.write(event(3))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(writer::finish).isInstanceOf(IllegalStateException.class);
  }

  static int tailSize() {
    return fullBatch().toBuilder().clearBatchId().clearTimestamp().clearEvents().build().getSerializedSize();
  }

  @Test
  void refusesABatchWhoseOwnFieldsExceedTheLimit() {
    BinaryBatchWriter writer = new BinaryBatchWriter(OutputStream.nullOutputStream(), fullBatch(), 20);
    assertThatThrownBy(writer::finish)
        .isInstanceOf(BatchTooLargeException.class)
        .hasMessageContaining("own fields take " + fullBatch().toBuilder().clearEvents().build().getSerializedSize()
            + " bytes, more than its limit of 20");
  }

  @Test
  void keepsWithinProtobufsLimitByDefault() throws IOException {
    Event big = event(0).toBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
        .addField(1000, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFrom(new byte[64 << 20])).build())
        .build()).build();
    BinaryBatchWriter writer = new BinaryBatchWriter(OutputStream.nullOutputStream(), null);
    for (int i = 0; i < 31; i++) {
      writer.write(big);
    }
    assertThatThrownBy(() -> writer.write(big))
        .isInstanceOf(BatchTooLargeException.class)
        .hasMessageContaining("events[31] (" + (big.getSerializedSize() + 5) + " bytes) does not fit: the binary"
            + " EventBatch would pass 2147483647 bytes, the most protobuf can read as one message (31 events in");
  }

  @Test
  void finishesOnce() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryBatchWriter writer = new BinaryBatchWriter(bytes, null);
    writer.finish();
    assertThat(bytes.toByteArray()).isEmpty();
    assertThatThrownBy(writer::finish).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> writer.write(event(0))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new BinaryBatchWriter(bytes, null, Integer.MAX_VALUE + 1L))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
