package ai.chaukas.spec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.chaukas.spec.cli.BinaryBatchReader.MalformedBatchException;
import ai.chaukas.spec.client.v1.IngestEventBatchRequest;
import ai.chaukas.spec.client.v1.IngestEventRequest;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.ToolCall;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.Value;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryBatchReaderTest {

  static final int MAX = 1 << 24;

  record Read(List<Event> events, EventBatch batch) {}

  interface Writes {
    void to(CodedOutputStream out) throws IOException;
  }

  static Event event(int i) {
    return Event.newBuilder()
        .setEventId("evt-" + i)
        .setType(EventType.EVENT_TYPE_TOOL_CALL_START)
        .setStatus(EventStatus.EVENT_STATUS_STARTED)
        .setSessionId("session-1")
        .setTimestamp(Timestamp.newBuilder().setSeconds(1_700_000_000L + i))
        .build();
  }

  static Event richEvent(int i) {
    return event(i).toBuilder()
        .addTags("t" + i)
        .addTags("shared")
        .setAgentName("agent ".repeat(40))
        .setToolCall(ToolCall.newBuilder().setId("call-" + i).setName("search"))
        .setMetadata(Struct.newBuilder()
            .putFields("n", Value.newBuilder().setNumberValue(i).build())
            .putFields("s", Value.newBuilder().setStringValue("é" + i).build()))
        .build();
  }

  static UnknownFieldSet unknownFields() {
    return UnknownFieldSet.newBuilder()
        .addField(1, UnknownFieldSet.Field.newBuilder().addFixed32(11).build())
        .addField(3, UnknownFieldSet.Field.newBuilder().addVarint(99).build())
        .addField(5, UnknownFieldSet.Field.newBuilder().addVarint(-7).build())
        .addField(7, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("opaque")).build())
        .addField(8, UnknownFieldSet.Field.newBuilder().addGroup(UnknownFieldSet.newBuilder()
            .addField(1, UnknownFieldSet.Field.newBuilder().addVarint(1).build())
            .addField(2, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("in a group")).build())
            .build()).build())
        .addField(200, UnknownFieldSet.Field.newBuilder().addFixed64(3).build())
        .build();
  }

  static Struct struct(String key, String value) {
    return Struct.newBuilder().putFields(key, Value.newBuilder().setStringValue(value).build()).build();
  }

  static EventBatch fullBatch() {
    return EventBatch.newBuilder()
        .setBatchId("0190b6e0-7c1a-7000-8000-000000000001")
        .setTimestamp(Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(5))
        .addEvents(richEvent(0))
        .addEvents(richEvent(1))
        .addEvents(richEvent(2))
        .setMetadata(struct("source", "test"))
        .setTotalCost(0.25)
        .setTotalTokens(-42)
        .setTotalDurationMs(1.5)
        .build();
  }

  static byte[] raw(Writes writes) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    writes.to(out);
    out.flush();
    return bytes.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      bytes.writeBytes(part);
    }
    return bytes.toByteArray();
  }

  /** An event as field 3 of a batch. */
  static byte[] eventField(Event event) throws IOException {
    return raw(out -> out.writeMessage(3, event));
  }

  static Read read(byte[] bytes, Container container, int max) throws IOException {
    BinaryBatchReader reader = new BinaryBatchReader(new ByteArrayInputStream(bytes), container, max);
    List<Event> events = new ArrayList<>();
    for (Optional<Event> e; (e = reader.next()).isPresent(); ) {
      events.add(e.get());
    }
    assertThat(reader.count()).isEqualTo(events.size());
    return new Read(events, reader.batch());
  }

  static MalformedBatchException failure(byte[] bytes, Container container) {
    MalformedBatchException e = catchThrowableOfType(MalformedBatchException.class, () -> read(bytes, container, MAX));
    assertThat(e).as("the reader refuses these %d bytes", bytes.length).isNotNull();
    return e;
  }

  /** The batch protobuf parses from the whole input, or null when it cannot. */
  static EventBatch protobufParse(byte[] bytes, Container container) {
    try {
      return container == Container.EVENT_BATCH
          ? EventBatch.parseFrom(bytes)
          : IngestEventBatchRequest.parseFrom(bytes).getEventBatch();
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
  }

  /**
   * Asserts that the reader reads what protobuf parses, or fails where protobuf fails.
   *
   * @return whether protobuf could parse the input
   */
  static boolean assertReadsLikeProtobuf(byte[] bytes, Container container) throws IOException {
    EventBatch expected = protobufParse(bytes, container);
    if (expected == null) {
      failure(bytes, container);
      return false;
    }
    Read actual = read(bytes, container, MAX);
    assertThat(actual.events()).isEqualTo(expected.getEventsList());
    assertThat(actual.batch()).isEqualTo(expected.toBuilder().clearEvents().build());
    return true;
  }

  // --- reading like protobuf ------------------------------------------------------------------

  @Test
  void readsTheEventsAndOwnFieldsOfAnEventBatch() throws IOException {
    EventBatch batch = fullBatch();
    Read read = read(batch.toByteArray(), Container.EVENT_BATCH, MAX);
    assertThat(read.events()).isEqualTo(batch.getEventsList());
    assertThat(read.batch()).isEqualTo(batch.toBuilder().clearEvents().build());
    assertThat(read.batch().getTotalTokens()).isEqualTo(-42);
  }

  @Test
  void readsAnEmptyInputAndABatchWithoutEvents() throws IOException {
    assertThat(read(new byte[0], Container.EVENT_BATCH, MAX)).isEqualTo(new Read(List.of(), EventBatch.getDefaultInstance()));
    assertThat(read(new byte[0], Container.INGEST_EVENT_BATCH_REQUEST, MAX))
        .isEqualTo(new Read(List.of(), EventBatch.getDefaultInstance()));

    EventBatch fieldsOnly = fullBatch().toBuilder().clearEvents().build();
    assertThat(read(fieldsOnly.toByteArray(), Container.EVENT_BATCH, MAX)).isEqualTo(new Read(List.of(), fieldsOnly));
    byte[] emptyBatch = IngestEventBatchRequest.newBuilder().setEventBatch(EventBatch.getDefaultInstance()).build().toByteArray();
    assertThat(emptyBatch).hasSize(2);
    assertThat(read(emptyBatch, Container.INGEST_EVENT_BATCH_REQUEST, MAX))
        .isEqualTo(new Read(List.of(), EventBatch.getDefaultInstance()));
  }

  @Test
  void mergesFieldsBeforeBetweenAndAfterTheEventsAsProtobufDoes() throws IOException {
    byte[] bytes = concat(
        EventBatch.newBuilder().setBatchId("first").setTotalTokens(1).setMetadata(struct("a", "1")).build().toByteArray(),
        eventField(richEvent(0)),
        EventBatch.newBuilder().setBatchId("second").setTimestamp(Timestamp.newBuilder().setSeconds(5)).build().toByteArray(),
        eventField(richEvent(1)),
        eventField(event(2)),
        EventBatch.newBuilder().setMetadata(struct("b", "2")).setTimestamp(Timestamp.newBuilder().setNanos(7))
            .setTotalTokens(3).setUnknownFields(unknownFields()).build().toByteArray(),
        eventField(event(3)));

    assertThat(assertReadsLikeProtobuf(bytes, Container.EVENT_BATCH)).isTrue();
    Read read = read(bytes, Container.EVENT_BATCH, MAX);
    assertThat(read.events()).extracting(Event::getEventId).containsExactly("evt-0", "evt-1", "evt-2", "evt-3");
    assertThat(read.batch().getBatchId()).isEqualTo("second");
    assertThat(read.batch().getTimestamp()).isEqualTo(Timestamp.newBuilder().setSeconds(5).setNanos(7).build());
    assertThat(read.batch().getMetadata().getFieldsMap()).containsOnlyKeys("a", "b");
    assertThat(read.batch().getTotalTokens()).isEqualTo(3);
  }

  @Test
  void mergesARequestThatHoldsItsBatchSeveralTimes() throws IOException {
    byte[] bytes = concat(
        IngestEventBatchRequest.newBuilder().setEventBatch(EventBatch.newBuilder().setBatchId("first")
            .addEvents(event(0)).addEvents(richEvent(1)).setTotalCost(1)).build().toByteArray(),
        IngestEventBatchRequest.newBuilder().setEventBatch(EventBatch.getDefaultInstance()).build().toByteArray(),
        IngestEventBatchRequest.newBuilder().setEventBatch(EventBatch.newBuilder().setMetadata(struct("k", "v"))
            .addEvents(event(2)).setTotalTokens(9)).build().toByteArray());

    assertThat(assertReadsLikeProtobuf(bytes, Container.INGEST_EVENT_BATCH_REQUEST)).isTrue();
    Read read = read(bytes, Container.INGEST_EVENT_BATCH_REQUEST, MAX);
    assertThat(read.events()).extracting(Event::getEventId).containsExactly("evt-0", "evt-1", "evt-2");
    assertThat(read.batch()).isEqualTo(EventBatch.newBuilder().setBatchId("first").setTotalCost(1)
        .setMetadata(struct("k", "v")).setTotalTokens(9).build());
    assertThat(read.batch()).isEqualTo(
        ai.chaukas.spec.server.v1.IngestEventBatchRequest.parseFrom(bytes).getEventBatch().toBuilder().clearEvents().build());
  }

  @Test
  void keepsTheBatchsUnknownFieldsAndChecksTheRequestsOwn() throws IOException {
    EventBatch batch = fullBatch().toBuilder().setUnknownFields(unknownFields()).build();
    assertThat(assertReadsLikeProtobuf(batch.toByteArray(), Container.EVENT_BATCH)).isTrue();
    EventBatch fields = read(batch.toByteArray(), Container.EVENT_BATCH, MAX).batch();
    assertThat(fields.getUnknownFields()).isEqualTo(unknownFields());
    assertThat(fields.getUnknownFields().getField(3).getVarintList())
        .as("field 3 with another wire type than an event's is an unknown field, as for protobuf").containsExactly(99L);

    byte[] request = IngestEventBatchRequest.newBuilder().setEventBatch(batch)
        .setUnknownFields(unknownFields()).build().toByteArray();
    assertThat(assertReadsLikeProtobuf(request, Container.INGEST_EVENT_BATCH_REQUEST)).isTrue();
    assertThat(read(request, Container.INGEST_EVENT_BATCH_REQUEST, MAX).events()).hasSize(3);
  }

  /** A Struct nested {@code depth} times, three messages deep each (Struct, map entry, Value). */
  static Struct nested(int depth) {
    Struct s = Struct.getDefaultInstance();
    for (int i = 0; i < depth; i++) {
      s = Struct.newBuilder().putFields("k", Value.newBuilder().setStructValue(s).build()).build();
    }
    return s;
  }

  /** Unknown field 8 as {@code depth} nested groups. */
  static byte[] nestedGroups(int depth) {
    byte[] bytes = new byte[2 * depth];
    Arrays.fill(bytes, 0, depth, (byte) (8 << 3 | WireFormat.WIRETYPE_START_GROUP));
    Arrays.fill(bytes, depth, 2 * depth, (byte) (8 << 3 | WireFormat.WIRETYPE_END_GROUP));
    return bytes;
  }

  @Test
  void appliesProtobufsNestingLimitAtTheDepthOfAWholeParse() throws IOException {
    for (Container container : List.of(Container.EVENT_BATCH, Container.INGEST_EVENT_BATCH_REQUEST)) {
      List<Boolean> inEvents = new ArrayList<>();
      List<Boolean> inBatchFields = new ArrayList<>();
      List<Boolean> inGroups = new ArrayList<>();
      for (int depth = 25; depth <= 40; depth++) {
        EventBatch deepEvent = EventBatch.newBuilder().addEvents(event(0))
            .addEvents(event(1).toBuilder().setMetadata(nested(depth))).build();
        EventBatch deepFields = EventBatch.newBuilder().addEvents(event(0)).setMetadata(nested(depth)).build();
        inEvents.add(assertReadsLikeProtobuf(wrap(deepEvent.toByteArray(), container), container));
        inBatchFields.add(assertReadsLikeProtobuf(wrap(deepFields.toByteArray(), container), container));
      }
      for (int depth = 90; depth <= 110; depth++) {
        byte[] batch = concat(eventField(event(0)), nestedGroups(depth));
        inGroups.add(assertReadsLikeProtobuf(wrap(batch, container), container));
      }
      assertThat(inEvents).as("the limit lies within the depths tried").contains(true, false);
      assertThat(inBatchFields).contains(true, false);
      assertThat(inGroups).contains(true, false);
    }
  }

  static byte[] wrap(byte[] batch, Container container) throws IOException {
    return container == Container.EVENT_BATCH ? batch : raw(out -> out.writeByteArray(1, batch));
  }

  @Test
  void readsEventsUpToTheMaximumSizeAndRefusesLargerOnes() throws IOException {
    Event atMax = eventOfSize(1, MAX);
    Event overMax = eventOfSize(2, MAX + 1);
    byte[] bytes = concat(eventField(event(0)), eventField(atMax), eventField(overMax));

    BinaryBatchReader reader = new BinaryBatchReader(new ByteArrayInputStream(bytes), Container.EVENT_BATCH, MAX);
    assertThat(reader.next()).contains(event(0));
    assertThat(reader.next()).contains(atMax);
    long offset = eventField(event(0)).length + (long) eventField(atMax).length;
    assertThatThrownBy(reader::next)
        .isInstanceOfSatisfying(MalformedBatchException.class, e -> {
          assertThat(e.eventIndex()).isEqualTo(2);
          assertThat(e.offset()).isEqualTo(offset);
        })
        .hasMessage("events[2], byte " + offset + ": the event is 16777217 bytes, more than the 16777216 allowed"
            + " for one event; check that the input is an intact binary EventBatch");
    assertThatThrownBy(reader::next).isInstanceOf(IllegalStateException.class);
  }

  static Event eventOfSize(int i, int size) {
    Event base = event(i);
    int text = size - base.getSerializedSize() - 6;
    Event sized = base.toBuilder().setAgentName("x".repeat(text)).build();
    return base.toBuilder().setAgentName("x".repeat(text + size - sized.getSerializedSize())).build();
  }

  @Test
  void appliesTheMaximumSizeToTheBatchsOwnFieldsToo() throws IOException {
    byte[] bytes = concat(eventField(event(0)), EventBatch.newBuilder().setMetadata(struct("k", "v".repeat(100)))
        .build().toByteArray());
    assertThat(read(bytes, Container.EVENT_BATCH, 200).events()).hasSize(1);
    assertThatThrownBy(() -> read(bytes, Container.EVENT_BATCH, 100))
        .isInstanceOf(MalformedBatchException.class)
        .hasMessage("after events[0], byte " + eventField(event(0)).length + ": the batch's field 4 (metadata) takes"
            + " more than the 100 bytes allowed for one field; check that the input is an intact binary EventBatch");
  }

  // --- malformed input ------------------------------------------------------------------------

  @Test
  void namesTheEventAndByteWhereTheInputIsCutShort() throws IOException {
    byte[] whole = fullBatch().toByteArray();
    int headLength = fullBatch().toBuilder().clearEvents().clearMetadata().clearTotalCost().clearTotalTokens()
        .clearTotalDurationMs().build().getSerializedSize();
    int secondEvent = headLength + eventField(richEvent(0)).length;

    int insideEvent = secondEvent + 40;
    MalformedBatchException cut = failure(Arrays.copyOf(whole, insideEvent), Container.EVENT_BATCH);
    assertThat(cut.eventIndex()).isEqualTo(1);
    assertThat(cut.offset()).isEqualTo(insideEvent);
    assertThat(cut).hasMessage("events[1], byte " + insideEvent + ": the input ends inside the event;"
        + " check that the input is complete and is a binary EventBatch");

    int insideLength = secondEvent + 2;
    assertThat(eventField(richEvent(1))[1]).as("a length of two bytes").isNegative();
    MalformedBatchException inLength = failure(Arrays.copyOf(whole, insideLength), Container.EVENT_BATCH);
    assertThat(inLength.eventIndex()).isEqualTo(1);
    assertThat(inLength).hasMessageStartingWith("events[1], byte " + insideLength + ": the input ends inside the event;");

    byte[] twoByteTag = concat(whole, raw(out -> out.writeUInt64(100, 1)));
    MalformedBatchException inTag = failure(Arrays.copyOf(twoByteTag, whole.length + 1), Container.EVENT_BATCH);
    assertThat(inTag.eventIndex()).isEqualTo(3);
    assertThat(inTag).hasMessage("after events[2], byte " + (whole.length + 1) + ": the input ends inside a field;"
        + " check that the input is complete and is a binary EventBatch");

    byte[] inGroup = concat(whole, new byte[] {(byte) (9 << 3 | WireFormat.WIRETYPE_START_GROUP), 8, 1});
    assertThat(failure(inGroup, Container.EVENT_BATCH)).hasMessage("after events[2], byte " + inGroup.length
        + ": the input ends inside the batch's field 9; check that the input is complete and is a binary EventBatch");

    for (int length = 0; length < whole.length; length++) {
      assertReadsLikeProtobuf(Arrays.copyOf(whole, length), Container.EVENT_BATCH);
    }
  }

  @Test
  void namesWhereARequestsBatchIsCutShortOrOverrun() throws IOException {
    byte[] batch = fullBatch().toByteArray();
    byte[] longer = concat(raw(out -> {
      out.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      out.writeUInt32NoTag(batch.length + 10);
    }), batch);
    assertThat(failure(longer, Container.INGEST_EVENT_BATCH_REQUEST)).hasMessage("after events[2], byte "
        + longer.length + ": the input ends inside event_batch, which was to end at byte " + (longer.length + 10)
        + "; check that the input is complete and is a binary IngestEventBatchRequest");

    byte[] shorter = concat(raw(out -> {
      out.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      out.writeUInt32NoTag(batch.length - 30);
    }), batch);
    assertThat(protobufParse(shorter, Container.INGEST_EVENT_BATCH_REQUEST)).isNull();
    assertThat(failure(shorter, Container.INGEST_EVENT_BATCH_REQUEST))
        .hasMessageContaining("runs past the end of event_batch at byte " + (shorter.length - 30));
  }

  @Test
  void namesTheEventAndByteOfAMalformedEvent() throws IOException {
    byte[] badUtf8 = raw(out -> {
      out.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      out.writeByteArrayNoTag(new byte[] {'e', (byte) 0xC3, '('});
    });
    byte[] bytes = concat(eventField(event(0)), raw(out -> out.writeByteArray(3, badUtf8)), eventField(event(2)));
    assertThat(protobufParse(bytes, Container.EVENT_BATCH)).isNull();

    MalformedBatchException e = failure(bytes, Container.EVENT_BATCH);
    int start = eventField(event(0)).length;
    assertThat(e.eventIndex()).isEqualTo(1);
    assertThat(e.offset()).isBetween(start + 2L, start + 2L + badUtf8.length);
    assertThat(e).hasMessage("events[1], byte " + e.offset() + ": the event is not a valid Event (Protocol message"
        + " had invalid UTF-8); check that the input is an intact binary EventBatch");
  }

  @Test
  void namesTheBatchFieldThatIsMalformed() throws IOException {
    byte[] bytes = concat(new byte[] {0x0A, 2, (byte) 0xC3, '('}, eventField(event(0)));
    assertThat(protobufParse(bytes, Container.EVENT_BATCH)).isNull();
    assertThat(failure(bytes, Container.EVENT_BATCH)).hasMessage("before the first event, byte 0: the batch's"
        + " field 1 (batch_id) is not valid (Protocol message had invalid UTF-8); check that the input is an intact"
        + " binary EventBatch");
  }

  @Test
  void refusesInvalidTagsWireTypesAndLengthsAsProtobufDoes() throws IOException {
    byte[] events = concat(eventField(event(0)), eventField(event(1)));
    int end = events.length;
    String advice = "; check that the input is an intact binary EventBatch";
    byte[] invalidWireType = concat(events, new byte[] {1 << 3 | 7, 0});
    byte[] unopenedGroup = concat(events, new byte[] {1 << 3 | WireFormat.WIRETYPE_END_GROUP});
    byte[] mismatchedGroup = concat(events, new byte[] {5 << 3 | WireFormat.WIRETYPE_START_GROUP,
        6 << 3 | WireFormat.WIRETYPE_END_GROUP});
    byte[] negativeLength = concat(events, raw(out -> {
      out.writeTag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      out.writeInt32NoTag(-1);
    }));
    byte[] zeroTag = concat(events, new byte[] {0, 0});
    byte[] malformedVarint = concat(events, new byte[] {8, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1});

    for (byte[] bytes : List.of(invalidWireType, unopenedGroup, mismatchedGroup, negativeLength, zeroTag, malformedVarint)) {
      assertThat(protobufParse(bytes, Container.EVENT_BATCH)).isNull();
      assertThat(failure(bytes, Container.EVENT_BATCH).eventIndex()).isEqualTo(2);
    }
    assertThat(failure(invalidWireType, Container.EVENT_BATCH))
        .hasMessage("after events[1], byte " + end + ": field 1 has the invalid wire type 7" + advice);
    assertThat(failure(unopenedGroup, Container.EVENT_BATCH))
        .hasMessage("after events[1], byte " + end + ": an end-group tag for field 1 closes no group" + advice);
    assertThat(failure(mismatchedGroup, Container.EVENT_BATCH))
        .hasMessage("after events[1], byte " + end + ": an end-group tag for field 6 closes no group" + advice);
    assertThat(failure(negativeLength, Container.EVENT_BATCH))
        .hasMessage("events[2], byte " + end + ": the length of the event is negative" + advice);
    assertThat(failure(zeroTag, Container.EVENT_BATCH)).hasMessage("after events[1], byte " + end
        + ": malformed protobuf (Protocol message contained an invalid tag (zero))" + advice);
    assertThat(failure(malformedVarint, Container.EVENT_BATCH)).hasMessage("after events[1], byte " + end
        + ": malformed protobuf (CodedInputStream encountered a malformed varint)" + advice);
  }

  @Test
  void refusesWhatIsNotABinaryBatch() throws IOException {
    byte[] json = "{\"events\": [{\"eventId\": \"e1\"}]}".getBytes(StandardCharsets.UTF_8);
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};
    for (byte[] garbage : List.of(json, png)) {
      for (Container container : List.of(Container.EVENT_BATCH, Container.INGEST_EVENT_BATCH_REQUEST)) {
        assertThat(protobufParse(garbage, container)).isNull();
        assertThat(failure(garbage, container)).hasMessageEndingWith(" binary " + (container
            == Container.EVENT_BATCH ? "EventBatch" : "IngestEventBatchRequest"));
      }
    }
  }

  /** Truncates, overwrites, inserts or deletes bytes of valid inputs, with a fixed seed. */
  @Test
  void readsMutatedInputsExactlyAsProtobufParsesThem() throws IOException {
    EventBatch batch = fullBatch().toBuilder().setUnknownFields(unknownFields()).build();
    byte[] request = concat(
        IngestEventBatchRequest.newBuilder().setEventBatch(batch).build().toByteArray(),
        IngestEventBatchRequest.newBuilder().setEventBatch(EventBatch.newBuilder().setBatchId("again")
            .addEvents(richEvent(3))).setUnknownFields(unknownFields()).build().toByteArray());
    Random random = new Random(20240611);
    for (Container container : List.of(Container.EVENT_BATCH, Container.INGEST_EVENT_BATCH_REQUEST)) {
      byte[] valid = container == Container.EVENT_BATCH ? batch.toByteArray() : request;
      int parsed = 0;
      int refused = 0;
      for (int i = 0; i < 1500; i++) {
        byte[] mutant = mutate(valid, random);
        if (assertReadsLikeProtobuf(mutant, container)) {
          parsed++;
        } else {
          refused++;
        }
      }
      assertThat(parsed).as("mutants protobuf parses").isGreaterThan(100);
      assertThat(refused).as("mutants protobuf refuses").isGreaterThan(100);
    }
  }

  static byte[] mutate(byte[] valid, Random random) {
    int at = random.nextInt(valid.length);
    byte[] mutant = valid.clone();
    switch (random.nextInt(4)) {
      case 0 -> {
        return Arrays.copyOf(valid, at);
      }
      case 1 -> mutant[at] = (byte) random.nextInt(256);
      case 2 -> {
        mutant = new byte[valid.length + 1];
        System.arraycopy(valid, 0, mutant, 0, at);
        mutant[at] = (byte) random.nextInt(256);
        System.arraycopy(valid, at, mutant, at + 1, valid.length - at);
      }
      default -> {
        mutant = new byte[valid.length - 1];
        System.arraycopy(valid, 0, mutant, 0, at);
        System.arraycopy(valid, at + 1, mutant, at, valid.length - at - 1);
      }
    }
    return mutant;
  }

  // --- size and state ------------------------------------------------------------------------

  /** A head, then one part repeated, then a tail, made up as it is read. */
  static final class RepeatingInput extends InputStream {
    private final byte[] head;
    private final byte[] part;
    private final byte[] tail;
    private final long partsEnd;
    private final long length;
    private long pos;

    RepeatingInput(byte[] head, byte[] part, long times, byte[] tail) {
      this.head = head;
      this.part = part;
      this.tail = tail;
      this.partsEnd = head.length + part.length * times;
      this.length = partsEnd + tail.length;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= length) {
        return -1;
      }
      byte[] source;
      int from;
      if (pos < head.length) {
        source = head;
        from = (int) pos;
      } else if (pos < partsEnd) {
        source = part;
        from = (int) ((pos - head.length) % part.length);
      } else {
        source = tail;
        from = (int) (pos - partsEnd);
      }
      int n = Math.min(len, source.length - from);
      System.arraycopy(source, from, b, off, n);
      pos += n;
      return n;
    }
  }

  @Test
  void readsAnInputLargerThanTwoGibibytes() throws IOException {
    Event big = event(0).toBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
        .addField(1000, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFrom(new byte[1 << 20])).build())
        .build()).build();
    int times = 2100;
    byte[] head = EventBatch.newBuilder().setBatchId("big").build().toByteArray();
    byte[] tail = EventBatch.newBuilder().setTotalTokens(7).build().toByteArray();
    byte[] part = eventField(big);
    assertThat((long) part.length * times).isGreaterThan(1L << 31);

    BinaryBatchReader reader = new BinaryBatchReader(new RepeatingInput(head, part, times, tail), Container.EVENT_BATCH,
        2 << 20);
    int count = 0;
    for (Optional<Event> e; (e = reader.next()).isPresent(); count++) {
      assertThat(e.get().getEventId()).isEqualTo("evt-0");
    }
    assertThat(count).isEqualTo(times);
    assertThat(reader.batch()).isEqualTo(EventBatch.newBuilder().setBatchId("big").setTotalTokens(7).build());
  }

  @Test
  void knowsTheBatchsFieldsOnlyAtTheEnd() throws IOException {
    BinaryBatchReader reader = new BinaryBatchReader(new ByteArrayInputStream(fullBatch().toByteArray()),
        Container.EVENT_BATCH, MAX);
    assertThat(reader.next()).isPresent();
    assertThatThrownBy(reader::batch).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new BinaryBatchReader(InputStream.nullInputStream(), Container.EVENT, MAX))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // --- detection ------------------------------------------------------------------------------

  static Optional<Container> detect(byte[] input, int prefix, boolean lengthKnown) {
    byte[] head = Arrays.copyOf(input, Math.min(prefix, input.length));
    return BinaryBatchReader.detect(head, lengthKnown ? input.length : -1);
  }

  @Test
  void detectsABatchOrARequestFromAPrefix() throws IOException {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      events.add(richEvent(i));
    }
    EventBatch batch = fullBatch().toBuilder().addAllEvents(events).build();
    byte[] batchBytes = batch.toByteArray();
    byte[] requestBytes = IngestEventBatchRequest.newBuilder().setEventBatch(batch).build().toByteArray();
    byte[] eventsOnly = EventBatch.newBuilder().addAllEvents(events).build().toByteArray();
    assertThat(batchBytes.length).isGreaterThan(1 << 16);

    for (int prefix : new int[] {1 << 16, 1000, 333, 60}) {
      for (boolean lengthKnown : new boolean[] {true, false}) {
        assertThat(detect(batchBytes, prefix, lengthKnown)).as("%d %s", prefix, lengthKnown).contains(Container.EVENT_BATCH);
        assertThat(detect(eventsOnly, prefix, lengthKnown)).contains(Container.EVENT_BATCH);
        assertThat(detect(requestBytes, prefix, lengthKnown)).contains(Container.INGEST_EVENT_BATCH_REQUEST);
      }
    }
    assertThat(detect(fullBatch().toByteArray(), 1 << 16, true)).contains(Container.EVENT_BATCH);
    byte[] shortRequest = IngestEventBatchRequest.newBuilder().setEventBatch(fullBatch()).build().toByteArray();
    assertThat(detect(shortRequest, 1 << 16, true)).contains(Container.INGEST_EVENT_BATCH_REQUEST);
    assertThat(detect(concat(shortRequest, shortRequest), 1 << 16, true)).contains(Container.INGEST_EVENT_BATCH_REQUEST);
    try (InputStream in = BinaryBatchReaderTest.class.getResourceAsStream("/vectors/python-sdk/02-events_batch.bin")) {
      assertThat(detect(in.readAllBytes(), 1 << 16, true)).contains(Container.INGEST_EVENT_BATCH_REQUEST);
    }
  }

  @Test
  void detectsNeitherInWhatIsNoBatch() throws IOException {
    byte[] batch = fullBatch().toByteArray();
    byte[] request = IngestEventBatchRequest.newBuilder().setEventBatch(fullBatch()).build().toByteArray();
    try (InputStream in = BinaryBatchReaderTest.class.getResourceAsStream("/vectors/python-sdk/01-events.bin")) {
      assertThat(detect(in.readAllBytes(), 1 << 16, true)).isEmpty();
    }
    assertThat(detect(richEvent(0).toByteArray(), 1 << 16, true)).isEmpty();
    assertThat(detect(IngestEventRequest.newBuilder().setEvent(richEvent(0)).build().toByteArray(), 1 << 16, false))
        .isEmpty();
    assertThat(detect(new byte[0], 1 << 16, true)).isEmpty();
    assertThat(detect("{\"events\": []}\n".getBytes(StandardCharsets.UTF_8), 1 << 16, true)).isEmpty();
    assertThat(detect(fullBatch().toBuilder().clearEvents().build().toByteArray(), 1 << 16, true))
        .as("no event in view").isEmpty();
    assertThat(detect(fullBatch().toBuilder().setUnknownFields(unknownFields()).build().toByteArray(), 1 << 16, true))
        .as("an unknown field").isEmpty();
    assertThat(BinaryBatchReader.detect(Arrays.copyOf(batch, batch.length - 1), batch.length - 1L))
        .as("the last field is cut short").isEmpty();
    assertThat(BinaryBatchReader.detect(Arrays.copyOf(request, request.length - 1), request.length - 1L)).isEmpty();
    assertThatThrownBy(() -> BinaryBatchReader.detect(batch, batch.length - 1L)).isInstanceOf(IllegalArgumentException.class);
  }
}
