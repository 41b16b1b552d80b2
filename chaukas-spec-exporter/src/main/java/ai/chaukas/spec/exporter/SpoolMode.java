package ai.chaukas.spec.exporter;

/**
 * When an exported event is on disk in the spool ({@link ChaukasExporter.Builder#spool}).
 *
 * @since 1.0.5
 */
public enum SpoolMode {
  /**
   * Before {@link ChaukasExporter#export} returns: written and forced to the device. Threads
   * exporting at the same time share one force, so the cost per event falls as more threads
   * export.
   */
  SYNC,
  /**
   * Written before {@link ChaukasExporter#export} returns and forced within {@link
   * ChaukasExporter.Builder#spoolSyncInterval}: a crash of the machine (not of the process) may
   * lose that interval.
   */
  ASYNC
}
