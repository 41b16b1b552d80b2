package ai.chaukas.spec.cli;

import ai.chaukas.spec.client.v1.IngestEventBatchRequest;
import ai.chaukas.spec.client.v1.IngestEventRequest;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import com.google.protobuf.Message;
import java.util.List;

/** The message a JSON or binary document holds. */
enum Container implements CliNames.Named {
  /** {@code IngestEventBatchRequest}: the body of {@code POST /events/batch}. */
  INGEST_EVENT_BATCH_REQUEST("ingest-batch", IngestEventBatchRequest.getDefaultInstance()),
  /** {@code IngestEventRequest}: the body of {@code POST /events}. */
  INGEST_EVENT_REQUEST("ingest-event", IngestEventRequest.getDefaultInstance()),
  /** {@code EventBatch}. */
  EVENT_BATCH("batch", EventBatch.getDefaultInstance()),
  /** {@code Event}. */
  EVENT("event", Event.getDefaultInstance());

  private final String cliName;
  private final Message prototype;

  Container(String cliName, Message prototype) {
    this.cliName = cliName;
    this.prototype = prototype;
  }

  @Override
  public String cliName() {
    return cliName;
  }

  Message.Builder newBuilder() {
    return prototype.newBuilderForType();
  }

  /** Parses {@code --container} and {@code --output-container}. */
  static final class Converter extends CliNames.Converter<Container> {
    Converter() {
      super("container", List.of(EVENT, EVENT_BATCH, INGEST_EVENT_REQUEST, INGEST_EVENT_BATCH_REQUEST));
    }
  }

  /** The batch a message of this container holds, or null for single events. */
  EventBatch batchOf(Message message) {
    return switch (this) {
      case INGEST_EVENT_BATCH_REQUEST -> ((IngestEventBatchRequest) message).getEventBatch();
      case EVENT_BATCH -> (EventBatch) message;
      default -> null;
    };
  }

  /** The events a message of this container holds. */
  List<Event> eventsOf(Message message) {
    return switch (this) {
      case INGEST_EVENT_BATCH_REQUEST -> ((IngestEventBatchRequest) message).getEventBatch().getEventsList();
      case EVENT_BATCH -> ((EventBatch) message).getEventsList();
      case INGEST_EVENT_REQUEST -> List.of(((IngestEventRequest) message).getEvent());
      case EVENT -> List.of((Event) message);
    };
  }

  /** Wraps events into a message of this container. */
  Message wrap(List<Event> events, EventBatch template) {
    EventBatch batch = (template == null ? EventBatch.newBuilder() : template.toBuilder().clearEvents())
        .addAllEvents(events).build();
    return switch (this) {
      case INGEST_EVENT_BATCH_REQUEST -> IngestEventBatchRequest.newBuilder().setEventBatch(batch).build();
      case EVENT_BATCH -> batch;
      case INGEST_EVENT_REQUEST -> IngestEventRequest.newBuilder().setEvent(single(events)).build();
      case EVENT -> single(events);
    };
  }

  private Event single(List<Event> events) {
    if (events.size() != 1) {
      throw new IllegalArgumentException(
          events.size() + " events cannot be written as one " + cliName + "; use --output-container batch or --to jsonl");
    }
    return events.get(0);
  }
}
