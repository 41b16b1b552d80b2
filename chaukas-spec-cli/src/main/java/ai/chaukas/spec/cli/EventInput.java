package ai.chaukas.spec.cli;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.toolkit.json.JsonDecodeException;
import ai.chaukas.spec.toolkit.json.JsonLinesReader;
import ai.chaukas.spec.toolkit.json.OpenApiJson;
import ai.chaukas.spec.toolkit.json.ProtoJson;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The events of one input file, in whichever format it has, read in memory bounded by the size of
 * one event, whatever the size of the file:
 *
 * <ul>
 *   <li>JSON Lines are streamed line by line.
 *   <li>A binary {@code EventBatch} or {@code IngestEventBatchRequest} is streamed event by event.
 *   <li>A JSON document, and a binary {@code Event} or {@code IngestEventRequest}, is read whole and
 *       may be at most {@link #MAX_DOCUMENT_BYTES} long, the same bound as one JSON Lines line.
 *   <li>An input with no bytes, or only white space, holds no events, whatever its format.
 * </ul>
 *
 * <p>Standard input, pipes and character devices are read as streams. A regular file remembers its
 * identity, size and modification time, so that a command that replaces it can first check that
 * nothing changed it while it was read ({@link #checkUnchanged()}).
 */
final class EventInput implements Closeable {

  /**
   * One event, or one unreadable line, with where it is in the file. {@code incomplete} marks an
   * unreadable last line that has no line end: a line still being written, not a damaged one.
   */
  record Item(String location, Event event, String error, boolean incomplete) {}

  /** Longest JSON document, binary Event or IngestEventRequest, and binary event in a batch. */
  static final int MAX_DOCUMENT_BYTES = 16 << 20;

  /** Binary inputs up to this size are parsed whole to find their container. */
  private static final int WHOLE_BINARY_BYTES = 1 << 20;

  private static final int SNIFF_BYTES = 1 << 16;
  private static final ProtoJson PROTO_JSON = ProtoJson.builder().lenientTimestamps(true).build();

  private final String name;
  private final Path path;
  private final FileState state;
  private final CountingInputStream counted;
  private InputFormat format;
  private Container container;
  private boolean empty;
  private Message document;
  private List<Event> events = List.of();
  private JsonLinesReader lines;
  private BinaryBatchReader batchReader;
  private long nextIndex;

  private EventInput(String name, Path path, FileState state, CountingInputStream counted) {
    this.name = name;
    this.path = path;
    this.state = state;
    this.counted = counted;
  }

  /**
   * Opens {@code file} ({@code -} for standard input), detecting its format and container unless
   * they are given.
   */
  static EventInput open(String file, InputFormat format, Container container) throws UnusableInputException {
    String label = Printable.of(file);
    Path path = null;
    FileState state = null;
    InputStream raw;
    try {
      if (file.equals("-")) {
        raw = System.in;
        path = standardInputFile();
        if (path != null) {
          state = FileState.of(Files.readAttributes(path, BasicFileAttributes.class));
        }
      } else {
        path = Path.of(file);
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        if (attributes.isDirectory()) {
          throw new UnusableInputException(label + ": is a directory; name the event files in it");
        }
        if (attributes.isRegularFile()) {
          state = FileState.of(attributes);
          raw = Files.newInputStream(path);
        } else {
          // Pipes, <(...) and /dev/stdin: FileInputStream never seeks, which a pipe cannot do.
          raw = new FileInputStream(path.toFile());
          path = null;
        }
      }
    } catch (NoSuchFileException e) {
      throw new UnusableInputException(label + ": no such file");
    } catch (IOException e) {
      throw new UnusableInputException(label + ": cannot be read (" + e.getMessage() + ")", e);
    }
    CountingInputStream counted = new CountingInputStream(raw);
    EventInput input = new EventInput(file, path, state, counted);
    try {
      input.start(new BufferedInputStream(counted, SNIFF_BYTES), format, container, label);
    } catch (IOException e) {
      closeQuietly(counted);
      throw new UnusableInputException(label + ": cannot be read (" + e.getMessage() + ")", e);
    } catch (UnusableInputException | RuntimeException e) {
      closeQuietly(counted);
      throw e;
    }
    return input;
  }

  private void start(BufferedInputStream in, InputFormat givenFormat, Container givenContainer, String label)
      throws IOException, UnusableInputException {
    in.mark(SNIFF_BYTES);
    byte[] head = in.readNBytes(SNIFF_BYTES);
    in.reset();
    int first = firstNonWhitespace(head, 0);
    if (first < 0 && head.length < SNIFF_BYTES) {
      empty = true;
      format = givenFormat != null ? givenFormat : byName(name).orElse(InputFormat.JSONL);
      container = format == InputFormat.JSONL ? null : givenContainer != null ? givenContainer : Container.EVENT_BATCH;
      in.close();
      return;
    }
    InputFormat detected = givenFormat != null ? givenFormat : detect(head, first);
    if (detected == InputFormat.JSONL) {
      format = InputFormat.JSONL;
      lines = JsonLinesReader.builder().codec(PROTO_JSON).build(in);
    } else if (detected == InputFormat.BINARY) {
      format = InputFormat.BINARY;
      startBinary(in, givenContainer, label);
    } else {
      startJson(in, givenFormat, givenContainer, label);
    }
  }

  private void startBinary(BufferedInputStream in, Container given, String label)
      throws IOException, UnusableInputException {
    byte[] prefix = in.readNBytes(WHOLE_BINARY_BYTES + 1);
    if (prefix.length <= WHOLE_BINARY_BYTES) {
      in.close();
      container = given != null ? given : detectBinary(label, prefix, prefix.length);
      setDocument(parseBinary(label, prefix, prefix.length, container));
      return;
    }
    long total = state == null ? -1 : state.size();
    container = given != null ? given
        : BinaryBatchReader.detect(Arrays.copyOf(prefix, SNIFF_BYTES), total).orElse(null);
    if (container == Container.EVENT_BATCH || container == Container.INGEST_EVENT_BATCH_REQUEST) {
      batchReader = new BinaryBatchReader(new SequenceInputStream(new ByteArrayInputStream(prefix), in), container,
          MAX_DOCUMENT_BYTES);
      return;
    }
    byte[] whole = Arrays.copyOf(prefix, MAX_DOCUMENT_BYTES + 1);
    int length = prefix.length + in.readNBytes(whole, prefix.length, whole.length - prefix.length);
    in.close();
    if (length > MAX_DOCUMENT_BYTES) {
      throw new UnusableInputException(label + ": is a binary " + (container == null ? "message" : container.cliName())
          + " of more than " + mib(MAX_DOCUMENT_BYTES) + " that is not an EventBatch or IngestEventBatchRequest"
          + " (those are read event by event); one event is at most " + mib(MAX_DOCUMENT_BYTES)
          + (container == null ? "; pass --container if you know what it holds" : ""));
    }
    if (container == null) {
      container = detectBinary(label, whole, length);
    }
    setDocument(parseBinary(label, whole, length, container));
  }

  private void startJson(BufferedInputStream in, InputFormat givenFormat, Container givenContainer, String label)
      throws IOException, UnusableInputException {
    byte[] bytes = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
    in.close();
    if (bytes.length > MAX_DOCUMENT_BYTES) {
      throw new UnusableInputException(label + ": is a JSON document of more than " + mib(MAX_DOCUMENT_BYTES)
          + ", and a JSON document is read whole; write large sets of events as JSON Lines (one event per line,"
          + " as 'chaukas convert --to jsonl' writes) or as a binary batch, which are read event by event");
    }
    String text = Utf8Text.decode(bytes, bytes.length, name, 1);
    DocumentShape shape = DocumentShape.of(text, label);
    container = givenContainer != null ? givenContainer : shape.container();
    format = givenFormat != null ? givenFormat : shape.form(container);
    setDocument(decodeJson(label, text, format, container));
  }

  private void setDocument(Message message) {
    document = message;
    events = container.eventsOf(message);
  }

  String name() {
    return name;
  }

  /** The file name as it may be printed. */
  String label() {
    return Printable.of(name);
  }

  InputFormat format() {
    return format;
  }

  /** The document's container; null for JSON Lines. */
  Container container() {
    return container;
  }

  /** Whether the input held no bytes but white space. */
  boolean isEmpty() {
    return empty;
  }

  /** {@code jsonl}, {@code binary ingest-batch}, ..., or {@code empty}. */
  String describeFormat() {
    return empty ? "empty" : format.cliName() + (container == null ? "" : " " + container.cliName());
  }

  /** Whether the input is a binary batch read event by event, whose own fields come at the end. */
  boolean streamsBatch() {
    return batchReader != null;
  }

  /**
   * The batch whose own fields (batch id, totals) the input carries; null for single events and
   * JSON Lines. A streamed batch knows them only once {@link #next()} has returned empty.
   */
  EventBatch batch() {
    if (batchReader != null) {
      return batchReader.batch();
    }
    return document == null ? null : container.batchOf(document);
  }

  /** The next event or unreadable line; empty at the end. */
  Optional<Item> next() throws IOException, UnusableInputException {
    if (lines != null) {
      Optional<JsonLinesReader.Entry> entry;
      try {
        entry = lines.next();
      } catch (JsonDecodeException e) {
        throw new IllegalStateException("the reader is not fail-fast", e);
      }
      if (entry.isEmpty()) {
        return Optional.empty();
      }
      JsonLinesReader.Entry e = entry.get();
      return Optional.of(e.isOk()
          ? new Item("line " + e.line(), e.event(), null, false)
          : new Item("line " + e.line(), null, Printable.of(e.error().getMessage()), e.isIncomplete()));
    }
    if (batchReader != null) {
      long index = nextIndex;
      Optional<Event> event;
      try {
        event = batchReader.next();
      } catch (BinaryBatchReader.MalformedBatchException e) {
        throw new UnusableInputException(label() + ": " + Printable.of(e.getMessage()), e);
      }
      if (event.isPresent()) {
        nextIndex++;
      }
      return event.map(ev -> new Item("events[" + index + "]", ev, null, false));
    }
    if (nextIndex >= events.size()) {
      return Optional.empty();
    }
    int i = (int) nextIndex++;
    String location = container == Container.EVENT || container == Container.INGEST_EVENT_REQUEST ? "event" : "events[" + i + "]";
    return Optional.of(new Item(location, events.get(i), null, false));
  }

  /** Whether this input is the file at {@code other}. */
  boolean isFile(Path other) {
    try {
      return path != null && state != null && Files.exists(other) && Files.isSameFile(path, other);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Checks that the input was read to its end and that nothing changed it since it was opened:
   * the same file, of the same size and modification time.
   *
   * @throws UnusableInputException saying what changed
   */
  void checkUnchanged() throws UnusableInputException {
    if (state == null) {
      return;
    }
    FileState now;
    try {
      now = FileState.of(Files.readAttributes(path, BasicFileAttributes.class));
    } catch (IOException e) {
      now = null;
    }
    String what = null;
    if (now == null || !Objects.equals(now.key(), state.key())) {
      what = "was replaced or removed while it was read";
    } else if (now.size() != state.size() || counted.count() != state.size()) {
      what = "changed while it was read (" + state.size() + " bytes when opened, " + Math.max(now.size(), counted.count())
          + " bytes now)";
    } else if (!now.modified().equals(state.modified())) {
      what = "was modified while it was read";
    }
    if (what != null) {
      throw new UnusableInputException(label() + " " + what + ": something is writing to it, and replacing it now"
          + " would lose what was written; it is left as it was. Write the output to another file, or run again"
          + " when nothing writes to it");
    }
  }

  @Override
  public void close() throws IOException {
    counted.close();
  }

  // --- detection -------------------------------------------------------------------------------

  private static Optional<InputFormat> byName(String file) {
    String lower = file.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
      return Optional.of(InputFormat.JSONL);
    }
    if (lower.endsWith(".bin") || lower.endsWith(".pb") || lower.endsWith(".binpb")) {
      return Optional.of(InputFormat.BINARY);
    }
    return Optional.empty();
  }

  private InputFormat detect(byte[] head, int first) {
    if (byName(name).orElse(null) == InputFormat.JSONL) {
      return InputFormat.JSONL;
    }
    if (first < 0 || head[first] != '{') {
      return InputFormat.BINARY;
    }
    // JSON Lines: a first line that is a whole JSON object, followed by another object.
    int newline = indexOf(head, (byte) '\n', first);
    if (newline < 0 || firstNonWhitespace(head, newline) < 0) {
      return InputFormat.PROTO_JSON; // the form is refined once the document is read
    }
    try (JsonReader line = new JsonReader(new StringReader(
        new String(head, first, newline - first, java.nio.charset.StandardCharsets.UTF_8)))) {
      line.skipValue();
      return line.peek() == JsonToken.END_DOCUMENT ? InputFormat.JSONL : InputFormat.PROTO_JSON;
    } catch (IOException | RuntimeException notAWholeLine) {
      return InputFormat.PROTO_JSON;
    }
  }

  private static int firstNonWhitespace(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t' && b != (byte) 0xEF && b != (byte) 0xBB && b != (byte) 0xBF) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static Message decodeJson(String label, String text, InputFormat form, Container container)
      throws UnusableInputException {
    try {
      Message.Builder builder = container.newBuilder();
      if (form == InputFormat.OPENAPI_JSON) {
        OpenApiJson.defaults().merge(text, builder);
      } else {
        PROTO_JSON.merge(text, builder);
      }
      return builder.build();
    } catch (JsonDecodeException e) {
      boolean tooLarge = e.getMessage().contains("JsonLimits.");
      throw new UnusableInputException(label + ": cannot be read as " + form.cliName() + " " + container.cliName()
          + ": " + Printable.of(e.getMessage()) + (tooLarge
              ? "; a JSON document is bounded like one JSON Lines line: write large sets of events as JSON Lines"
              : " (pass --format or --container if the guess is wrong)"), e);
    }
  }

  /** The first container whose parse leaves no field unknown and holds what it should. */
  private static Container detectBinary(String label, byte[] bytes, int length) throws UnusableInputException {
    for (Container c : Container.values()) {
      try {
        Message m = c.newBuilder().mergeFrom(bytes, 0, length).build();
        if (!hasUnknownFields(m) && plausible(c, m)) {
          return c;
        }
      } catch (InvalidProtocolBufferException notThisOne) {
        // try the next container
      }
    }
    throw new UnusableInputException(label + ": is neither JSON nor a binary Event, EventBatch, IngestEventRequest or"
        + " IngestEventBatchRequest; pass --format and --container if you know what it is");
  }

  private static boolean plausible(Container c, Message m) {
    List<Event> events = c.eventsOf(m);
    if (events.isEmpty()) {
      return false;
    }
    return events.stream().allMatch(e -> !e.getEventId().isEmpty() || e.getTypeValue() != 0);
  }

  private static boolean hasUnknownFields(Message m) {
    if (!m.getUnknownFields().asMap().isEmpty()) {
      return true;
    }
    for (Map.Entry<FieldDescriptor, Object> field : m.getAllFields().entrySet()) {
      if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      if (field.getKey().isRepeated()) {
        for (Object element : (List<?>) field.getValue()) {
          if (element instanceof Message nested && hasUnknownFields(nested)) {
            return true;
          }
        }
      } else if (hasUnknownFields((Message) field.getValue())) {
        return true;
      }
    }
    return false;
  }

  private static Message parseBinary(String label, byte[] bytes, int length, Container c) throws UnusableInputException {
    try {
      return c.newBuilder().mergeFrom(bytes, 0, length).build();
    } catch (InvalidProtocolBufferException e) {
      throw new UnusableInputException(label + ": is not a binary " + c.cliName() + " (" + e.getMessage() + ")", e);
    }
  }

  private static String mib(long bytes) {
    return (bytes >> 20) + " MiB";
  }

  /** The file behind standard input when it is redirected from a regular file, else null. */
  private static Path standardInputFile() {
    try {
      Path stdin = Path.of("/proc/self/fd/0").toRealPath();
      return Files.isRegularFile(stdin) ? stdin : null;
    } catch (IOException | RuntimeException notLinux) {
      return null;
    }
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // Already failing with a better message.
    }
  }

  /** What identifies a regular file's content as it was when opened. */
  private record FileState(Object key, long size, FileTime modified) {
    static FileState of(BasicFileAttributes a) {
      return new FileState(a.fileKey(), a.size(), a.lastModifiedTime());
    }
  }
}
