package ai.chaukas.spec.testing.internal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * gRPC calls whose requests and replies are the bytes on the wire: to send what no generated stub
 * would (malformed requests), or to serialise every request before a load driver's clock starts.
 */
public final class RawCalls {

  /** Byte arrays as they are; gRPC learns each one's length up front and copies it in one write. */
  public static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new BytesStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private RawCalls() {}

  /** The generated {@code method}'s name and type, with requests and replies passed as bytes. */
  public static MethodDescriptor<byte[], byte[]> withBytes(MethodDescriptor<?, ?> method) {
    return method.toBuilder(BYTES, BYTES).build();
  }

  /** Sends {@code bytes} as the request of {@code method}; the status the call ends with. */
  public static Status call(Channel channel, MethodDescriptor<?, ?> method, byte[] bytes) {
    StatusRuntimeException refused = refusal(channel, method, bytes);
    return refused == null ? Status.OK : refused.getStatus();
  }

  /**
   * Sends {@code bytes} as the request of {@code method}; how the call failed, with its trailers
   * (for {@code StatusProto.fromThrowable}), or null when it succeeded.
   */
  public static StatusRuntimeException refusal(Channel channel, MethodDescriptor<?, ?> method, byte[] bytes) {
    try {
      ClientCalls.blockingUnaryCall(channel, withBytes(method), CallOptions.DEFAULT, bytes);
      return null;
    } catch (StatusRuntimeException e) {
      return e;
    }
  }

  private static final class BytesStream extends ByteArrayInputStream implements KnownLength, Drainable {
    BytesStream(byte[] bytes) {
      super(bytes);
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
      int length = count - pos;
      target.write(buf, pos, length);
      pos = count;
      return length;
    }
  }
}
