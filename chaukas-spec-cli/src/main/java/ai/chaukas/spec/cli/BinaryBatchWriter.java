package ai.chaukas.spec.cli;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a binary {@code EventBatch} as its events arrive, in constant memory. The fields go out in
 * the order protobuf itself writes them: {@code batch_id} and {@code timestamp}, then each event as
 * field 3, then at {@link #finish()} the metadata, the totals and any unknown fields, so the output
 * equals {@code EventBatch.toByteArray()} of the same batch byte for byte.
 *
 * <p>The batch may not grow past protobuf's limit for one message, {@link Integer#MAX_VALUE} bytes
 * (or a smaller limit given to the constructor): the event that would cross it is refused with a
 * {@link BatchTooLargeException}, and so is everything after it.
 *
 * <p>An {@code IngestEventBatchRequest} cannot be written this way: its {@code event_batch} field
 * starts with the batch's length, known only once every event has been written. For that
 * container the command line keeps collecting the events and writes the request at the end,
 * within the same limit.
 */
final class BinaryBatchWriter {

  private static final int EVENTS = EventBatch.EVENTS_FIELD_NUMBER;

  /** An event that would take the batch past its limit; the output is then incomplete. */
  static final class BatchTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BatchTooLargeException(String message) {
      super(message);
    }
  }

  private final OutputStream stream;
  private final CodedOutputStream out;
  private final long limit;
  private final EventBatch head;
  private final EventBatch tail;
  private final long tailSize;
  private long size;
  private long count;
  private boolean started;
  private boolean refused;
  private boolean finished;

  /** A writer to {@code stream} within protobuf's limit of {@link Integer#MAX_VALUE} bytes. */
  BinaryBatchWriter(OutputStream stream, EventBatch template) {
    this(stream, template, Integer.MAX_VALUE);
  }

  /**
   * A writer to {@code stream}, which the caller closes.
   *
   * @param template the batch's own fields (batch id, timestamp, metadata, totals); its events are
   *     ignored; null for none
   * @param limit the most bytes the whole batch may take, at most {@link Integer#MAX_VALUE}
   */
  BinaryBatchWriter(OutputStream stream, EventBatch template, long limit) {
    if (limit <= 0 || limit > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("the limit must be between 1 and " + Integer.MAX_VALUE + ": " + limit);
    }
    EventBatch batch = template == null ? EventBatch.getDefaultInstance() : template;
    EventBatch.Builder head = EventBatch.newBuilder().setBatchId(batch.getBatchId());
    if (batch.hasTimestamp()) {
      head.setTimestamp(batch.getTimestamp());
    }
    this.stream = stream;
    this.out = CodedOutputStream.newInstance(stream);
    this.limit = limit;
    this.head = head.build();
    this.tail = batch.toBuilder().clearBatchId().clearTimestamp().clearEvents().build();
    this.tailSize = tail.getSerializedSize();
  }

  /**
   * Writes one event.
   *
   * @throws BatchTooLargeException if the event would take the batch past its limit; it is not
   *     written, and the writer refuses everything after it
   */
  void write(Event event) throws IOException {
    checkOpen();
    start();
    long eventSize = CodedOutputStream.computeMessageSize(EVENTS, event);
    if (size + eventSize + tailSize > limit) {
      refused = true;
      throw new BatchTooLargeException("events[" + count + "] (" + eventSize + " bytes) does not fit: the binary"
          + " EventBatch would pass " + limit + " bytes" + (limit == Integer.MAX_VALUE ? ", the most protobuf can"
          + " read as one message" : "") + " (" + count + " events in " + size + " bytes were written before it);"
          + " split the input into smaller files, or write JSON Lines (--to jsonl), which has no such limit");
    }
    out.writeMessage(EVENTS, event);
    size += eventSize;
    count++;
  }

  /** Writes the rest of the batch's own fields and flushes the stream. */
  void finish() throws IOException {
    checkOpen();
    start();
    tail.writeTo(out);
    size += tailSize;
    finished = true;
    out.flush();
    stream.flush();
  }

  /** How many events have been written. */
  long count() {
    return count;
  }

  /** How many bytes the batch takes so far. */
  long size() {
    return size;
  }

  private void start() throws IOException {
    if (!started) {
      started = true;
      long headSize = head.getSerializedSize();
      if (headSize + tailSize > limit) {
        refused = true;
        throw new BatchTooLargeException("the binary EventBatch's own fields take " + (headSize + tailSize)
            + " bytes, more than its limit of " + limit + "; shorten its metadata, or write JSON Lines (--to jsonl)");
      }
      head.writeTo(out);
      size = headSize;
    }
  }

  private void checkOpen() {
    if (finished) {
      throw new IllegalStateException("the batch is already finished");
    }
    if (refused) {
      throw new IllegalStateException("the batch was refused as too large; its output is incomplete");
    }
  }
}
