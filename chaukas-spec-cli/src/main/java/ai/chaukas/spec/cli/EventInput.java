package ai.chaukas.spec.cli;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.toolkit.json.JsonDecodeException;
import ai.chaukas.spec.toolkit.json.JsonLinesReader;
import ai.chaukas.spec.toolkit.json.OpenApiJson;
import ai.chaukas.spec.toolkit.json.ProtoJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The events of one input file, in whichever format it has. JSON Lines are streamed line by line
 * in constant memory; a JSON or binary document is read whole (use JSON Lines for large files).
 */
final class EventInput implements Closeable {

  /** One event, or one unreadable line, with where it is in the file. */
  record Item(String location, Event event, String error) {}

  private static final int SNIFF_BYTES = 1 << 16;
  private static final ProtoJson PROTO_JSON = ProtoJson.builder().lenientTimestamps(true).build();

  private final String name;
  private final InputFormat format;
  private final Container container;
  private final Message document;
  private final JsonLinesReader lines;
  private final List<Event> events;
  private int nextIndex;

  private EventInput(String name, InputFormat format, Container container, Message document, JsonLinesReader lines) {
    this.name = name;
    this.format = format;
    this.container = container;
    this.document = document;
    this.lines = lines;
    this.events = document == null ? List.of() : container.eventsOf(document);
  }

