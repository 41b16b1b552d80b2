package ai.chaukas.spec.exporter;

/**
 * What {@link ChaukasExporter#export} does with an event when the exporter's queue is full. Every
 * event it drops is counted ({@link ExporterStats#dropped(DropReason)}) and reported to the {@link
 * ExportListener} as {@link DropReason#QUEUE_FULL}.
 *
 * @since 1.0.5
 */
public enum QueueFullPolicy {
  /** Drop the event being exported; the queued ones stay. The default, as in OpenTelemetry. */
  DROP_NEWEST,
  /** Drop the oldest queued event to make room for the one being exported. */
  DROP_OLDEST,
  /**
   * Wait for room, at most {@link ChaukasExporter.Builder#blockTimeout}, then drop the event being
   * exported.
   */
  BLOCK
}
