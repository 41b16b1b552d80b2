package ai.chaukas.spec.exporter.internal;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc;
import ai.chaukas.spec.server.v1.IngestEventBatchResponse;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ConnectivityState;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends to {@code chaukas.spec.client.v1.ChaukasClientService}: {@code IngestEvent} for a batch of
 * one event, {@code IngestEventBatch} otherwise, with a deadline per call and the API key as
 * {@code authorization} metadata. The reply of a batch is read as the server's {@code
 * IngestEventBatchResponse}, a superset of the client's empty one, so that {@code
 * rejected_event_ids} reach the listener.
 */
public final class GrpcTransport implements Transport {

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> PUSHBACK =
      Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER);
  /** Replies, kept as bytes: a batch's is parsed as the server's response. */
  private static final MethodDescriptor.Marshaller<byte[]> REPLY =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
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
  /**
   * Requests, written by {@link Requests} straight into gRPC's buffers as the call sends them:
   * no array per request.
   */
  private static final MethodDescriptor.Marshaller<Batch> REQUEST =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(Batch value) {
          return new RequestStream(value);
        }

        @Override
        public Batch parse(InputStream stream) {
          throw new UnsupportedOperationException("the exporter only sends requests");
        }
      };
  // Declared after the marshallers, which they use.
  private static final MethodDescriptor<Batch, byte[]> INGEST_BATCH =
      raw(ChaukasClientServiceGrpc.getIngestEventBatchMethod());
  private static final MethodDescriptor<Batch, byte[]> INGEST =
      raw(ChaukasClientServiceGrpc.getIngestEventMethod());

  private final Channel channel;
  private final ManagedChannel owned;
  private final String apiKey;

  /**
   * @param channel where calls go
   * @param owned the channel to shut down on close, when this transport made it; or null
   * @param apiKey sent as {@code authorization: Bearer KEY}, or null
   */
  public GrpcTransport(Channel channel, ManagedChannel owned, String apiKey) {
    this.channel = channel;
    this.owned = owned;
    this.apiKey = apiKey;
  }

  @Override
  public CompletableFuture<Outcome> send(Batch batch, Duration timeout) {
    // After an outage the channel waits its own reconnect backoff (up to two minutes) before it
    // tries again; the exporter's retries are paced already, so each one may reconnect at once.
    if (channel instanceof ManagedChannel managed
        && managed.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
      managed.resetConnectBackoff();
    }
    boolean single = Requests.single(batch);
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    Metadata headers = new Metadata();
    if (apiKey != null) {
      headers.put(AUTHORIZATION, "Bearer " + apiKey);
    }
    CallOptions options =
        CallOptions.DEFAULT.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
    try {
      ClientCalls.asyncUnaryCall(
          new HeaderCall(channel, headers).newCall(single ? INGEST : INGEST_BATCH, options),
          batch,
          new StreamObserver<>() {
            private byte[] reply = new byte[0];

            @Override
            public void onNext(byte[] value) {
              reply = value;
            }

            @Override
            public void onError(Throwable t) {
              outcome.complete(classify(Status.fromThrowable(t), Status.trailersFromThrowable(t)));
            }

            @Override
            public void onCompleted() {
              outcome.complete(single ? Outcome.delivered(Map.of()) : delivered(reply));
            }
          });
    } catch (RuntimeException e) {
      // A channel already shut down throws here rather than failing the call.
      outcome.complete(classify(Status.fromThrowable(e), null));
    }
    return outcome;
  }

  private static Outcome delivered(byte[] reply) {
    try {
      IngestEventBatchResponse response = IngestEventBatchResponse.parseFrom(reply);
      return Outcome.delivered(Outcome.listed(response.getRejectedEventIdsList(),
          "the platform listed it in rejected_event_ids (invalid, or another event has its id)"));
    } catch (InvalidProtocolBufferException e) {
      // The call succeeded; a reply that is not the server's response names no rejection.
      return Outcome.delivered(Map.of());
    }
  }

  /**
   * The next step after a failed call: RESOURCE_EXHAUSTED is the platform's memory signal when it
   * says {@code high memory usage} or pushes back, a size limit when it says a message exceeds a
   * maximum or is too large (and not that a store is full), and a full store otherwise. UNKNOWN
   * and INTERNAL are retried when they come from a broken connection, CANCELLED always.
   */
  static Outcome classify(Status status, Metadata trailers) {
    String cause = status.getCode() + (status.getDescription() == null ? ""
        : ": " + status.getDescription());
    long pushback = pushbackNanos(trailers);
    switch (status.getCode()) {
      case UNAVAILABLE:
      case DEADLINE_EXCEEDED:
      case ABORTED:
      // The exporter cancels no call it still waits for: a CANCELLED call was reset on its way
      // (a proxy, a server's stream limit or timeout), and the platform may not have stored it.
      case CANCELLED:
        return Outcome.retry(cause, pushback);
      case RESOURCE_EXHAUSTED: {
        String description = status.getDescription() == null ? "" : status.getDescription();
        if (description.contains("high memory usage") || pushback > 0) {
          return Outcome.splitForMemory(cause, pushback);
        }
        String lower = description.toLowerCase(java.util.Locale.ROOT);
        // A full store is no size limit, though its message may speak of sizes: retry it whole.
        if (!lower.contains("full") && (lower.contains("exceed") || lower.contains("too large")
            || lower.contains("larger than") || lower.contains("maximum size"))) {
          return Outcome.splitForSize(cause);
        }
        return Outcome.retry(cause, pushback);
      }
      case UNKNOWN:
      case INTERNAL:
        // With a cause, the failure happened here, not at the platform: a connection that closed
        // or broke mid-call. The platform may have stored the batch; sending it again is safe.
        return status.getCause() != null ? Outcome.retry(cause, pushback) : Outcome.rejected(cause);
      default:
        return Outcome.rejected(cause);
    }
  }

  private static long pushbackNanos(Metadata trailers) {
    String value = trailers == null ? null : trailers.get(PUSHBACK);
    if (value == null) {
      return 0;
    }
    try {
      long millis = Long.parseLong(value.trim());
      return millis > 0 ? TimeUnit.MILLISECONDS.toNanos(millis) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    if (owned != null) {
      owned.shutdownNow();
      try {
        owned.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static <Q, R> MethodDescriptor<Batch, byte[]> raw(MethodDescriptor<Q, R> method) {
    return method.toBuilder(REQUEST, REPLY).build();
  }

  /**
   * A request as gRPC reads it: of known length, and drained by writing the events into gRPC's
   * own buffers. Read byte by byte only when something other than gRPC's framer reads it.
   */
  private static final class RequestStream extends InputStream implements Drainable, KnownLength {
    private Batch batch;
    private final int size;
    private ByteArrayInputStream bytes;

    RequestStream(Batch batch) {
      this.batch = batch;
      this.size = Requests.size(batch);
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
      if (batch == null) {
        return (int) materialized().transferTo(target);
      }
      CodedOutputStream out = CodedOutputStream.newInstance(target,
          Math.min(size, CodedOutputStream.DEFAULT_BUFFER_SIZE));
      Requests.writeTo(batch, out);
      out.flush();
      consumed();
      return size;
    }

    @Override
    public long transferTo(OutputStream target) throws IOException {
      return drainTo(target);
    }

    /** The request as one array, when a transport reads it whole (in-process calls do). */
    @Override
    public byte[] readAllBytes() {
      if (batch == null) {
        return materialized().readAllBytes();
      }
      byte[] all = Requests.toBytes(batch);
      consumed();
      return all;
    }

    @Override
    public int available() {
      return batch != null ? size : materialized().available();
    }

    @Override
    public int read() {
      return materialized().read();
    }

    @Override
    public int read(byte[] into, int offset, int length) {
      return materialized().read(into, offset, length);
    }

    /** Everything was read: what is left is nothing. */
    private void consumed() {
      batch = null;
      bytes = new ByteArrayInputStream(new byte[0]);
    }

    private ByteArrayInputStream materialized() {
      if (bytes == null) {
        bytes = new ByteArrayInputStream(Requests.toBytes(batch));
        batch = null;
      }
      return bytes;
    }
  }

  /** A channel view that adds the API key to every call's headers. */
  private static final class HeaderCall extends Channel {
    private final Channel channel;
    private final Metadata headers;

    HeaderCall(Channel channel, Metadata headers) {
      this.channel = channel;
      this.headers = headers;
    }

    @Override
    public <Q, R> io.grpc.ClientCall<Q, R> newCall(
        MethodDescriptor<Q, R> method, CallOptions options) {
      return new io.grpc.ForwardingClientCall.SimpleForwardingClientCall<>(
          channel.newCall(method, options)) {
        @Override
        public void start(Listener<R> listener, Metadata extra) {
          extra.merge(headers);
          super.start(listener, extra);
        }
      };
    }

    @Override
    public String authority() {
      return channel.authority();
    }
  }
}
