package ai.chaukas.spec.exporter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a free loopback port that passes bytes both ways but, for some of the server's
 * answers, closes the client's connection instead of passing the answer on: the request was
 * processed, and the client never learns it. Which answers it drops comes from a seeded Random.
 */
final class DroppingProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final double dropChance;
  private final int passFirstBytes;
  private final Random random;
  private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "dropping-proxy");
    thread.setDaemon(true);
    return thread;
  });
  final AtomicInteger dropped = new AtomicInteger();

  /**
   * @param passFirstBytes bytes the server sends on each connection before any can be dropped
   *     (an HTTP/2 server's preface is not an answer)
   */
  DroppingProxy(InetSocketAddress target, double dropChance, int passFirstBytes, long seed)
      throws IOException {
    this.target = target;
    this.dropChance = dropChance;
    this.passFirstBytes = passFirstBytes;
    this.random = new Random(seed);
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  int port() {
    return listener.getLocalPort();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(target.getAddress(), target.getPort());
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        threads.execute(() -> pipe(client, server, false));
        threads.execute(() -> pipe(server, client, true));
      } catch (IOException e) {
        // Closed, or the server refused: the client sees its connection end.
      }
    }
  }

  private void pipe(Socket from, Socket to, boolean answers) {
    byte[] buffer = new byte[64 * 1024];
    long passed = 0;
    try (from; to) {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (answers && passed >= passFirstBytes && drop()) {
          dropped.incrementAndGet();
          return;
        }
        out.write(buffer, 0, n);
        out.flush();
        passed += n;
      }
    } catch (IOException e) {
      // One side closed: both close.
    }
  }

  private boolean drop() {
    synchronized (random) {
      return random.nextDouble() < dropChance;
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    threads.shutdownNow();
  }
}
