package ai.chaukas.spec.reference;

import ai.chaukas.spec.server.v1.IngestEventRequest;
import ai.chaukas.spec.toolkit.validation.EventValidator;
import ai.chaukas.spec.toolkit.validation.SerializedEvent;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * An {@code IngestEventRequest} as it arrived, its event left as a range of the received bytes, to
 * be validated where it lies and stored as received (see {@link RawEventBatch}).
 */
final class RawIngestEvent {

  /** Tag of IngestEventRequest.event (field 1, length-delimited). */
  private static final int EVENT_TAG =
      (IngestEventRequest.EVENT_FIELD_NUMBER << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;

  /** Reads requests as received; writes them back unchanged. */
  static final MethodDescriptor.Marshaller<RawIngestEvent> MARSHALLER =
      Received.marshaller(RawIngestEvent::read, request -> request.request);

  private final byte[] request;
  private final byte[] event;
  private final int start;
  private final int length;

  private RawIngestEvent(byte[] request, byte[] event, int start, int length) {
    this.request = request;
    this.event = event;
    this.start = start;
    this.length = length;
  }

  /**
   * Reads a serialized request. An {@code event} field sent more than once is merged, as protobuf
   * merges it: the parts are joined, which parses to the merged message.
   *
   * @throws IOException if the bytes are not an IngestEventRequest
   */
  static RawIngestEvent read(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    int start = -1;
    int length = 0;
    ByteArrayOutputStream joined = null;
    for (int tag; (tag = in.readTag()) != 0; ) {
      if (tag != EVENT_TAG) {
        in.skipField(tag);
        continue;
      }
      int partLength = in.readRawVarint32();
      int partStart = in.getTotalBytesRead();
      in.skipRawBytes(partLength);
      if (start < 0) {
        start = partStart;
        length = partLength;
      } else {
        if (joined == null) {
          joined = new ByteArrayOutputStream();
          joined.write(bytes, start, length);
        }
        joined.write(bytes, partStart, partLength);
      }
    }
    if (joined != null) {
      byte[] merged = joined.toByteArray();
      return new RawIngestEvent(bytes, merged, 0, merged.length);
    }
    return new RawIngestEvent(bytes, start < 0 ? null : bytes, start, length);
  }

  /** The size of the request as received. */
  int receivedBytes() {
    return request.length;
  }

  /** Whether the request has {@code event}. */
  boolean hasEvent() {
    return event != null;
  }

  /**
   * Validates the event where it lies.
   *
   * @throws InvalidProtocolBufferException if its bytes are not an Event
   */
  SerializedEvent validate(EventValidator validator) throws InvalidProtocolBufferException {
    return validator.validateSerialized(event, start, length);
  }
}
