package ai.chaukas.spec.testkit.server;

import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@code IngestEventBatchRequest} together with each event's bytes exactly as they arrived, so
 * the store keeps those instead of serializing every event again (which a profile showed to be
 * the largest cost of batch ingest).
 *
 * @param request the parsed request
 * @param rawEvents the wire bytes of {@code request.event_batch.events[i]}, or null when they could
 *     not be matched one to one (then the events are serialized again)
 */
record RawEventBatch(IngestEventBatchRequest request, List<byte[]> rawEvents) {

  /** Tag of IngestEventBatchRequest.event_batch (field 1, length-delimited). */
  private static final int EVENT_BATCH_TAG = (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  /** Tag of EventBatch.events (field 3, length-delimited). */
  private static final int EVENTS_TAG = (3 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;

  /** Reads requests keeping the events' bytes; writes them as the plain request. */
  static final MethodDescriptor.Marshaller<RawEventBatch> MARSHALLER =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(RawEventBatch value) {
          return new ByteArrayInputStream(value.request().toByteArray());
        }

        @Override
        public RawEventBatch parse(InputStream stream) {
          try {
            byte[] bytes = stream.readAllBytes();
            IngestEventBatchRequest request = IngestEventBatchRequest.parseFrom(bytes);
            List<byte[]> raw = eventSlices(bytes);
            return new RawEventBatch(
                request, raw != null && raw.size() == request.getEventBatch().getEventsCount() ? raw : null);
          } catch (IOException e) {
            throw Status.INTERNAL
                .withDescription("invalid IngestEventBatchRequest: " + e.getMessage())
                .withCause(e)
                .asRuntimeException();
          }
        }
      };

  /** The bytes of every {@code event_batch.events} element, in order (repeated batches merge). */
  private static List<byte[]> eventSlices(byte[] bytes) throws IOException {
    List<byte[]> events = new ArrayList<>();
    CodedInputStream outer = CodedInputStream.newInstance(bytes);
    for (int tag; (tag = outer.readTag()) != 0; ) {
      if (tag != EVENT_BATCH_TAG) {
        outer.skipField(tag);
        continue;
      }
      int length = outer.readRawVarint32();
      int start = outer.getTotalBytesRead();
      CodedInputStream batch = CodedInputStream.newInstance(bytes, start, length);
      for (int inner; (inner = batch.readTag()) != 0; ) {
        if (inner != EVENTS_TAG) {
          batch.skipField(inner);
          continue;
        }
        int eventLength = batch.readRawVarint32();
        int eventStart = start + batch.getTotalBytesRead();
        events.add(java.util.Arrays.copyOfRange(bytes, eventStart, eventStart + eventLength));
        batch.skipRawBytes(eventLength);
      }
      outer.skipRawBytes(length);
    }
    return events;
  }
}