  /**
   * Opens {@code file} ({@code -} for standard input), detecting its format and container unless
   * they are given.
   */
  static EventInput open(String file, InputFormat format, Container container) throws UnusableInputException {
    InputStream raw;
    try {
      raw = file.equals("-") ? System.in : Files.newInputStream(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new UnusableInputException(file + ": no such file");
    } catch (IOException e) {
      throw new UnusableInputException(file + ": cannot be read (" + e.getMessage() + ")", e);
    }
    BufferedInputStream in = new BufferedInputStream(raw, SNIFF_BYTES);
    try {
      InputFormat detected = format != null ? format : detect(file, in);
      if (detected == InputFormat.JSONL) {
        return new EventInput(file, detected, null, null, JsonLinesReader.builder().codec(PROTO_JSON).build(in));
      }
      byte[] bytes = in.readAllBytes();
      in.close();
      if (detected == InputFormat.BINARY) {
        Container c = container != null ? container : detectBinary(file, bytes);
        return new EventInput(file, detected, c, parseBinary(file, bytes, c), null);
      }
      String text = new String(bytes, StandardCharsets.UTF_8);
      JsonObject tree = parseTree(file, text);
      Container c = container != null ? container : detectContainer(tree);
      InputFormat form = format != null ? format : detectForm(tree, c);
      return new EventInput(file, form, c, decodeJson(file, text, form, c), null);
    } catch (IOException e) {
      throw new UnusableInputException(file + ": cannot be read (" + e.getMessage() + ")", e);
    }
  }

  String name() {
    return name;
  }

  InputFormat format() {
    return format;
  }

  /** The document's container; null for JSON Lines. */
  Container container() {
    return container;
  }

  /** The batch whose own fields (batch id, totals) the document carries; null otherwise. */
  EventBatch batch() {
    return document == null ? null : container.batchOf(document);
  }

  /** The next event or unreadable line; empty at the end. */
  Optional<Item> next() throws IOException {
    if (lines != null) {
      try {
        Optional<JsonLinesReader.Entry> entry = lines.next();
        if (entry.isEmpty()) {
          return Optional.empty();
        }
        JsonLinesReader.Entry e = entry.get();
        return Optional.of(e.isOk()
            ? new Item("line " + e.line(), e.event(), null)
            : new Item("line " + e.line(), null, e.error().getMessage()));
      } catch (JsonDecodeException e) {
        throw new IllegalStateException("the reader is not fail-fast", e);
      }
    }
    if (nextIndex >= events.size()) {
      return Optional.empty();
    }
    int i = nextIndex++;
    String location = container == Container.EVENT || container == Container.INGEST_EVENT_REQUEST ? "event" : "events[" + i + "]";
    return Optional.of(new Item(location, events.get(i), null));
  }

  @Override
  public void close() throws IOException {
    if (lines != null) {
      lines.close();
    }
  }

  // --- detection -------------------------------------------------------------------------------

  private static InputFormat detect(String file, BufferedInputStream in) throws IOException, UnusableInputException {
    String lower = file.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
      return InputFormat.JSONL;
    }
    in.mark(SNIFF_BYTES);
    byte[] head = in.readNBytes(SNIFF_BYTES);
    in.reset();
    int first = firstNonWhitespace(head, 0);
    if (first < 0) {
      throw new UnusableInputException(file + ": is empty; there is nothing to read");
    }
    if (head[first] != '{') {
      return InputFormat.BINARY;
    }
    // JSON Lines: a first line that is a whole JSON object, followed by another object.
    int newline = indexOf(head, (byte) '\n', first);
    if (newline < 0 || firstNonWhitespace(head, newline) < 0) {
      return InputFormat.PROTO_JSON; // the form is refined once the document is parsed
    }
    String firstLine = new String(head, first, newline - first, StandardCharsets.UTF_8).trim();
    try {
      JsonParser.parseString(firstLine).getAsJsonObject();
      return InputFormat.JSONL;
    } catch (RuntimeException notAWholeLine) {
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

  private static JsonObject parseTree(String file, String text) throws UnusableInputException {
    try {
      JsonElement tree = JsonParser.parseString(text);
      if (!tree.isJsonObject()) {
        throw new UnusableInputException(file + ": a JSON document must be an object (an Event, EventBatch or request)");
      }
      return tree.getAsJsonObject();
    } catch (RuntimeException e) {
      throw new UnusableInputException(file + ": is not valid JSON (" + e.getMessage()
          + "); if it is JSON Lines, name it *.jsonl or pass --format jsonl", e);
    }
  }

  private static Container detectContainer(JsonObject tree) {
    if (tree.has("event_batch") || tree.has("eventBatch")) {
      return Container.INGEST_EVENT_BATCH_REQUEST;
    }
    if (tree.has("event")) {
      return Container.INGEST_EVENT_REQUEST;
    }
    if (tree.has("events")) {
      return Container.EVENT_BATCH;
    }
    return Container.EVENT;
  }

  /** OpenAPI when an event has a {@code content} object or an unprefixed type. */
  private static InputFormat detectForm(JsonObject tree, Container container) {
    JsonObject event = switch (container) {
      case INGEST_EVENT_REQUEST -> object(tree.get("event"));
      case EVENT -> tree;
      case EVENT_BATCH -> firstEvent(tree);
      case INGEST_EVENT_BATCH_REQUEST -> firstEvent(object(tree.has("event_batch") ? tree.get("event_batch") : tree.get("eventBatch")));
    };
    if (event == null) {
      return InputFormat.PROTO_JSON;
    }
    if (event.has("content")) {
      return InputFormat.OPENAPI_JSON;
    }
    JsonElement type = event.get("type");
    if (type != null && type.isJsonPrimitive() && type.getAsJsonPrimitive().isString()
        && !type.getAsString().startsWith("EVENT_TYPE_")) {
      return InputFormat.OPENAPI_JSON;
    }
    return InputFormat.PROTO_JSON;
  }

  private static JsonObject object(JsonElement e) {
    return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
  }

  private static JsonObject firstEvent(JsonObject batch) {
    if (batch == null || !batch.has("events") || !batch.get("events").isJsonArray() || batch.getAsJsonArray("events").isEmpty()) {
      return null;
    }
    return object(batch.getAsJsonArray("events").get(0));
  }

  private static Message decodeJson(String file, String text, InputFormat form, Container container) throws UnusableInputException {
    try {
      Message.Builder builder = container.newBuilder();
      if (form == InputFormat.OPENAPI_JSON) {
        OpenApiJson.defaults().merge(text, builder);
      } else {
        PROTO_JSON.merge(text, builder);
      }
      return builder.build();
    } catch (JsonDecodeException e) {
      throw new UnusableInputException(file + ": cannot be read as " + form.cliName() + " " + container.cliName()
          + ": " + e.getMessage() + " (pass --format or --container if the guess is wrong)", e);
    }
  }

  /** The first container whose parse leaves no field unknown and holds what it should. */
  private static Container detectBinary(String file, byte[] bytes) throws UnusableInputException {
    for (Container c : Container.values()) {
      try {
        Message m = c.newBuilder().mergeFrom(bytes).build();
        if (!hasUnknownFields(m) && plausible(c, m)) {
          return c;
        }
      } catch (InvalidProtocolBufferException notThisOne) {
        // try the next container
      }
    }
    throw new UnusableInputException(file + ": is neither JSON nor a binary Event, EventBatch, IngestEventRequest or"
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
    for (Map.Entry<com.google.protobuf.Descriptors.FieldDescriptor, Object> field : m.getAllFields().entrySet()) {
      if (field.getKey().getJavaType() != com.google.protobuf.Descriptors.FieldDescriptor.JavaType.MESSAGE) {
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

  private static Message parseBinary(String file, byte[] bytes, Container c) throws UnusableInputException {
    try {
      return c.newBuilder().mergeFrom(bytes).build();
    } catch (InvalidProtocolBufferException e) {
      throw new UnusableInputException(file + ": is not a binary " + c.cliName() + " (" + e.getMessage() + ")", e);
    }
  }
}
