package ai.chaukas.spec.cli;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.EventType;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.Optional;

/**
 * Streams a binary EventBatch of events made up on the fly through {@link BinaryBatchWriter}, a
 * pipe and {@link BinaryBatchReader}, and exits with 0 when the reader got every event in order and
 * the batch's own fields. {@link BinaryBatchMemoryIT} runs it in a JVM whose heap is far smaller
 * than the batch.
 *
 * <p>Arguments: the number of events and the size of each event's agent_name in bytes.
 */
final class BinaryBatchPipe {

  private BinaryBatchPipe() {}

  public static void main(String[] args) throws Exception {
    int events = Integer.parseInt(args[0]);
    int payload = Integer.parseInt(args[1]);
    EventBatch fields = EventBatch.newBuilder()
        .setBatchId("streamed")
        .setTimestamp(Timestamp.newBuilder().setSeconds(1_700_000_000L))
        .setMetadata(Struct.newBuilder().putFields("events", Value.newBuilder().setNumberValue(events).build()))
        .setTotalTokens(events)
        .build();
    PipedInputStream in = new PipedInputStream(1 << 20);
    PipedOutputStream out = new PipedOutputStream(in);
    Throwable[] writerFailure = new Throwable[1];
    Thread writer = new Thread(() -> {
      try (out) {
        BinaryBatchWriter batch = new BinaryBatchWriter(out, fields);
        for (int i = 0; i < events; i++) {
          batch.write(Event.newBuilder()
              .setEventId("evt-" + i)
              .setType(EventType.EVENT_TYPE_AGENT_START)
              .setSessionId("session")
              .setAgentName(Integer.toString(i).repeat(payload / Integer.toString(i).length()))
              .build());
        }
        batch.finish();
      } catch (IOException | RuntimeException e) {
        writerFailure[0] = e;
      }
    }, "batch-writer");
    writer.start();

    BinaryBatchReader reader = new BinaryBatchReader(in, Container.EVENT_BATCH, 16 << 20);
    long bytes = 0;
    int count = 0;
    for (Optional<Event> e; (e = reader.next()).isPresent(); count++) {
      if (!e.get().getEventId().equals("evt-" + count)) {
        throw new AssertionError("events[" + count + "] is " + e.get().getEventId());
      }
      bytes += e.get().getSerializedSize();
    }
    writer.join();
    if (writerFailure[0] != null) {
      throw new AssertionError("the writer failed", writerFailure[0]);
    }
    if (count != events || !reader.batch().equals(fields)) {
      throw new AssertionError("read " + count + " of " + events + " events and the fields " + reader.batch());
    }
    System.out.println("read " + count + " events, " + bytes + " bytes");
  }
}
