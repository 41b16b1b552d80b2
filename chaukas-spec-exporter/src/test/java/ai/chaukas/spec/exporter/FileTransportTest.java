package ai.chaukas.spec.exporter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.toolkit.json.JsonLinesReader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file transport writes the Python SDK's JSON Lines and rotates by size. */
class FileTransportTest {

  @TempDir Path dir;

  private static List<Event> read(Path file) throws Exception {
    List<Event> events = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file);
        JsonLinesReader reader = JsonLinesReader.builder().failFast(true).build(in)) {
      Optional<JsonLinesReader.Entry> entry;
      while ((entry = reader.next()).isPresent()) {
        events.add(entry.get().event());
      }
    }
    return events;
  }

  @Test
  void eventsAreWrittenOnePerLineWithProtoFieldNames() throws Exception {
    Path file = dir.resolve("events.jsonl");
    List<Event> events = Bodies.events(50);
    try (ChaukasExporter exporter = ChaukasExporter.builder().file(file).maxBatchSize(20).build()) {
      exporter.exportAll(events);
      assertThat(exporter.flush(Duration.ofSeconds(10))).isTrue();
      assertThat(exporter.stats().sent()).isEqualTo(50);
    }
    List<String> lines = Files.readAllLines(file, UTF_8);
    assertThat(lines).hasSize(50);
    assertThat(lines.get(0)).startsWith("{\"event_id\":\"e-0\"").contains("\"EVENT_TYPE_");
    assertThat(read(file)).isEqualTo(events);
  }

  @Test
  void aFullFileIsRotatedAndTheOldestDeleted() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    List<Event> events = Bodies.events(400);
    try (ChaukasExporter exporter = ChaukasExporter.builder().file(file)
        .fileRotation(100_000, 2).maxBatchSize(10).build()) {
      exporter.exportAll(events);
      assertThat(exporter.flush(Duration.ofSeconds(10))).isTrue();
    }
    Path first = dir.resolve("audit.jsonl.1");
    Path second = dir.resolve("audit.jsonl.2");
    assertThat(first).exists();
    assertThat(second).exists();
    assertThat(dir.resolve("audit.jsonl.3")).doesNotExist();
    // Each file stops at the first batch that reaches the limit; batches are never split.
    assertThat(Files.size(first)).isBetween(100_000L, 100_000L + 10 * 2_500L);
    List<Event> kept = new ArrayList<>(read(second));
    kept.addAll(read(first));
    kept.addAll(read(file));
    // The newest events, in order, and nothing else.
    assertThat(kept).isEqualTo(events.subList(events.size() - kept.size(), events.size()));
    assertThat(kept.size()).isLessThan(events.size());
  }
}
