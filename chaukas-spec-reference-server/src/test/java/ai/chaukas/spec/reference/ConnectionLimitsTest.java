package ai.chaukas.spec.reference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc;
import ai.chaukas.spec.client.v1.HealthzRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The transport limits of {@link ReferenceServer.Builder}, set small and exceeded by clients that
 * connect and send nothing, leave requests unfinished or open too many streams: what they hold is
 * closed or refused, and well-behaved clients keep being served.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConnectionLimitsTest {

  private static final String HEALTHZ = "/chaukas.spec.client.v1.ChaukasClientService/Healthz";
  private static final Duration SHORT = Duration.ofSeconds(1);
  private static final Duration LONG = Duration.ofSeconds(60);
  /** Long enough for a one-second limit to pass on a busy machine; shorter than Armeria's defaults. */
  private static final Duration PATIENCE = Duration.ofSeconds(5);

  private final List<AutoCloseable> open = new ArrayList<>();
  private RunningServer running;

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    if (running != null) {
      running.close();
    }
  }

  private RunningServer start(ReferenceServer.Builder builder) throws Exception {
    running = builder.build().start(0);
    return running;
  }

  private RawHttp2 connect() throws Exception {
    RawHttp2 client = RawHttp2.connect(running.address());
    open.add(client);
    return client;
  }

  private ManagedChannel channel() {
    ManagedChannel channel = NettyChannelBuilder.forTarget(running.target()).usePlaintext().build();
    open.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return channel;
  }

  private static void healthz(ManagedChannel channel) {
    ChaukasClientServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .healthz(HealthzRequest.getDefaultInstance());
  }

  @Test
  void connectionsBeyondTheCapAreClosedWhileOpenOnesKeepWorking() throws Exception {
    start(ReferenceServer.builder().maxConnections(3).idleTimeout(LONG));
    ManagedChannel served = channel();
    healthz(served);
    RawHttp2 second = connect().preface(65_535);
    RawHttp2 third = connect().preface(65_535);
    assertThat(third.closedWithin(SHORT)).as("the third connection is within the cap").isFalse();

    boolean fourthClosed;
    try {
      fourthClosed = connect().closedWithin(PATIENCE);
    } catch (java.net.SocketException resetWhileConnecting) {
      // Closed so fast that the reset reached the client before its connect returned.
      fourthClosed = true;
    }
    assertThat(fourthClosed).as("a fourth connection is closed").isTrue();
    healthz(served);

    second.close();
    third.close();
    ManagedChannel later = channel();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      try {
        healthz(later);
        break;
      } catch (RuntimeException notYet) {
        // The server may not have seen the closed connections go yet.
        assertThat(System.nanoTime()).as("a new client is served once others closed").isLessThan(deadline);
        Thread.sleep(100);
      }
    }
    healthz(served);
  }

  @Test
  void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws Exception {
    start(ReferenceServer.builder().idleTimeout(SHORT).requestTimeout(LONG));
    assertThat(connect().closedWithin(PATIENCE)).as("TCP connect only").isTrue();
    assertThat(connect().preface(65_535).closedWithin(PATIENCE)).as("HTTP/2 preface only").isTrue();
  }

  @Test
  void http1HeadersNeverFinishedAreClosed() throws Exception {
    start(ReferenceServer.builder().idleTimeout(SHORT).requestTimeout(LONG));
    RawHttp2 client = connect();
    client.write(ascii("POST /v1/query HTTP/1.1\r\nHost: localhost\r\n"));
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    boolean closed = false;
    while (!closed && System.nanoTime() < deadline) {
      // A header line every half second: no request is in progress until the headers end, so the
      // idle timeout applies however often bytes arrive.
      client.write(ascii("X-Slow: 1\r\n"));
      closed = client.closedWithin(Duration.ofMillis(500));
    }
    assertThat(closed).as("a request whose headers never end is closed").isTrue();
  }

  @Test
  void http1BodyShorterThanContentLengthIsClosed() throws Exception {
    start(ReferenceServer.builder().idleTimeout(SHORT).requestTimeout(SHORT));
    RawHttp2 client = connect();
    client.write(ascii("POST /v1/query HTTP/1.1\r\nHost: localhost\r\n"
        + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"filter\":"));
    assertThat(client.closedWithin(PATIENCE.multipliedBy(2))).isTrue();
    assertThat(client.received()).startsWith("HTTP/1.1 408 ");
  }

  @Test
  void http2RequestWithoutEndStreamIsEndedAndTheConnectionGoesOn() throws Exception {
    start(ReferenceServer.builder().idleTimeout(LONG).requestTimeout(SHORT));
    RawHttp2 client = connect().preface(65_535);
    client.post(1, "/v1/query", "application/json", false);
    RawHttp2.Frame ended = awaitStreamEnd(client, 1);
    assertThat(ended.type()).isEqualTo(RawHttp2.HEADERS);
    assertThat(ended.headers().status().toString()).isEqualTo("408");
    client.grpc(3, HEALTHZ, new byte[0]);
    assertThat(awaitHeaders(client, 3).headers().status().toString()).isEqualTo("200");
  }

  @Test
  void aLongerGrpcTimeoutDoesNotLiftTheRequestTimeout() throws Exception {
    start(ReferenceServer.builder().idleTimeout(LONG).requestTimeout(SHORT));
    RawHttp2 client = connect().preface(65_535);
    client.post(1, HEALTHZ, "application/grpc", false, "grpc-timeout", "3600S");
    long sent = System.nanoTime();
    RawHttp2.Frame ended;
    do {
      ended = awaitStreamEnd(client, 1);
    } while (ended.type() == RawHttp2.HEADERS && ended.headers().get("grpc-status") == null);
    assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("the call ended after")
        .isLessThan(PATIENCE);
    if (ended.type() == RawHttp2.HEADERS) {
      assertThat(ended.headers().get("grpc-status").toString())
          .isEqualTo(String.valueOf(Status.Code.DEADLINE_EXCEEDED.value()));
    }
  }

  @Test
  void streamsBeyondTheCapAreRefusedAndTheConnectionGoesOn() throws Exception {
    start(ReferenceServer.builder().maxConcurrentStreams(2).idleTimeout(LONG).requestTimeout(LONG));
    RawHttp2 client = connect().preface(65_535).ackSettings();
    client.post(1, "/v1/query", "application/json", false);
    client.post(3, "/v1/query", "application/json", false);
    client.post(5, "/v1/query", "application/json", false);
    RawHttp2.Frame refused = awaitStreamEnd(client, 5);
    assertThat(refused.type()).isEqualTo(RawHttp2.RST_STREAM);
    assertThat(refused.errorCode()).isEqualTo(RawHttp2.REFUSED_STREAM);

    client.frame(RawHttp2.RST_STREAM, 0, 1, new byte[] {0, 0, 0, 0x8}); // CANCEL
    client.grpc(7, HEALTHZ, new byte[0]);
    assertThat(awaitHeaders(client, 7).headers().status().toString()).isEqualTo("200");
  }

  @Test
  void connectionsOlderThanTheMaxAgeAreToldToGoAway() throws Exception {
    start(ReferenceServer.builder().maxConnectionAge(SHORT).idleTimeout(LONG));
    RawHttp2 client = connect().preface(65_535);
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    RawHttp2.Frame frame;
    do {
      frame = client.read(PATIENCE);
    } while (frame != null && frame.type() != RawHttp2.GOAWAY && System.nanoTime() < deadline);
    assertThat(frame).as("closed without GOAWAY").isNotNull();
    assertThat(frame.type()).isEqualTo(RawHttp2.GOAWAY);
  }

  /** The first HEADERS or RST_STREAM frame on {@code stream}. */
  private static RawHttp2.Frame awaitStreamEnd(RawHttp2 client, int stream) throws Exception {
    while (true) {
      RawHttp2.Frame frame = client.read(PATIENCE);
      assertThat(frame).as("the connection was closed").isNotNull();
      if (frame.stream() == stream
          && (frame.type() == RawHttp2.HEADERS || frame.type() == RawHttp2.RST_STREAM)) {
        return frame;
      }
    }
  }

  private static RawHttp2.Frame awaitHeaders(RawHttp2 client, int stream) throws Exception {
    RawHttp2.Frame frame = awaitStreamEnd(client, stream);
    assertThat(frame.type()).as("stream %d was reset", stream).isEqualTo(RawHttp2.HEADERS);
    return frame;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
