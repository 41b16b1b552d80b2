package ai.chaukas.spec.reference;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;

/**
 * What one {@link RunningServer} grants its clients, so that a client that misbehaves (opens
 * connections and sends nothing, never finishes a request, never reads its replies) costs the
 * server a bounded number of descriptors, bytes and seconds. Set through {@link
 * ReferenceServer.Builder}; the defaults are documented there.
 */
final class TransportLimits {

  /** Where the descriptor limit is unknown (not a Unix JVM). */
  static final int MAX_CONNECTIONS_WITHOUT_FD_LIMIT = 10_000;

  int maxConnections = defaultMaxConnections();
  Duration idleTimeout = ReferenceServer.DEFAULT_IDLE_TIMEOUT;
  Duration requestTimeout = ReferenceServer.DEFAULT_REQUEST_TIMEOUT;
  Duration maxConnectionAge = ReferenceServer.DEFAULT_MAX_CONNECTION_AGE;
  int maxConcurrentStreams = ReferenceServer.DEFAULT_MAX_CONCURRENT_STREAMS;
  long maxResponseBytesInFlight = defaultMaxResponseBytesInFlight();

  TransportLimits copy() {
    TransportLimits copy = new TransportLimits();
    copy.maxConnections = maxConnections;
    copy.idleTimeout = idleTimeout;
    copy.requestTimeout = requestTimeout;
    copy.maxConnectionAge = maxConnectionAge;
    copy.maxConcurrentStreams = maxConcurrentStreams;
    copy.maxResponseBytesInFlight = maxResponseBytesInFlight;
    return copy;
  }

  /**
   * The descriptors the process may still open, less a reserve of a quarter of its limit (at least
   * 64) for what it opens later (the store's files, jars, logs), so that connections alone cannot
   * exhaust descriptors.
   */
  static int defaultMaxConnections() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (!(os instanceof UnixOperatingSystemMXBean unix)) {
      return MAX_CONNECTIONS_WITHOUT_FD_LIMIT;
    }
    long limit = unix.getMaxFileDescriptorCount();
    long free = limit - unix.getOpenFileDescriptorCount() - Math.max(64, limit / 4);
    return (int) Math.max(16, Math.min(Integer.MAX_VALUE, free));
  }

  /**
   * A quarter of the heap: replies waiting for slow readers may hold that much, queries beyond it
   * are refused until replies drain, so the rest stays for the store and the calls being served.
   */
  static long defaultMaxResponseBytesInFlight() {
    return Runtime.getRuntime().maxMemory() / 4;
  }
}
