package ai.chaukas.spec.toolkit.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Reads about 320 MB of JSON Lines built to exhaust memory, generated while they are read, and
 * prints one line per entry: {@code line N ok ID} or the error. {@link BoundedMemoryIT} runs it
 * in a JVM with a 64 MB heap.
 */
public final class BoundedMemoryMain {

  private BoundedMemoryMain() {}

  /** The lines, each followed by a normal event. */
  static List<Line> lines() {
    List<Line> lines = new ArrayList<>();
    // 15 MB: a 7.5-million-element array inside a Struct value.
    lines.add(new Line("{\"eventId\":\"array\",\"metadata\":{\"data\":[", "1,", 7_500_000, "1]}}"));
    // 200 MB of numbers, far beyond the line limit as well.
    lines.add(new Line("{\"eventId\":\"numbers\",\"metadata\":{\"n\":[", "1.5,", 50_000_000, "1]}}"));
    lines.add(new Line("{\"eventId\":\"string\",\"metadata\":{\"s\":\"", "x", 15_000_000, "\"}}"));
    lines.add(new Line("{\"eventId\":\"number\",\"metadata\":{\"n\":", "9", 15_000_000, "}}"));
    // 15 MB of distinct keys, so that every member stays in the Struct.
    lines.add(new Line("{\"eventId\":\"keys\",\"metadata\":{", i -> "\"k" + i + "\":0,", 1_300_000, "\"end\":0}}"));
    // The most heap per value: an object, a name and an empty object each.
    lines.add(new Line("{\"eventId\":\"objects\",\"metadata\":{\"o\":[", "{\"a\":{}},", 1_500_000, "{}]}}"));
    lines.add(new Line("{\"eventId\":\"strings\",\"tags\":[", "\"ab\",", 3_000_000, "\"z\"]}"));
    // Within every limit: 15 strings of a million characters that need two bytes each in a String.
    lines.add(new Line("{\"eventId\":\"big\",\"metadata\":{", i -> "\"s" + i + "\":\"" + "é".repeat(1_000_000) + "\",", 14,
        "\"s14\":\"" + "é".repeat(1_000_000) + "\"}}"));
    return lines;
  }

  public static void main(String[] args) throws IOException, JsonDecodeException {
    PrintStream out = System.out;
    try (JsonLinesReader reader = JsonLinesReader.builder().build(new GeneratedLines(lines()))) {
      for (Optional<JsonLinesReader.Entry> entry; (entry = reader.next()).isPresent(); ) {
        JsonLinesReader.Entry e = entry.get();
        out.println(e.isOk() ? "line " + e.line() + " ok " + e.event().getEventId() : e.error().getMessage());
      }
    }
    out.flush();
  }

  /** One line: a head, a unit repeated, a tail. */
  static final class Line {
    final String head;
    final String unit;
    final IntFunction<String> units;
    final int count;
    final String tail;

    Line(String head, String unit, int count, String tail) {
      this(head, unit, null, count, tail);
    }

    Line(String head, IntFunction<String> units, int count, String tail) {
      this(head, null, units, count, tail);
    }

    private Line(String head, String unit, IntFunction<String> units, int count, String tail) {
      this.head = head;
      this.unit = unit;
      this.units = units;
      this.count = count;
      this.tail = tail;
    }
  }

  /** Each line followed by {@code {"eventId":"after-N"}}, produced in chunks as they are read. */
  private static final class GeneratedLines extends InputStream {
    private static final int CHUNK = 1 << 16;

    private final Iterator<Line> lines;
    private int lineIndex;
    private Line line;
    private int unitsServed;
    private byte[] repeated;
    private boolean tailServed = true;
    private byte[] chunk = new byte[0];
    private int position;

    GeneratedLines(List<Line> lines) {
      this.lines = lines.iterator();
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
      while (position == chunk.length) {
        if (!nextChunk()) {
          return -1;
        }
      }
      int count = Math.min(length, chunk.length - position);
      System.arraycopy(chunk, position, target, offset, count);
      position += count;
      return count;
    }

    private boolean nextChunk() {
      position = 0;
      if (line != null && unitsServed < line.count) {
        chunk = units();
      } else if (!tailServed) {
        chunk = bytes(line.tail + "\n{\"eventId\":\"after-" + lineIndex + "\"}\n");
        tailServed = true;
      } else if (lines.hasNext()) {
        line = lines.next();
        lineIndex++;
        unitsServed = 0;
        tailServed = false;
        repeated = line.unit == null ? null : bytes(line.unit.repeat(Math.max(1, CHUNK / line.unit.length())));
        chunk = bytes(line.head);
      } else {
        return false;
      }
      return true;
    }

    private byte[] units() {
      if (line.unit != null) {
        int perChunk = repeated.length / line.unit.length();
        if (line.count - unitsServed >= perChunk) {
          unitsServed += perChunk;
          return repeated;
        }
        int rest = line.count - unitsServed;
        unitsServed = line.count;
        return bytes(line.unit.repeat(rest));
      }
      StringBuilder text = new StringBuilder();
      while (unitsServed < line.count && text.length() < CHUNK) {
        text.append(line.units.apply(unitsServed++));
      }
      return bytes(text.toString());
    }

    private static byte[] bytes(String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
  }
}
