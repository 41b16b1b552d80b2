package ai.chaukas.spec.cli;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;

/**
 * What a JSON document holds, found by reading its tokens without building a tree: which container
 * its top-level members name, and whether its first event is in the OpenAPI form (a {@code
 * content} object, or a {@code type} without the {@code EVENT_TYPE_} prefix).
 */
record DocumentShape(boolean batchRequest, boolean eventRequest, boolean batch, FirstEvent first) {

  /** The first event's form markers, per container in which it may sit. */
  record FirstEvent(Boolean inEventRequest, Boolean inBatch, Boolean inBatchRequest, Boolean asEvent) {}

  /**
   * Reads the shape of {@code text}.
   *
   * @throws UnusableInputException if the text is not one JSON object
   */
  static DocumentShape of(String text, String label) throws UnusableInputException {
    boolean batchRequest = false;
    boolean eventRequest = false;
    boolean batch = false;
    Boolean inEventRequest = null;
    Boolean inBatch = null;
    Boolean inBatchRequest = null;
    try (JsonReader in = new JsonReader(new StringReader(text))) {
      if (in.peek() != JsonToken.BEGIN_OBJECT) {
        throw new UnusableInputException(label + ": a JSON document must be an object (an Event, EventBatch or request)");
      }
      in.beginObject();
      while (in.hasNext()) {
        switch (in.nextName()) {
          case "event_batch", "eventBatch" -> {
            batchRequest = true;
            inBatchRequest = inBatchRequest != null ? inBatchRequest : firstEventOfBatch(in);
          }
          case "event" -> {
            eventRequest = true;
            inEventRequest = inEventRequest != null ? inEventRequest : openApiEvent(in);
          }
          case "events" -> {
            batch = true;
            inBatch = inBatch != null ? inBatch : firstEventOfArray(in);
          }
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
    Boolean asEvent;
    try {
      asEvent = openApiEventOf(text);
    } catch (IOException | RuntimeException alreadyRead) {
      asEvent = null;
    }
    return new DocumentShape(batchRequest, eventRequest, batch,
        new FirstEvent(inEventRequest, inBatch, inBatchRequest, asEvent));
  }

  /** The container the top-level members name. */
  Container container() {
    if (batchRequest) {
      return Container.INGEST_EVENT_BATCH_REQUEST;
    }
    if (eventRequest) {
      return Container.INGEST_EVENT_REQUEST;
    }
    if (batch) {
      return Container.EVENT_BATCH;
    }
    return Container.EVENT;
  }

  /** OpenAPI when the container's first event is in that form, else proto3 JSON. */
  InputFormat form(Container container) {
    Boolean openApi = switch (container) {
      case INGEST_EVENT_BATCH_REQUEST -> first.inBatchRequest();
      case INGEST_EVENT_REQUEST -> first.inEventRequest();
      case EVENT_BATCH -> first.inBatch();
      case EVENT -> first.asEvent();
    };
    return Boolean.TRUE.equals(openApi) ? InputFormat.OPENAPI_JSON : InputFormat.PROTO_JSON;
  }

  private static Boolean openApiEventOf(String text) throws IOException {
    try (JsonReader in = new JsonReader(new StringReader(text))) {
      return openApiEvent(in);
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
      } else if (member.equals("type") && in.peek() == JsonToken.STRING) {
        openApi |= !in.nextString().startsWith("EVENT_TYPE_");
      } else {
        in.skipValue();
      }
    }
    in.endObject();
    return openApi;
  }
}
