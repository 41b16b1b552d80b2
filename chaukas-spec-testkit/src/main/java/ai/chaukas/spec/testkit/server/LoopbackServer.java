package ai.chaukas.spec.testkit.server;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * An {@link InMemoryChaukasServer} serving on a port of {@code 127.0.0.1}, made by {@link
 * InMemoryChaukasServer#start(int)}. It listens on the loopback interface only, so nothing outside
 * the machine can reach it. Close it to stop; closing twice is harmless.
 *
 * @since 1.0.5
 */
public final class LoopbackServer implements AutoCloseable {

  /** How long {@link #close()} lets running calls finish before cancelling them. */
  private static final long GRACE_SECONDS = 5;

  private final InMemoryChaukasServer server;
  private final Server grpc;
  private final InetSocketAddress address;

  private LoopbackServer(InMemoryChaukasServer server, Server grpc) {
    this.server = server;
    this.grpc = grpc;
    this.address = (InetSocketAddress) grpc.getListenSockets().get(0);
  }

  static LoopbackServer start(InMemoryChaukasServer server, int port, int maxInboundMessageSize)
      throws IOException {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must lie in 0..65535 (0: any free port), was " + port);
    }
    InetAddress loopback = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    Server grpc =
        NettyServerBuilder.forAddress(new InetSocketAddress(loopback, port))
            .addServices(server.serviceDefinitions())
            .maxInboundMessageSize(maxInboundMessageSize)
            .build()
            .start();
    return new LoopbackServer(server, grpc);
  }

  /** The port it listens on; the ephemeral one chosen when started with port 0. */
  public int port() {
    return address.getPort();
  }

  /** The socket address it listens on, always {@code 127.0.0.1:port()}. */
  public InetSocketAddress address() {
    return address;
  }

  /** A gRPC target for channels: {@code 127.0.0.1:port()}. */
  public String target() {
    return "127.0.0.1:" + port();
  }

  /** The server whose events it serves. */
  public InMemoryChaukasServer server() {
    return server;
  }

  /**
   * Blocks until it is closed, for example by a shutdown hook calling {@link #close()}.
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public void awaitTermination() throws InterruptedException {
    grpc.awaitTermination();
  }

  /** Whether it has been closed and every call has ended. */
  public boolean isTerminated() {
    return grpc.isTerminated();
  }

  /**
   * Stops accepting calls, lets running ones finish for up to five seconds, then cancels the rest
   * and waits for them to end. Keeps the thread's interrupt status when interrupted.
   */
  @Override
  public void close() {
    grpc.shutdown();
    try {
      if (!grpc.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS)) {
        grpc.shutdownNow().awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      grpc.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
