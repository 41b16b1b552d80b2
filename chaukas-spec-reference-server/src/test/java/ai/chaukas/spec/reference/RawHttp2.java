package ai.chaukas.spec.reference;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An HTTP/2 client written frame by frame on a plain socket, for what well-behaved clients never
 * do: opening a connection and sending nothing, giving the server a flow-control window of zero,
 * leaving a request unfinished, opening more streams than allowed. Headers are HPACK-encoded with
 * Netty's encoder; everything else is written by hand.
 */
final class RawHttp2 implements AutoCloseable {

  static final int DATA = 0x0;
  static final int HEADERS = 0x1;
  static final int RST_STREAM = 0x3;
  static final int SETTINGS = 0x4;
  static final int GOAWAY = 0x7;
  static final int END_STREAM = 0x1;
  static final int END_HEADERS = 0x4;
  static final int REFUSED_STREAM = 0x7;

  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** One frame as read: its type, flags, stream and payload; the decoded headers of a HEADERS frame. */
  record Frame(int type, int flags, int stream, byte[] payload, Http2Headers headers) {
    /** The error code of an RST_STREAM or GOAWAY frame. */
    int errorCode() {
      int at = type == GOAWAY ? 4 : 0;
      return ((payload[at] & 0xff) << 24) | ((payload[at + 1] & 0xff) << 16)
          | ((payload[at + 2] & 0xff) << 8) | (payload[at + 3] & 0xff);
    }
  }

  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  private final DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder();
  private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();

  private RawHttp2(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new DataInputStream(socket.getInputStream());
  }

  /** A TCP connection only: nothing is sent. */
  static RawHttp2 connect(InetSocketAddress address) throws IOException {
    Socket socket = new Socket();
    socket.connect(address, 5_000);
    return new RawHttp2(socket);
  }

  /** Sends the client preface and a SETTINGS frame with this initial stream window. */
  RawHttp2 preface(int initialWindowSize) throws IOException {
    out.write(PREFACE);
    byte[] setting = new byte[6];
    setting[1] = 0x4; // SETTINGS_INITIAL_WINDOW_SIZE
    setting[2] = (byte) (initialWindowSize >>> 24);
    setting[3] = (byte) (initialWindowSize >>> 16);
    setting[4] = (byte) (initialWindowSize >>> 8);
    setting[5] = (byte) initialWindowSize;
    frame(SETTINGS, 0, 0, setting);
    return this;
  }

  /**
   * Reads up to the server's SETTINGS and acknowledges them, as real clients do: the server
   * applies its stream limit from then on.
   */
  RawHttp2 ackSettings() throws IOException {
    Frame frame;
    do {
      frame = read(Duration.ofSeconds(10));
    } while (frame != null && (frame.type() != SETTINGS || (frame.flags() & 0x1) != 0));
    frame(SETTINGS, 0x1, 0, new byte[0]);
    return this;
  }

  /**
   * Sends the headers of a POST of {@code contentType} to {@code path} on {@code stream}, with
   * {@code more} headers as name, value, name, value...
   */
  void post(int stream, String path, String contentType, boolean endStream, String... more)
      throws IOException {
    Http2Headers headers = new DefaultHttp2Headers()
        .method("POST").scheme("http").authority("localhost").path(path)
        .add("content-type", contentType).add("te", "trailers");
    for (int i = 0; i < more.length; i += 2) {
      headers.add(more[i], more[i + 1]);
    }
    ByteBuf block = Unpooled.buffer();
    try {
      encoder.encodeHeaders(stream, headers, block);
    } catch (Http2Exception e) {
      throw new IOException(e);
    }
    byte[] bytes = new byte[block.readableBytes()];
    block.readBytes(bytes);
    block.release();
    frame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), stream, bytes);
  }

  /** Sends a gRPC call to {@code path} with {@code message} as its one request message. */
  void grpc(int stream, String path, byte[] message) throws IOException {
    post(stream, path, "application/grpc", false);
    byte[] framed = new byte[5 + message.length];
    framed[1] = (byte) (message.length >>> 24);
    framed[2] = (byte) (message.length >>> 16);
    framed[3] = (byte) (message.length >>> 8);
    framed[4] = (byte) message.length;
    System.arraycopy(message, 0, framed, 5, message.length);
    frame(DATA, END_STREAM, stream, framed);
  }

  void frame(int type, int flags, int stream, byte[] payload) throws IOException {
    byte[] header = {
      (byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
      (byte) type, (byte) flags,
      (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream
    };
    out.write(header);
    out.write(payload);
    out.flush();
  }

  /** Writes raw bytes, such as part of an HTTP/1.1 request. */
  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** The next frame, or null when the server closed the connection. */
  Frame read(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    try {
      int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
      int type = in.readUnsignedByte();
      int flags = in.readUnsignedByte();
      int stream = in.readInt() & 0x7fffffff;
      byte[] payload = new byte[length];
      in.readFully(payload);
      return new Frame(type, flags, stream, payload, type == HEADERS ? decode(stream, payload) : null);
    } catch (EOFException closed) {
      return null;
    }
  }

  /** Every HEADERS frame is decoded as read, since HPACK's table depends on all of them. */
  private Http2Headers decode(int stream, byte[] payload) throws IOException {
    ByteBuf block = Unpooled.wrappedBuffer(payload);
    try {
      return decoder.decodeHeaders(stream, block);
    } catch (Http2Exception e) {
      throw new IOException(e);
    } finally {
      block.release();
    }
  }

  /**
   * Whether the server closes the connection within {@code timeout}, reading and dropping
   * whatever it sends meanwhile.
   */
  boolean closedWithin(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    socket.setSoTimeout(250);
    byte[] sink = new byte[8192];
    while (System.nanoTime() < deadline) {
      try {
        int n = socket.getInputStream().read(sink);
        if (n < 0) {
          return true;
        }
        received.write(sink, 0, n);
      } catch (SocketTimeoutException stillOpen) {
        // Keep waiting until the deadline.
      } catch (IOException reset) {
        return true;
      }
    }
    return false;
  }

  /** What {@link #closedWithin} read, as ASCII: an HTTP/1.1 reply, say. */
  String received() {
    return received.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
