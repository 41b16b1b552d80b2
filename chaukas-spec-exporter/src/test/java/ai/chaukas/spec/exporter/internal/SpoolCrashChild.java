package ai.chaukas.spec.exporter.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import ai.chaukas.spec.exporter.internal.Spool.Mode;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process {@link SpoolCrashTest} kills: appends numbered records in {@link Mode#SYNC} from four
 * threads and prints each number once its append has returned, until it is killed.
 */
public final class SpoolCrashChild {

  /** Ends the process if the test that started it did not kill it. */
  private static final long LIFETIME_MILLIS = 60_000;

  private SpoolCrashChild() {}

  /**
   * Runs until killed.
   *
   * @param args the spool directory
   */
  public static void main(String[] args) throws Exception {
    Spool spool = Spool.open(Path.of(args[0]), Mode.SYNC, Duration.ofSeconds(1), 1L << 30, 1 << 16);
    // Flushed at every line, so that a number the test reads was printed after its append.
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, UTF_8);
    AtomicLong next = new AtomicLong();
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  while (true) {
                    long n = next.getAndIncrement();
                    spool.append(Long.toString(n).getBytes(UTF_8));
                    out.println(n);
                  }
                } catch (IOException e) {
                  e.printStackTrace();
                  System.exit(2);
                }
              });
      thread.setDaemon(true);
      thread.start();
    }
    Thread.sleep(LIFETIME_MILLIS);
    System.exit(3);
  }
}
