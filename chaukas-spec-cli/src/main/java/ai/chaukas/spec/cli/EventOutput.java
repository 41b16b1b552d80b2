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
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Where {@code convert}, {@code chain} and {@code redact} write events: JSON Lines are
 * streamed one event at a time (constant memory); a document format collects the events and writes
 * them at {@link #commit()} in one message — the container of a single JSON or binary input, else an
 * EventBatch.
 *
 * <p>With {@code -o FILE} everything goes to a temporary file next to it that replaces FILE at
 * {@link #commit()}; {@link #close()} without a commit deletes it, so a command that fails leaves
 * FILE as it was (and FILE may be one of the inputs). Standard output cannot be taken back: a
 * streamed command that fails half-way has written the events before the failure.
 */
final class EventOutput implements Closeable {

  private final InputFormat target;
  private final Container container;
  private final EventBatch template;
  private final boolean protoNames;
  private final Path output;
  private final Path temp;
  private final OutputStream stream;
  private final JsonLinesWriter lines;
  private final List<Event> collected;
  private long written;
  private boolean streamClosed;
  private boolean committed;

  private EventOutput(InputFormat target, Container container, EventBatch template, boolean protoNames,
      Path output, Path temp, OutputStream stream) {
    this.target = target;
    this.container = container;
    this.template = template;
    this.protoNames = protoNames;
    this.output = output;
    this.temp = temp;
    this.stream = stream;
    this.lines = target == InputFormat.JSONL ? new JsonLinesWriter(stream) : null;
    this.collected = target == InputFormat.JSONL ? null : new ArrayList<>();
  }

  /** Opens the output the options describe for these inputs. */
  static EventOutput open(OutputOptions options, List<EventInput> inputs) throws IOException {
    InputFormat target = options.target(inputs);
    Container forced = options.outputContainer;
    boolean singleDocument = inputs.size() == 1 && inputs.get(0).container() != null;
    Container container = forced != null ? forced : singleDocument ? inputs.get(0).container() : Container.EVENT_BATCH;
    EventBatch template = singleDocument ? inputs.get(0).batch() : null;
    Path output = options.output;
    Path temp = null;
    OutputStream raw;
    if (output == null) {
      raw = nonClosing(System.out);
    } else {
      Path absolute = output.toAbsolutePath();
      Path dir = absolute.getParent();
      if (!Files.isDirectory(dir)) {
        throw new java.nio.file.NoSuchFileException(dir.toString());
      }
      temp = dir.resolve("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
      raw = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
    return new EventOutput(target, container, template, options.protoNames, output, temp,
        new BufferedOutputStream(raw, 1 << 16));
  }

  /** The format being written. */
  InputFormat target() {
    return target;
  }

  /** Whether events go to standard output. */
  boolean toStandardOutput() {
    return output == null;
  }

  /** How many events were written or collected. */
  long count() {
    return written;
  }

  /** Writes (JSON Lines) or collects (documents) one event. */
  void write(Event event) throws IOException {
    written++;
    if (lines != null) {
      lines.write(event);
    } else {
      collected.add(event);
    }
  }

  /**
   * Finishes the output: writes the document, flushes, and moves the temporary file to {@code -o}.
   *
   * @throws IllegalArgumentException if the events do not fit the container (several events as one
   *     event); nothing is written then
   */
  void commit() throws IOException {
    if (lines != null) {
      lines.flush();
    } else {
      Message message = container.wrap(collected, template);
      writeDocument(message);
    }
    stream.flush();
    streamClosed = true;
    stream.close();
    if (temp != null) {
      try {
        Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING);
      }
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
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** A file error in words: what failed and on which file. */
  static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException f) {
      return f.getFile() + ": no such file or directory";
    }
    if (e instanceof java.nio.file.AccessDeniedException f) {
      return f.getFile() + ": permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException f) {
      return f.getFile() + ": " + (f.getReason() == null ? f.getClass().getSimpleName() : f.getReason());
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
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
