package ai.chaukas.spec.exporter;

import java.time.Duration;

/**
 * Told what happens to exported events. Called on the exporter's own threads, never on the thread
 * that called {@link ChaukasExporter#export}; a method must return quickly and must not call
 * {@link ChaukasExporter#flush} or {@link ChaukasExporter#close}. An exception it throws is
 * ignored. Every method has an empty default, so implement only what you need.
 *
 * @since 1.0.5
 */
public interface ExportListener {

  /** The platform acknowledged {@code events} events (stored, or already stored before). */
  default void sent(int events) {}

  /**
   * The platform refused the event {@code eventId}: it is never sent again. {@code reason} says
   * why, e.g. {@code INVALID_ARGUMENT: events[0].session_id: [EVT-3] …}, or that the platform
   * listed it in {@code rejected_event_ids}.
   */
  default void rejected(String eventId, String reason) {}

  /** {@code events} events were dropped for {@code reason}. */
  default void dropped(DropReason reason, int events) {}

  /**
   * A request of {@code events} events failed with {@code cause} and is sent again after {@code
   * delay} (also when it is split in two because the platform asked for smaller requests).
   */
  default void retried(int events, String cause, Duration delay) {}
}
