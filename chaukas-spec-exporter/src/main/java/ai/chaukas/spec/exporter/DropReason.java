package ai.chaukas.spec.exporter;

/**
 * Why an event accepted by, or offered to, {@link ChaukasExporter#export} never reached the
 * platform. Events the platform refused are not dropped but rejected ({@link
 * ExportListener#rejected}).
 *
 * @since 1.0.5
 */
public enum DropReason {
  /** The queue was full ({@link QueueFullPolicy}). */
  QUEUE_FULL,
  /** The spool directory held its maximum bytes ({@link ChaukasExporter.Builder#spoolMaxBytes}). */
  SPOOL_FULL,
  /** The spool could not write it (a disk error); the spool refuses every event after one. */
  SPOOL_FAILED,
  /** Every retry failed until the retry budget ({@link ChaukasExporter.Builder#retryBudget}) ran out. */
  RETRY_BUDGET_EXHAUSTED,
  /**
   * {@link ChaukasExporter#close} gave up waiting for it, or it was exported after close. A spooled
   * event is kept in the spool and sent by the next exporter on the same directory.
   */
  SHUTDOWN
}
