package ai.chaukas.spec.exporter.micrometer;

import ai.chaukas.spec.exporter.ChaukasExporter;
import ai.chaukas.spec.exporter.DropReason;
import ai.chaukas.spec.exporter.ExporterStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters of a {@link ChaukasExporter}, read from its {@link ChaukasExporter#stats()}
 * when the registry is scraped: counters {@code chaukas.exporter.events.accepted}, {@code .sent},
 * {@code .rejected}, {@code .dropped} (tagged {@code reason}), {@code chaukas.exporter.retries},
 * and gauges {@code chaukas.exporter.queue.depth} and {@code chaukas.exporter.spool.bytes}.
 * Micrometer is an optional dependency of the exporter: add {@code io.micrometer:micrometer-core}
 * to use this class.
 *
 * <pre>{@code
 * new ExporterMetrics(exporter, Tags.of("platform", "prod")).bindTo(registry);
 * }</pre>
 *
 * @since 1.0.5
 */
public final class ExporterMetrics implements MeterBinder {

  private final ChaukasExporter exporter;
  private final Iterable<Tag> tags;

  /** Meters of {@code exporter}, each with {@code tags}. */
  public ExporterMetrics(ChaukasExporter exporter, Iterable<Tag> tags) {
    this.exporter = Objects.requireNonNull(exporter, "exporter");
    this.tags = Objects.requireNonNull(tags, "tags");
  }

  /** Meters of {@code exporter}, without tags. */
  public ExporterMetrics(ChaukasExporter exporter) {
    this(exporter, Tags.empty());
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(registry, "chaukas.exporter.events.accepted", "events export took",
        Tags.of(tags), ExporterStats::accepted);
    counter(registry, "chaukas.exporter.events.sent", "events the platform acknowledged",
        Tags.of(tags), ExporterStats::sent);
    counter(registry, "chaukas.exporter.events.rejected", "events the platform refused",
        Tags.of(tags), ExporterStats::rejected);
    counter(registry, "chaukas.exporter.retries", "requests sent again after a failure",
        Tags.of(tags), ExporterStats::retried);
    for (DropReason reason : DropReason.values()) {
      counter(registry, "chaukas.exporter.events.dropped", "events dropped, by reason",
          Tags.of(tags).and("reason", reason.name().toLowerCase(Locale.ROOT)),
          stats -> stats.dropped(reason));
    }
    Gauge.builder("chaukas.exporter.queue.depth", exporter, e -> e.stats().queueDepth())
        .description("events waiting in the exporter's queue")
        .tags(tags)
        .register(registry);
    Gauge.builder("chaukas.exporter.spool.bytes", exporter, e -> e.stats().spoolBytes())
        .description("bytes of the exporter's spool files")
        .baseUnit("bytes")
        .tags(tags)
        .register(registry);
  }

  private void counter(MeterRegistry registry, String name, String description, Tags tags,
      ToDoubleFunction<ExporterStats> value) {
    FunctionCounter.builder(name, exporter, e -> value.applyAsDouble(e.stats()))
        .description(description)
        .tags(tags)
        .register(registry);
  }
}
