package ai.chaukas.spec.exporter;

import ai.chaukas.spec.client.v1.IngestEventBatchRequest;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.server.v1.IngestEventBatchResponse;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;

/** Reading what the exporter sent, and answering it as a platform does. */
final class Bodies {

  private Bodies() {}

  static IngestEventBatchRequest batch(ScriptedHttpServer.Received request) {
    try {
      return IngestEventBatchRequest.parseFrom(request.body());
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("not an IngestEventBatchRequest: " + request.path(), e);
    }
  }

  /** The ids of the events a request carried, single or batch. */
  static List<String> ids(ScriptedHttpServer.Received request) {
    try {
      if (request.path().endsWith("/events/batch")) {
        return batch(request).getEventBatch().getEventsList().stream().map(Event::getEventId).toList();
      }
      return List.of(ai.chaukas.spec.client.v1.IngestEventRequest.parseFrom(request.body())
          .getEvent().getEventId());
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  /** What the reference server answers to a batch, with these ids rejected. */
  static byte[] accepted(ScriptedHttpServer.Received request, String... rejected) {
    List<String> ids = ids(request);
    return IngestEventBatchResponse.newBuilder()
        .setAcceptedCount(ids.size() - rejected.length)
        .setRejectedCount(rejected.length)
        .addAllRejectedEventIds(List.of(rejected))
        .build().toByteArray();
  }

  /** Events e-0 … e-(n-1) of about 1.5 KB each. */
  static List<Event> events(int n) {
    Event template = ai.chaukas.spec.testing.internal.SampleEvents.llmInvocation();
    java.util.ArrayList<Event> events = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(template.toBuilder().setEventId("e-" + i).setSpanId("span-" + i).build());
    }
    return events;
  }
}
