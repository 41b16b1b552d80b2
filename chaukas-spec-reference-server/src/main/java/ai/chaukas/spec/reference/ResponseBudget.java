package ai.chaukas.spec.reference;

import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Status;
import io.grpc.StatusException;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of query replies that a {@link RunningServer} has made but not yet written to their
 * clients. A client that never reads (an HTTP/2 window of zero, say) leaves its replies in the
 * server's memory until the request timeout; this budget bounds them, over the server and per
 * connection, and refuses queries beyond it with {@code RESOURCE_EXHAUSTED}. A reply's bytes are
 * released when it is fully written, reset or timed out ({@code ctx.log().whenComplete()}).
 */
final class ResponseBudget {

  /** One connection may hold this share of the budget, so that it cannot starve the others. */
  static final int CONNECTION_SHARE = 4;

  private static final AttributeKey<ResponseBudget> BUDGET =
      AttributeKey.valueOf(ResponseBudget.class, "budget");

  private final long max;
  private final long maxPerConnection;
  private final Duration writeTimeout;
  private final AtomicLong inFlight = new AtomicLong();
  private final Map<InetSocketAddress, Long> byConnection = new HashMap<>();

  /**
   * @param writeTimeout time from a request's start after which its reply, still not written, is
   *     given up: its connection is closed
   */
  ResponseBudget(long max, Duration writeTimeout) {
    this.max = max;
    this.writeTimeout = writeTimeout;
    this.maxPerConnection = Math.max(1, max / CONNECTION_SHARE);
  }

  /** Makes this budget the one {@link #reserve(long)} charges for calls of {@code ctx}. */
  void attach(ServiceRequestContext ctx) {
    ctx.setAttr(BUDGET, this);
  }

  /** Bytes of replies made and not yet written, over all connections. */
  long inFlight() {
    return inFlight.get();
  }

  /**
   * Charges a reply of {@code bytes} to the budget of the call being served, released when the
   * reply is written; nothing where no {@link RunningServer} serves the call (in-process
   * transports write replies as they are made). A limit is waived while nothing counts against
   * it, so that a page larger than the budget can still be read.
   *
   * @throws StatusException {@code RESOURCE_EXHAUSTED} when the reply does not fit
   */
  static void reserve(long bytes) throws StatusException {
    ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
    ResponseBudget budget = ctx == null ? null : ctx.attr(BUDGET);
    if (budget != null) {
      budget.reserve(ctx, bytes);
    }
  }

  private void reserve(ServiceRequestContext ctx, long bytes) throws StatusException {
    // A connection is known by its client's address and port, unique while it is open.
    InetSocketAddress connection = ctx.remoteAddress();
    synchronized (this) {
      long held = byConnection.getOrDefault(connection, 0L);
      long total = inFlight.get();
      boolean connectionFull = held > 0 && held + bytes > maxPerConnection;
      if (connectionFull || total > 0 && total + bytes > max) {
        throw new StatusException(Status.RESOURCE_EXHAUSTED.withDescription(
            "this reply of " + bytes + " bytes does not fit: "
                + (connectionFull
                    ? "this connection has " + held + " bytes of replies not read yet (at most "
                        + maxPerConnection + ")"
                    : "the server holds " + total + " bytes of replies not read yet (at most "
                        + max + ")")
                + "; read the replies already asked for or ask for a smaller page_size, and"
                + " retry in a few seconds"));
      }
      byConnection.put(connection, held + bytes);
      inFlight.addAndGet(bytes);
    }
    // Armeria's request timeout ends when the service has made its reply, not when the client has
    // read it: a reply left in the HTTP/2 flow controller would stay until the connection closes.
    long left =
        writeTimeout.toNanos() - (System.nanoTime() - ctx.log().partial().requestStartTimeNanos());
    // Closed below the HTTP/2 handler, whose graceful close would wait for that very reply.
    Channel channel = ctx.log().partial().channel();
    ScheduledFuture<?> giveUp = ctx.eventLoop().withoutContext().schedule(
        () -> channel.pipeline().firstContext().close(), Math.max(0, left), TimeUnit.NANOSECONDS);
    ctx.log().whenComplete().thenRun(() -> {
      giveUp.cancel(false);
      release(connection, bytes);
    });
  }

  private synchronized void release(InetSocketAddress connection, long bytes) {
    byConnection.computeIfPresent(connection, (key, held) -> held == bytes ? null : held - bytes);
    inFlight.addAndGet(-bytes);
  }
}
