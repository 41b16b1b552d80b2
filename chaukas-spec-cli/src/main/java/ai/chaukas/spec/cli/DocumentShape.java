package ai.chaukas.spec.cli;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a JSON document holds, found in one pass over its tokens without building a tree: which
 * container its top-level members name, and, for each container it could be, whether its first
 * event is in the OpenAPI form (a {@code content} object, or a {@code type} without the {@code
 * EVENT_TYPE_} prefix).
 */
record DocumentShape(Container container, Map<Container, Boolean> openApi) {

  /**
   * Reads the shape of {@code text}.
   *
   * @throws UnusableInputException if the text is not one JSON object
   */
  static DocumentShape of(String text, String label) throws UnusableInputException {
    Map<Container, Boolean> openApi = new EnumMap<>(Container.class);
    boolean openApiEvent = false;
    try (JsonReader in = new JsonReader(new StringReader(text))) {
      if (in.peek() != JsonToken.BEGIN_OBJECT) {
        throw new UnusableInputException(label + ": a JSON document must be an object (an Event, EventBatch or request)");
      }
      in.beginObject();
      while (in.hasNext()) {
        switch (in.nextName()) {
          case "event_batch", "eventBatch" -> note(openApi, Container.INGEST_EVENT_BATCH_REQUEST, firstEventOfBatch(in));
          case "event" -> note(openApi, Container.INGEST_EVENT_REQUEST, openApiEvent(in));
          case "events" -> note(openApi, Container.EVENT_BATCH, firstEventOfArray(in));
          case "content" -> {
            openApiEvent = true;
            in.skipValue();
          }
          case "type" -> openApiEvent |= openApiType(in);
          default -> in.skipValue();
        }
      }
      in.endObject();
      if (in.peek() != JsonToken.END_DOCUMENT) {
        throw new IllegalStateException("more than one JSON value in the document");
      }
    } catch (IOException | RuntimeException e) {
      throw new UnusableInputException(label + ": is not valid JSON (" + Printable.of(e.getMessage())
          + "); if it is JSON Lines, name it *.jsonl or pass --format jsonl", e);
    }
    openApi.put(Container.EVENT, openApiEvent);
    Container container = Stream.of(Container.INGEST_EVENT_BATCH_REQUEST, Container.INGEST_EVENT_REQUEST,
        Container.EVENT_BATCH).filter(openApi::containsKey).findFirst().orElse(Container.EVENT);
    return new DocumentShape(container, openApi);
  }

  /** OpenAPI when the first event of the document read as {@code as} is in that form, else proto3 JSON. */
  InputFormat form(Container as) {
    return Boolean.TRUE.equals(openApi.get(as)) ? InputFormat.OPENAPI_JSON : InputFormat.PROTO_JSON;
  }

  /** Records that the document names {@code container}; its first occurrence decides the form. */
  private static void note(Map<Container, Boolean> openApi, Container container, Boolean firstEventOpenApi) {
    if (!openApi.containsKey(container)) {
      openApi.put(container, firstEventOpenApi);
    }
  }

  /** Reads a batch object; the form of its first event, or null when it has none. */
  private static Boolean firstEventOfBatch(JsonReader in) throws IOException {
    if (in.peek() != JsonToken.BEGIN_OBJECT) {
      in.skipValue();
      return null;
    }
    Boolean found = null;
    in.beginObject();
    while (in.hasNext()) {
      if (in.nextName().equals("events") && found == null) {
        found = firstEventOfArray(in);
      } else {
        in.skipValue();
      }
    }
    in.endObject();
    return found;
  }

  /** Reads an array of events; the form of the first, or null when it is empty or not an array. */
  private static Boolean firstEventOfArray(JsonReader in) throws IOException {
    if (in.peek() != JsonToken.BEGIN_ARRAY) {
      in.skipValue();
      return null;
    }
    in.beginArray();
    Boolean found = in.hasNext() ? openApiEvent(in) : null;
    while (in.hasNext()) {
      in.skipValue();
    }
    in.endArray();
    return found;
  }

  /** Reads one event object; whether it is in the OpenAPI form (null when it is not an object). */
  private static Boolean openApiEvent(JsonReader in) throws IOException {
    if (in.peek() != JsonToken.BEGIN_OBJECT) {
      in.skipValue();
      return null;
    }
    boolean openApi = false;
    in.beginObject();
    while (in.hasNext()) {
      String member = in.nextName();
      if (member.equals("content")) {
        openApi = true;
        in.skipValue();
      } else if (member.equals("type")) {
        openApi |= openApiType(in);
      } else {
        in.skipValue();
      }
    }
    in.endObject();
    return openApi;
  }

  /** Reads a {@code type} value; whether it is an enum name without the {@code EVENT_TYPE_} prefix. */
  private static boolean openApiType(JsonReader in) throws IOException {
    if (in.peek() != JsonToken.STRING) {
      in.skipValue();
      return false;
    }
    return !in.nextString().startsWith("EVENT_TYPE_");
  }
}
