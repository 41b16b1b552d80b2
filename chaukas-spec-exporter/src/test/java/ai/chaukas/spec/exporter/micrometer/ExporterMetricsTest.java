package ai.chaukas.spec.exporter.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.exporter.ChaukasExporter;
import ai.chaukas.spec.testing.internal.SampleEvents;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExporterMetricsTest {

  @TempDir Path dir;

  @Test
  void metersFollowTheExportersCounts() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (ChaukasExporter exporter = ChaukasExporter.builder().file(dir.resolve("out.jsonl"))
        .maxQueueSize(5).scheduleDelay(Duration.ofMinutes(1)).build()) {
      new ExporterMetrics(exporter, Tags.of("platform", "test")).bindTo(registry);
      for (int i = 0; i < 8; i++) {
        Event event = SampleEvents.event("m-" + i, 1_764_000_000L + i).build();
        exporter.export(event);
      }
      assertThat(exporter.flush(Duration.ofSeconds(10))).isTrue();
      long dropped = exporter.stats().dropped();
      assertThat(registry.get("chaukas.exporter.events.accepted").functionCounter().count())
          .isEqualTo(8 - dropped);
      assertThat(registry.get("chaukas.exporter.events.sent").functionCounter().count())
          .isEqualTo(8 - dropped);
      assertThat(registry.get("chaukas.exporter.events.dropped").tag("reason", "queue_full")
          .functionCounter().count()).isEqualTo(dropped);
      assertThat(registry.get("chaukas.exporter.queue.depth").tag("platform", "test").gauge()
          .value()).isZero();
      assertThat(registry.get("chaukas.exporter.spool.bytes").gauge().value()).isZero();
    }
  }
}
