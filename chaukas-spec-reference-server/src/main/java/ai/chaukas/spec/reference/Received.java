package ai.chaukas.spec.reference;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.Function;

/** Reading a received request's bytes, for the marshallers that keep them. */
final class Received {

  private Received() {}

  /** Reads a request from its bytes. */
  interface Reader<T> {
    /**
     * The request in {@code bytes}.
     *
     * @throws IOException if the bytes are not one
     */
    T read(byte[] bytes) throws IOException;
  }

  /**
   * A marshaller that reads a request's bytes with {@code read} and writes {@code bytes} back.
   * Bytes that are not a request fail to parse with an {@link UncheckedIOException} saying why.
   */
  static <T> MethodDescriptor.Marshaller<T> marshaller(Reader<T> read, Function<T, byte[]> bytes) {
    return new MethodDescriptor.Marshaller<>() {
      @Override
      public InputStream stream(T value) {
        return new ByteArrayInputStream(bytes.apply(value));
      }

      @Override
      public T parse(InputStream stream) {
        try {
          return read.read(Received.bytes(stream));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  /**
   * All of {@code stream}: gRPC's streams know their length, so the bytes are read into one array
   * of the right size, with no intermediate buffers.
   */
  static byte[] bytes(InputStream stream) {
    if (stream instanceof Stream received && received.unread()) {
      return received.bytes;
    }
    try {
      int known = stream.available();
      if (known == 0) {
        return stream.readAllBytes();
      }
      byte[] bytes = new byte[known];
      int read = stream.readNBytes(bytes, 0, known);
      if (read < known) {
        return Arrays.copyOf(bytes, read);
      }
      byte[] rest = stream.readAllBytes();
      if (rest.length == 0) {
        return bytes;
      }
      byte[] all = Arrays.copyOf(bytes, known + rest.length);
      System.arraycopy(rest, 0, all, known, rest.length);
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Bytes already read off the transport, handed on without another copy. */
  static final class Stream extends ByteArrayInputStream {
    private final byte[] bytes;

    Stream(byte[] bytes) {
      super(bytes);
      this.bytes = bytes;
    }

    /** Whether nothing has been read from it yet. */
    boolean unread() {
      return pos == 0 && count == bytes.length;
    }
  }
}
