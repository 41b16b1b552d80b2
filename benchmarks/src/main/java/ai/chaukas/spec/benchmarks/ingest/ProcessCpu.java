package ai.chaukas.spec.benchmarks.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * CPU time of another process on this machine, from {@code /proc/PID/stat} (utime + stime, all
 * threads, including threads that have exited) and, per thread, from {@code /proc/PID/task/*}/stat.
 * Linux only; resolution is one clock tick (usually 10 ms), so measure for seconds, not
 * milliseconds.
 */
public final class ProcessCpu {

  private static final long MICROS_PER_TICK = 1_000_000L / clockTicksPerSecond();

  private final long pid;

  public ProcessCpu(long pid) {
    this.pid = pid;
    if (!Files.isReadable(Path.of("/proc", Long.toString(pid), "stat"))) {
      throw new IllegalArgumentException("cannot read /proc/" + pid + "/stat: is the server running here?");
    }
  }

  /** CPU time the whole process has used so far, in microseconds. */
  public long totalMicros() throws IOException {
    return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII))
        * MICROS_PER_TICK;
  }

  /**
   * CPU time of the live threads so far, in microseconds, summed per thread name with trailing
   * numbers removed ({@code "GC Thread#3"} and {@code "GC Thread#0"} both count as
   * {@code "GC Thread#"}), so that pools show up as one line.
   */
  public Map<String, Long> microsByThreadName() throws IOException {
    Map<String, Long> byName = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException exited) {
          continue;
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        byName.merge(name.replaceAll("[0-9]+$", ""), ticks(stat) * MICROS_PER_TICK, Long::sum);
      }
    }
    return byName;
  }

  /**
   * CPU time all processes on the machine have used so far, in microseconds (the first line of
   * {@code /proc/stat}: user, nice, system, irq, softirq and steal). Compared with the server's and
   * the driver's own figures it shows how busy other processes kept the machine.
   */
  public static long machineMicros() throws IOException {
    String line = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII).get(0);
    String[] f = line.trim().split("\\s+");
    long ticks = 0;
    for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
      ticks += Long.parseLong(f[i]);
    }
    return ticks * MICROS_PER_TICK;
  }

  /** utime + stime: fields 14 and 15 of stat, counted after the parenthesized command name. */
  private static long ticks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    // fields[0] is field 3 (state), so field n is fields[n - 3].
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static long clockTicksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
        return Long.parseLong(out);
      }
    } catch (IOException | NumberFormatException e) {
      // fall through to the Linux default
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.err.println("getconf CLK_TCK failed; assuming 100 clock ticks per second");
    return 100;
  }
}
