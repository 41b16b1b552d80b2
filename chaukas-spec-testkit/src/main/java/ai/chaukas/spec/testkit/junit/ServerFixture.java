package ai.chaukas.spec.testkit.junit;

import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.reference.RunningServer;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One running server and a channel to it, as the extension keeps them in a JUnit store. Closing
 * shuts the channel down first, then the server, and waits for both.
 */
final class ServerFixture implements AutoCloseable {

  private static final long TERMINATION_SECONDS = 5;

  final ReferenceServer server;
  final ManagedChannel channel;
  /** The loopback server, or null in-process. */
  final RunningServer loopback;
  /** The in-process server, or null on loopback. */
  private final Server inProcess;

  private ServerFixture(
      ReferenceServer server, ManagedChannel channel, RunningServer loopback, Server inProcess) {
    this.server = server;
    this.channel = channel;
    this.loopback = loopback;
    this.inProcess = inProcess;
  }

  static ServerFixture start(
      ChaukasServerExtension.Transport transport,
      Consumer<ReferenceServer.Builder> options,
      Duration callTimeout)
      throws IOException {
    ReferenceServer.Builder builder = ReferenceServer.builder();
    options.accept(builder);
    ReferenceServer server = builder.build();
    ClientInterceptor deadlines = new DefaultDeadline(callTimeout);
    if (transport == ChaukasServerExtension.Transport.LOOPBACK) {
      RunningServer loopback = server.start(0);
      try {
        ManagedChannel channel =
            NettyChannelBuilder.forAddress(loopback.address())
                .usePlaintext()
                .intercept(deadlines)
                .build();
        return new ServerFixture(server, channel, loopback, null);
      } catch (RuntimeException e) {
        loopback.close();
        throw e;
      }
    }
    // grpc-java's in-process pattern: a unique name and direct executors on both sides.
    String name = InProcessServerBuilder.generateName();
    Server inProcess =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addServices(server.serviceDefinitions())
            .build()
            .start();
    try {
      ManagedChannel channel =
          InProcessChannelBuilder.forName(name).directExecutor().intercept(deadlines).build();
      return new ServerFixture(server, channel, null, inProcess);
    } catch (RuntimeException e) {
      inProcess.shutdownNow();
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      channel.shutdownNow().awaitTermination(TERMINATION_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (loopback != null) {
        loopback.close();
      } else {
        stopInProcess();
      }
    }
  }

  private void stopInProcess() {
    try {
      inProcess.shutdownNow().awaitTermination(TERMINATION_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Gives every call without a deadline one, so a test never waits forever on a stuck call. */
  private record DefaultDeadline(Duration timeout) implements ClientInterceptor {
    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(
        MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      CallOptions withDeadline =
          options.getDeadline() == null
              ? options.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
              : options;
      return next.newCall(method, withDeadline);
    }
  }
}
