package ai.chaukas.spec.reference;

import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import ai.chaukas.spec.toolkit.validation.EventValidator;
import ai.chaukas.spec.toolkit.validation.SerializedEvent;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.util.Arrays;

/**
 * An {@code IngestEventBatchRequest} as it arrived: the batch's own fields parsed, its events left
 * as ranges of the received bytes. Each event is validated where it lies ({@link
 * EventValidator#validateSerialized}) and an accepted one is stored as that range, so ingest neither
 * parses valid events nor serializes them again; a profile showed those to be most of its cost.
 * Parsing the request the usual way gives the same batch fields and the same events in the same
 * order, repeated {@code event_batch} fields included (protobuf merges those).
 */
final class RawEventBatch {

  /** Tag of IngestEventBatchRequest.event_batch (field 1, length-delimited). */
  private static final int EVENT_BATCH_TAG =
      (IngestEventBatchRequest.EVENT_BATCH_FIELD_NUMBER << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  /** Tag of EventBatch.events (field 3, length-delimited). */
  private static final int EVENTS_TAG =
      (EventBatch.EVENTS_FIELD_NUMBER << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;

  /** Reads requests as received; writes them back unchanged. */
  static final MethodDescriptor.Marshaller<RawEventBatch> MARSHALLER =
      Received.marshaller(RawEventBatch::read, request -> request.bytes);

  private final byte[] bytes;
  private final boolean hasEventBatch;
  private final EventBatch fields;
  private final int[] starts;
  private final int[] lengths;
  private final int eventCount;

  private RawEventBatch(
      byte[] bytes,
      boolean hasEventBatch,
      EventBatch fields,
      int[] starts,
      int[] lengths,
      int count) {
    this.bytes = bytes;
    this.hasEventBatch = hasEventBatch;
    this.fields = fields;
    this.starts = starts;
    this.lengths = lengths;
    this.eventCount = count;
  }

  /**
   * Reads a serialized request.
   *
   * @throws IOException if the bytes are not an IngestEventBatchRequest
   */
  static RawEventBatch read(byte[] bytes) throws IOException {
    boolean hasEventBatch = false;
    EventBatch.Builder fields = EventBatch.newBuilder();
    int[] starts = new int[16];
    int[] lengths = new int[16];
    int count = 0;
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    for (int tag; (tag = in.readTag()) != 0; ) {
      if (tag != EVENT_BATCH_TAG) {
        in.skipField(tag);
        continue;
      }
      hasEventBatch = true;
      int limit = in.pushLimit(in.readRawVarint32());
      while (true) {
        int fieldStart = in.getTotalBytesRead();
        int inner = in.readTag();
        if (inner == 0) {
          break;
        }
        if (inner == EVENTS_TAG) {
          int eventLength = in.readRawVarint32();
          if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
          }
          starts[count] = in.getTotalBytesRead();
          lengths[count] = eventLength;
          count++;
          in.skipRawBytes(eventLength);
        } else {
          // The batch's own fields merge as protobuf would merge them.
          in.skipField(inner);
          fields.mergeFrom(bytes, fieldStart, in.getTotalBytesRead() - fieldStart);
        }
      }
      in.popLimit(limit);
    }
    return new RawEventBatch(bytes, hasEventBatch, fields.build(), starts, lengths, count);
  }

  /** Whether the request has {@code event_batch}. */
  boolean hasEventBatch() {
    return hasEventBatch;
  }

  /** The batch's own fields: everything but its events. */
  EventBatch fields() {
    return fields;
  }

  /** The size of the request as received. */
  int receivedBytes() {
    return bytes.length;
  }

  /** How many events the batch holds. */
  int eventCount() {
    return eventCount;
  }

  /**
   * Validates event {@code index} where it lies.
   *
   * @throws InvalidProtocolBufferException if its bytes are not an Event
   */
  SerializedEvent validate(EventValidator validator, int index) throws InvalidProtocolBufferException {
    return validator.validateSerialized(bytes, starts[index], lengths[index]);
  }
}
