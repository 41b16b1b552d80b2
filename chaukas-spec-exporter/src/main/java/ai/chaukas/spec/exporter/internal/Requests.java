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

  /** Bytes of an {@code IngestEventRequest} holding the event. */
  public static byte[] single(Pending event) {
    byte[] out = new byte[eventField(event.size())];
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    try {
      event.writeTo(coded, 1);
      coded.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Bytes of the {@code IngestEventBatchRequest} of {@code batch}. */
  public static byte[] batch(Batch batch) {
    int inner = batchSize(batch.batchId, batch.timestampMicros, batch.events);
    byte[] out = new byte[CodedOutputStream.computeTagSize(EVENT_BATCH)
        + CodedOutputStream.computeUInt32SizeNoTag(inner) + inner];
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    try {
      coded.writeTag(EVENT_BATCH, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      coded.writeUInt32NoTag(inner);
      coded.writeString(BATCH_ID, batch.batchId);
      coded.writeTag(TIMESTAMP, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      coded.writeUInt32NoTag(timestampSize(batch.timestampMicros));
      writeTimestamp(coded, batch.timestampMicros);
      for (Pending event : batch.events) {
        event.writeTo(coded, EVENTS);
      }
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
