package ai.chaukas.spec.exporter.internal;

import java.util.List;

/**
 * Events sent in one request, with what its retries need: the same {@code batch_id} and timestamp
 * on every attempt (so that the platform's idempotency makes a retry harmless), when the first
 * attempt went out, and how many attempts failed.
 */
public final class Batch {

  final String batchId;
  final long timestampMicros;
  final List<Pending> events;
  /** {@link System#nanoTime()} of the first attempt of the batch this one was split from, if any. */
  final long firstAttemptNanos;
  int failedAttempts;
  /** Whether settling this batch frees a place among the requests in flight. */
  boolean holdsPermit;
  private final java.util.concurrent.atomic.AtomicBoolean settled =
      new java.util.concurrent.atomic.AtomicBoolean();

  Batch(String batchId, long timestampMicros, List<Pending> events, long firstAttemptNanos) {
    this.batchId = batchId;
    this.timestampMicros = timestampMicros;
    this.events = List.copyOf(events);
    this.firstAttemptNanos = firstAttemptNanos;
  }

  /** Marks the batch settled; true for the one caller that does so first. */
  boolean settle() {
    return settled.compareAndSet(false, true);
  }

  boolean isSettled() {
    return settled.get();
  }

  long firstSeq() {
    return events.get(0).seq;
  }

  /** The first or second half, with a batch id derived from this one's. */
  Batch half(boolean first) {
    int middle = events.size() / 2;
    Batch half = new Batch(batchId + (first ? ".1" : ".2"), timestampMicros,
        first ? events.subList(0, middle) : events.subList(middle, events.size()),
        firstAttemptNanos);
    half.failedAttempts = failedAttempts;
    return half;
  }
}
