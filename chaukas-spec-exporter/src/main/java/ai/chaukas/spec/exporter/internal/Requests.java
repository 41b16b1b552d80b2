package ai.chaukas.spec.exporter.internal;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Encodes ingest requests from events already serialized, without parsing or serializing them
 * again: an {@code IngestEventBatchRequest} is field 1, an {@code EventBatch} of {@code batch_id}
 * (1), {@code timestamp} (2) and {@code events} (3); an {@code IngestEventRequest} is field 1, the
 * event. The bytes are what the generated messages would write.
 */
public final class Requests {

  private static final int EVENT_BATCH = 1;
  private static final int BATCH_ID = 1;
  private static final int TIMESTAMP = 2;
  private static final int EVENTS = 3;
  private static final int SECONDS = 1;
  private static final int NANOS = 2;

  private Requests() {}

  /**
   * Whether {@code batch} goes as an {@code IngestEventRequest} (one event, sent without a batch)
   * rather than an {@code IngestEventBatchRequest}.
   */
  public static boolean single(Batch batch) {
    return batch.events.size() == 1;
  }

  /** Bytes of the request for {@code batch}: see {@link #single}. */
  public static int size(Batch batch) {
    if (single(batch)) {
      return eventField(batch.events.get(0).size());
    }
    int inner = batchSize(batch.batchId, batch.timestampMicros, batch.events);
    return CodedOutputStream.computeTagSize(EVENT_BATCH)
        + CodedOutputStream.computeUInt32SizeNoTag(inner) + inner;
  }

  /** Writes the request for {@code batch}, {@link #size} bytes, to {@code out}. */
  public static void writeTo(Batch batch, CodedOutputStream out) throws IOException {
    if (single(batch)) {
      // IngestEventRequest.event is field 1.
      batch.events.get(0).writeTo(out, 1);
      return;
    }
    out.writeTag(EVENT_BATCH, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    out.writeUInt32NoTag(batchSize(batch.batchId, batch.timestampMicros, batch.events));
    out.writeString(BATCH_ID, batch.batchId);
    out.writeTag(TIMESTAMP, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    out.writeUInt32NoTag(timestampSize(batch.timestampMicros));
    writeTimestamp(out, batch.timestampMicros);
    for (Pending event : batch.events) {
      event.writeTo(out, EVENTS);
    }
  }

  /** The request for {@code batch} as one array. */
  public static byte[] toBytes(Batch batch) {
    byte[] out = new byte[size(batch)];
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    try {
      writeTo(batch, coded);
      coded.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Bytes of an {@code EventBatch} with this id and timestamp and no event. */
  public static int emptyBatch(String batchId, long timestampMicros) {
    return batchSize(batchId, timestampMicros, List.of());
  }

  /** Bytes an event of {@code eventSize} bytes adds to an {@code EventBatch}. */
  public static int eventField(int eventSize) {
    return CodedOutputStream.computeTagSize(EVENTS)
        + CodedOutputStream.computeUInt32SizeNoTag(eventSize) + eventSize;
  }

  /** Bytes of an {@code IngestEventBatchRequest} whose {@code EventBatch} has {@code batchBytes}. */
  public static long request(long batchBytes) {
    return CodedOutputStream.computeTagSize(EVENT_BATCH)
        + CodedOutputStream.computeUInt32SizeNoTag((int) Math.min(batchBytes, Integer.MAX_VALUE))
        + batchBytes;
  }

  private static int batchSize(String batchId, long timestampMicros, List<Pending> events) {
    int size = CodedOutputStream.computeStringSize(BATCH_ID, batchId)
        + CodedOutputStream.computeTagSize(TIMESTAMP)
        + CodedOutputStream.computeUInt32SizeNoTag(timestampSize(timestampMicros))
        + timestampSize(timestampMicros);
    for (Pending event : events) {
      size += CodedOutputStream.computeTagSize(EVENTS)
          + CodedOutputStream.computeUInt32SizeNoTag(event.size()) + event.size();
    }
    return size;
  }

  private static int timestampSize(long micros) {
    long seconds = Math.floorDiv(micros, 1_000_000L);
    int nanos = (int) Math.floorMod(micros, 1_000_000L) * 1000;
    return (seconds == 0 ? 0 : CodedOutputStream.computeInt64Size(SECONDS, seconds))
        + (nanos == 0 ? 0 : CodedOutputStream.computeInt32Size(NANOS, nanos));
  }

  private static void writeTimestamp(CodedOutputStream coded, long micros) throws IOException {
    long seconds = Math.floorDiv(micros, 1_000_000L);
    int nanos = (int) Math.floorMod(micros, 1_000_000L) * 1000;
    if (seconds != 0) {
      coded.writeInt64(SECONDS, seconds);
    }
    if (nanos != 0) {
      coded.writeInt32(NANOS, nanos);
    }
  }
}
