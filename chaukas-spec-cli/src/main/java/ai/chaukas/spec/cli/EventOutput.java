package ai.chaukas.spec.cli;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.toolkit.json.JsonLinesWriter;
import ai.chaukas.spec.toolkit.json.OpenApiJson;
import ai.chaukas.spec.toolkit.json.ProtoJson;
import com.google.protobuf.Message;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where {@code convert}, {@code chain} and {@code redact} write events, in memory bounded by one
 * event: JSON Lines (proto field names unless {@code --json-names camel}) and a binary {@code
 * EventBatch} are streamed; the other document forms (JSON documents, a binary Event or request)
 * collect the events and write them at {@link #commit()} in one message, which may be at most
 * {@link EventInput#MAX_DOCUMENT_BYTES} long, as a document that chaukas reads whole may be. A
 * single JSON or binary input keeps its container; anything else becomes an EventBatch.
 *
 * <p>With {@code -o FILE} everything goes to a {@link ReplacedFile} that replaces FILE at {@link
 * #commit()}; {@link #close()} without a commit deletes it, so a command that fails leaves FILE as
 * it was. FILE may be one of the inputs: the commit then first checks that nothing changed that
 * input while it was read, and refuses otherwise. Standard output cannot be taken back: a streamed
 * command that fails half-way has written the events before the failure.
 */
final class EventOutput implements Closeable {

  private final InputFormat target;
  private final Container container;
  private final List<EventInput> inputs;
  private final boolean singleDocument;
  private final boolean protoNames;
  private final Path requested;
  private final ReplacedFile file;
  private final List<EventInput> replacedInputs;
  private final OutputStream stream;
  private final JsonLinesWriter lines;
  private final BinaryBatchWriter batch;
  private final List<Event> collected;
  private long collectedBytes;
  private long written;
  private boolean streamClosed;
  private boolean committed;

  private EventOutput(OutputOptions options, List<EventInput> inputs, InputFormat target, Container container,
      ReplacedFile file, List<EventInput> replacedInputs, OutputStream stream) {
    this.target = target;
    this.container = container;
    this.inputs = inputs;
    this.singleDocument = inputs.size() == 1 && inputs.get(0).container() != null;
    this.protoNames = options.protoNames;
    this.requested = options.output;
    this.file = file;
    this.replacedInputs = replacedInputs;
    this.stream = stream;
    this.lines = target == InputFormat.JSONL
        ? JsonLinesWriter.builder().preservingProtoFieldNames(options.jsonNames == JsonNames.PROTO).build(stream)
        : null;
    this.batch = target == InputFormat.BINARY && container == Container.EVENT_BATCH
        ? new BinaryBatchWriter(stream, singleDocument && !inputs.get(0).streamsBatch() ? inputs.get(0).batch() : null)
        : null;
    this.collected = lines == null && batch == null ? new ArrayList<>() : null;
  }

  /**
   * Opens the output the options describe for these inputs; notes (leftovers of interrupted runs
   * removed) go to {@code err}.
   */
  static EventOutput open(OutputOptions options, List<EventInput> inputs, PrintWriter err, String command)
      throws IOException {
    InputFormat target = options.target(inputs);
    Container forced = options.outputContainer;
    boolean singleDocument = inputs.size() == 1 && inputs.get(0).container() != null;
    Container container = forced != null ? forced : singleDocument ? inputs.get(0).container() : Container.EVENT_BATCH;
    if (options.output == null) {
      return new EventOutput(options, inputs, target, container, null, List.of(),
          new BufferedOutputStream(nonClosing(System.out), 1 << 16));
    }
    ReplacedFile file = ReplacedFile.create(options.output);
    for (String leftover : file.leftoversRemoved()) {
      err.println("chaukas " + command + ": removed " + Printable.of(leftover) + ", left by an interrupted run");
    }
    List<EventInput> replaced = new ArrayList<>();
    for (EventInput in : inputs) {
      if (in.isFile(file.target())) {
        replaced.add(in);
      }
    }
    return new EventOutput(options, inputs, target, container, file, replaced,
        new BufferedOutputStream(file.stream(), 1 << 16));
  }

  /** The format being written. */
  InputFormat target() {
    return target;
  }

  /** Whether events go to standard output. */
  boolean toStandardOutput() {
    return file == null;
  }

  /** How many events were written or collected. */
  long count() {
    return written;
  }

  /** {@code failed after N events: WHY}, and that {@code -o FILE} is unchanged, for an output that failed. */
  String failedAfter(IOException e) {
    return "failed after " + written + " events: " + describe(e)
        + (file == null ? "" : "; " + Printable.of(requested.toString()) + " is unchanged");
  }

  /** What a command that stopped half-way leaves behind, to follow {@code stopped; }. */
  String leftBehind() {
    return file == null
        ? "the output holds only the " + written + " events before it: do not use it"
        : "nothing was written, " + Printable.of(requested.toString()) + " is unchanged";
  }

  /**
   * Writes (streamed forms) or collects (documents) one event.
   *
   * @throws IOException if the output fails, or would outgrow what its form can hold
   */
  void write(Event event) throws IOException {
    if (lines != null) {
      lines.write(event);
    } else if (batch != null) {
      batch.write(event);
    } else {
      collectedBytes += event.getSerializedSize();
      if (collectedBytes > EventInput.MAX_DOCUMENT_BYTES) {
        throw new IOException("the events do not fit in one " + target.cliName() + " " + container.cliName()
            + " document of at most " + (EventInput.MAX_DOCUMENT_BYTES >> 20) + " MiB, which is read whole; write"
            + " --to jsonl, or --to binary with --output-container batch, which are streamed");
      }
      collected.add(event);
    }
    written++;
  }

  /**
   * Finishes the output: writes the document, makes it durable and moves it to {@code -o}, after
   * checking that an input it replaces did not change while it was read.
   *
   * @throws IllegalArgumentException if the events do not fit the container (several events as one
   *     event); nothing is written then
   * @throws UnusableInputException if an input that {@code -o} replaces changed while it was read;
   *     nothing is written then
   */
  void commit() throws IOException, UnusableInputException {
    EventBatch template = singleDocument ? inputs.get(0).batch() : null;
    if (lines != null) {
      lines.flush();
    } else if (batch != null) {
      batch.finish();
      if (singleDocument && inputs.get(0).streamsBatch()) {
        // A streamed input's own fields are known only now: protobuf merges fields that follow the events.
        template.toBuilder().clearEvents().build().writeTo(stream);
      }
    } else {
      writeDocument(container.wrap(collected, template));
    }
    stream.flush();
    streamClosed = true;
    stream.close();
    for (EventInput in : replacedInputs) {
      in.checkUnchanged();
    }
    if (file != null) {
      file.commit();
    }
    committed = true;
  }

  private void writeDocument(Message message) throws IOException {
    switch (target) {
      case BINARY -> message.writeTo(stream);
      case PROTO_JSON, OPENAPI_JSON -> {
        Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
        if (target == InputFormat.OPENAPI_JSON) {
          OpenApiJson.defaults().print(message, w);
        } else {
          w.write(ProtoJson.builder().preservingProtoFieldNames(protoNames).build().print(message));
        }
        w.write('\n');
        w.flush();
      }
      case JSONL -> throw new IllegalStateException("JSON Lines are streamed");
    }
  }

  /** Without a {@link #commit()}: discards the temporary file (standard output is only flushed). */
  @Override
  public void close() throws IOException {
    if (committed) {
      return;
    }
    try {
      if (!streamClosed) {
        streamClosed = true;
        if (lines != null) {
          lines.flush();
        }
        stream.close();
      }
    } finally {
      if (file != null) {
        file.discard();
      }
    }
  }

  /** A file error in words: what failed and on which file. */
  static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException f) {
      return Printable.of(f.getFile()) + ": no such file or directory";
    }
    if (e instanceof java.nio.file.AccessDeniedException f) {
      return Printable.of(f.getFile()) + ": permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException f) {
      return Printable.of(f.getFile()) + ": " + (f.getReason() == null ? f.getClass().getSimpleName() : f.getReason());
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : Printable.of(e.getMessage());
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        out.flush();
      }
    };
  }
}
