package ai.chaukas.spec.benchmarks.ingest;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import ai.chaukas.spec.server.v1.IngestEventRequest;
import ai.chaukas.spec.testing.internal.SampleEvents;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Serialized ingest requests in which every event gets a fresh {@code event_id} and {@code span_id}
 * and every batch a fresh {@code batch_id}.
 *
 * <p>The request is serialized once with 36-character placeholder ids; {@link #next()} copies the
 * bytes and overwrites the placeholders in place with ids of the same length. The driver therefore
 * neither builds nor serializes messages while it measures, and still never sends an id twice (the
 * reference server is idempotent on {@code event_id}: a repeated id would not be stored again). The
 * request messages of both services are wire-identical, so the same bytes serve both.
 */
public final class RequestTemplate {

  private static final String EVENT_ID_PLACEHOLDER = "eeeeeeee-eeee-7eee-8eee-eeeeeeeeeeee";
  private static final String SPAN_ID_PLACEHOLDER = "ssssssss-ssss-7sss-8sss-ssssssssssss";
  private static final String BATCH_ID_PLACEHOLDER = "bbbbbbbb-bbbb-7bbb-8bbb-bbbbbbbbbbbb";
  private static final int ID_LENGTH = 36;
  private static final int COUNTER_DIGITS = 12;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final byte[] template;
  private final int[] eventIdOffsets;
  private final int[] spanIdOffsets;
  private final int batchIdOffset;
  private final int eventsPerRequest;
  // UUIDv7-shaped ids: a per-run random prefix, then a 12-digit hex counter.
  private final byte[] eventIdPrefix;
  private final byte[] spanIdPrefix;
  private final byte[] batchIdPrefix;
  private long eventCounter;
  private long batchCounter;

  private RequestTemplate(byte[] template, int eventsPerRequest, boolean batch, int runNonce) {
    this.template = template;
    this.eventsPerRequest = eventsPerRequest;
    this.eventIdOffsets = offsetsOf(template, EVENT_ID_PLACEHOLDER, eventsPerRequest);
    this.spanIdOffsets = offsetsOf(template, SPAN_ID_PLACEHOLDER, eventsPerRequest);
    this.batchIdOffset = batch ? offsetsOf(template, BATCH_ID_PLACEHOLDER, 1)[0] : -1;
    this.eventIdPrefix = idPrefix("%08x-7c1a-7b3e-9f00-", runNonce);
    this.spanIdPrefix = idPrefix("%08x-7c1b-7c11-8a00-", runNonce);
    this.batchIdPrefix = idPrefix("%08x-7c19-7000-8b00-", runNonce);
  }

  /** One {@code IngestEventRequest} per call, holding the ~1.5 KB benchmark event. */
  public static RequestTemplate unary(int runNonce) {
    byte[] bytes = IngestEventRequest.newBuilder().setEvent(placeholderEvent()).build().toByteArray();
    return new RequestTemplate(bytes, 1, false, runNonce);
  }

  /** One {@code IngestEventBatchRequest} per call, holding {@code batchSize} benchmark events. */
  public static RequestTemplate batch(int batchSize, int runNonce) {
    Event event = placeholderEvent();
    EventBatch.Builder batch =
        EventBatch.newBuilder()
            .setBatchId(BATCH_ID_PLACEHOLDER)
            .setTimestamp(Timestamp.newBuilder().setSeconds(1_764_095_693L));
    for (int i = 0; i < batchSize; i++) {
      batch.addEvents(event);
    }
    byte[] bytes = IngestEventBatchRequest.newBuilder().setEventBatch(batch).build().toByteArray();
    return new RequestTemplate(bytes, batchSize, true, runNonce);
  }

  private static Event placeholderEvent() {
    return SampleEvents.llmInvocation().toBuilder()
        .setEventId(EVENT_ID_PLACEHOLDER)
        .setSpanId(SPAN_ID_PLACEHOLDER)
        .build();
  }

  public int eventsPerRequest() {
    return eventsPerRequest;
  }

  public int requestBytes() {
    return template.length;
  }

  /** A new request with ids never handed out before by this template. Not thread-safe. */
  public byte[] next() {
    byte[] request = template.clone();
    for (int i = 0; i < eventsPerRequest; i++) {
      long n = eventCounter++;
      writeId(request, eventIdOffsets[i], eventIdPrefix, n);
      writeId(request, spanIdOffsets[i], spanIdPrefix, n);
    }
    if (batchIdOffset >= 0) {
      writeId(request, batchIdOffset, batchIdPrefix, batchCounter++);
    }
    return request;
  }

  /**
   * Parses {@code request} and fails unless it holds the benchmark event {@link #eventsPerRequest}
   * times with distinct ids: guards the byte patching against a changed event or encoding.
   */
  void check(byte[] request) throws InvalidProtocolBufferException {
    List<Event> events = new ArrayList<>();
    if (batchIdOffset >= 0) {
      EventBatch batch = IngestEventBatchRequest.parseFrom(request).getEventBatch();
      if (batch.getBatchId().equals(BATCH_ID_PLACEHOLDER)) {
        throw new IllegalStateException("batch_id was not replaced: " + batch.getBatchId());
      }
      events.addAll(batch.getEventsList());
    } else {
      events.add(IngestEventRequest.parseFrom(request).getEvent());
    }
    Event expected = SampleEvents.llmInvocation();
    Set<String> ids = new HashSet<>();
    for (Event event : events) {
      if (event.getEventId().length() != ID_LENGTH || !ids.add(event.getEventId())) {
        throw new IllegalStateException("bad or repeated event_id: " + event.getEventId());
      }
      Event normalized =
          event.toBuilder().setEventId(expected.getEventId()).setSpanId(expected.getSpanId()).build();
      if (!normalized.equals(expected)) {
        throw new IllegalStateException("patched event differs from the benchmark event");
      }
    }
    if (events.size() != eventsPerRequest) {
      throw new IllegalStateException("expected " + eventsPerRequest + " events, got " + events.size());
    }
  }

  private static void writeId(byte[] target, int offset, byte[] prefix, long counter) {
    System.arraycopy(prefix, 0, target, offset, prefix.length);
    int end = offset + ID_LENGTH;
    for (int i = 1; i <= COUNTER_DIGITS; i++) {
      target[end - i] = HEX[(int) (counter & 0xf)];
      counter >>>= 4;
    }
  }

  private static int[] offsetsOf(byte[] haystack, String placeholder, int expectedCount) {
    byte[] needle = ascii(placeholder);
    int[] found = new int[expectedCount];
    int count = 0;
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      if (count == expectedCount) {
        throw new IllegalStateException("placeholder " + placeholder + " occurs more often than expected");
      }
      found[count++] = i;
      i += needle.length - 1;
    }
    if (count != expectedCount) {
      throw new IllegalStateException(
          "placeholder " + placeholder + " occurs " + count + " times, expected " + expectedCount);
    }
    return found;
  }

  private static byte[] idPrefix(String format, int runNonce) {
    byte[] prefix = ascii(String.format(format, runNonce));
    if (prefix.length + COUNTER_DIGITS != ID_LENGTH) {
      throw new IllegalArgumentException("id prefix must have " + (ID_LENGTH - COUNTER_DIGITS) + " characters");
    }
    return prefix;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
