package ai.chaukas.spec.exporter.internal;

import java.util.List;
import java.util.Map;

/**
 * What one attempt to send a batch came to, as a transport classifies the platform's answer.
 *
 * @param kind what to do next
 * @param rejected for {@link Kind#DELIVERED}: event ids the platform refused, with the reason
 * @param cause for every other kind: the status and message, for the listener and errors
 * @param retryAfterNanos the platform's pushback ({@code Retry-After}, {@code
 *     grpc-retry-pushback-ms}), or 0
 */
public record Outcome(Kind kind, Map<String, String> rejected, String cause, long retryAfterNanos) {

  /** The next step for the batch. */
  public enum Kind {
    /** Acknowledged; the events in {@code rejected} were refused and the rest stored. */
    DELIVERED,
    /** A transient failure: send the same batch again after a backoff. */
    RETRY,
    /** Too large for the platform: send each half (one event alone is refused). */
    SPLIT_FOR_SIZE,
    /** The platform is short of memory: send each half after the pushback. */
    SPLIT_FOR_MEMORY,
    /** Refused as a whole, never to succeed: every event is rejected with {@code cause}. */
    REJECTED
  }

  public static Outcome delivered(Map<String, String> rejected) {
    return new Outcome(Kind.DELIVERED, Map.copyOf(rejected), null, 0);
  }

  public static Outcome retry(String cause, long retryAfterNanos) {
    return new Outcome(Kind.RETRY, Map.of(), cause, retryAfterNanos);
  }

  public static Outcome splitForSize(String cause) {
    return new Outcome(Kind.SPLIT_FOR_SIZE, Map.of(), cause, 0);
  }

  public static Outcome splitForMemory(String cause, long retryAfterNanos) {
    return new Outcome(Kind.SPLIT_FOR_MEMORY, Map.of(), cause, retryAfterNanos);
  }

  public static Outcome rejected(String cause) {
    return new Outcome(Kind.REJECTED, Map.of(), cause, 0);
  }

  /** Reasons for the ids a platform listed in {@code rejected_event_ids}. */
  static Map<String, String> listed(List<String> ids, String reason) {
    java.util.LinkedHashMap<String, String> map = new java.util.LinkedHashMap<>();
    for (String id : ids) {
      map.put(id, reason);
    }
    return map;
  }
}
