package ai.chaukas.spec.tests;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventType;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Requests exactly as the published Python agent SDK sent them: each body parses as both the
 * client and the server request type, and equals what the Python edition decoded from it.
 */
class PythonSdkVectorsTest {

  static byte[] resource(String name) {
    try (InputStream in = PythonSdkVectorsTest.class.getResourceAsStream("/vectors/python-sdk/" + name)) {
      assertThat(in).as("test resource %s", name).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses the body as {@code type} and compares it with the Python-decoded JSON, as messages. */
  private static <T extends Message> T parseAndCompare(
      String vector, Supplier<Message.Builder> newBuilder) throws Exception {
    @SuppressWarnings("unchecked")
    T fromWire = (T) newBuilder.get().mergeFrom(resource(vector + ".bin")).build();
    assertThat(fromWire.getUnknownFields().asMap()).as("fields this edition does not know").isEmpty();

    Message.Builder fromJson = newBuilder.get();
    JsonFormat.parser()
        .merge(new String(resource(vector + ".decoded.json"), StandardCharsets.UTF_8), fromJson);
    assertThat(fromWire).isEqualTo(fromJson.build());
    return fromWire;
  }

  /**
   * Parses the vector as the client and as the server request (see {@link #parseAndCompare}) and
   * returns the payload both carry, after checking that it is the same.
   */
  private static <C extends Message, S extends Message, P> P sameInBoth(
      String vector,
      Supplier<Message.Builder> newClient, Function<C, P> clientPayload,
      Supplier<Message.Builder> newServer, Function<S, P> serverPayload) throws Exception {
    C client = parseAndCompare(vector, newClient);
    S server = parseAndCompare(vector, newServer);
    assertThat(serverPayload.apply(server)).isEqualTo(clientPayload.apply(client));
    return clientPayload.apply(client);
  }

  @Test
  void singleEventParsesAsClientAndServerRequest() throws Exception {
    Event event = sameInBoth("01-events",
        ai.chaukas.spec.client.v1.IngestEventRequest::newBuilder,
        ai.chaukas.spec.client.v1.IngestEventRequest::getEvent,
        ai.chaukas.spec.server.v1.IngestEventRequest::newBuilder,
        ai.chaukas.spec.server.v1.IngestEventRequest::getEvent);
    assertThat(event.getType()).isEqualTo(EventType.EVENT_TYPE_SESSION_START);
    assertThat(event.getParentSpanId()).as("SESSION_START has no parent").isEmpty();
    assertThat(event.getTenantId()).isEqualTo("tenant-probe");
    assertThat(event.getMetadata().getFieldsOrThrow("probe").getBoolValue()).isTrue();
  }

  @Test
  void batchParsesAsClientAndServerRequest() throws Exception {
    List<Event> events = sameInBoth("02-events_batch",
        ai.chaukas.spec.client.v1.IngestEventBatchRequest::newBuilder,
        ai.chaukas.spec.client.v1.IngestEventBatchRequest::getEventBatch,
        ai.chaukas.spec.server.v1.IngestEventBatchRequest::newBuilder,
        ai.chaukas.spec.server.v1.IngestEventBatchRequest::getEventBatch)
        .getEventsList();
    assertThat(events.stream().map(Event::getType).collect(Collectors.toList()))
        .containsExactly(
            EventType.EVENT_TYPE_MODEL_INVOCATION_START,
            EventType.EVENT_TYPE_MODEL_INVOCATION_END,
            EventType.EVENT_TYPE_TOOL_CALL_START,
            EventType.EVENT_TYPE_TOOL_CALL_END);
    // An END event reuses its START event's span.
    assertThat(events.get(1).getSpanId()).isEqualTo(events.get(0).getSpanId());
    assertThat(events.get(3).getSpanId()).isEqualTo(events.get(2).getSpanId());
    // Struct numbers are doubles on the wire.
    assertThat(events.get(0).getLlmInvocation().getRequest().getFieldsOrThrow("max_tokens").getNumberValue())
        .isEqualTo(16.0);
  }

  @Test
  void clientAndServerRequestsAreTheSameBytes() throws Exception {
    byte[] body = resource("02-events_batch.bin");
    byte[] viaServer =
        ai.chaukas.spec.server.v1.IngestEventBatchRequest.parseFrom(
                ai.chaukas.spec.client.v1.IngestEventBatchRequest.parseFrom(body).toByteArray())
            .toByteArray();
    assertThat(ai.chaukas.spec.client.v1.IngestEventBatchRequest.parseFrom(viaServer))
        .isEqualTo(ai.chaukas.spec.client.v1.IngestEventBatchRequest.parseFrom(body));
  }
}
