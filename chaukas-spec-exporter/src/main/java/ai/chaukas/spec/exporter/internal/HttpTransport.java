package ai.chaukas.spec.exporter.internal;

import ai.chaukas.spec.server.v1.IngestEventBatchResponse;
import com.google.protobuf.InvalidProtocolBufferException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Sends what the Python SDK sends: {@code POST {endpoint}/events} with an {@code
 * IngestEventRequest} for one event, {@code POST {endpoint}/events/batch} with an {@code
 * IngestEventBatchRequest} otherwise; {@code Content-Type: application/x-protobuf}, {@code
 * Authorization: Bearer KEY}, a {@code User-Agent}; HTTP/1.1 with the JDK's client.
 */
public final class HttpTransport implements Transport {

  private static final String PROTOBUF = "application/x-protobuf";
  private static final int MAX_CAUSE_CHARS = 500;

  private final URI single;
  private final URI batch;
  private final String apiKey;
  private final String userAgent;
  private final ExecutorService executor;
  private final HttpClient client;

  /**
   * @param endpoint the platform's base, e.g. {@code https://host/api/v1}; the paths are appended
   * @param apiKey sent as {@code Authorization: Bearer KEY}, or null
   */
  public HttpTransport(URI endpoint, String apiKey, String userAgent, Duration connectTimeout) {
    String base = endpoint.toString();
    base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.single = URI.create(base + "/events");
    this.batch = URI.create(base + "/events/batch");
    this.apiKey = apiKey;
    this.userAgent = userAgent;
    this.executor = Executors.newCachedThreadPool(Threads.daemon("chaukas-exporter-http"));
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .executor(executor)
        .build();
  }

  @Override
  public CompletableFuture<Outcome> send(Batch batch, Duration timeout) {
    boolean one = Requests.single(batch);
    HttpRequest.Builder request = HttpRequest.newBuilder(one ? single : this.batch)
        .timeout(timeout)
        .header("Content-Type", PROTOBUF)
        .header("User-Agent", userAgent)
        .POST(HttpRequest.BodyPublishers.ofByteArray(
            Requests.toBytes(batch)));
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    try {
      return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
          .handle((response, error) -> error != null
              ? Outcome.retry("cannot reach " + batch(one) + ": " + describe(error), 0)
              : classify(response.statusCode(), response.headers().firstValue("Content-Type"),
                  response.headers().firstValue("Retry-After"), response.body(), one));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(
          Outcome.retry("cannot send to " + batch(one) + ": " + describe(e), 0));
    }
  }

  private URI batch(boolean one) {
    return one ? single : batch;
  }

  /** The next step after an HTTP answer. */
  static Outcome classify(int status, Optional<String> contentType, Optional<String> retryAfter,
      byte[] body, boolean one) {
    boolean protobuf = contentType.map(type -> type.startsWith(PROTOBUF)).orElse(false);
    if (status / 100 == 2) {
      if (one || !protobuf) {
        return Outcome.delivered(Map.of());
      }
      try {
        return Outcome.delivered(Outcome.listed(
            IngestEventBatchResponse.parseFrom(body).getRejectedEventIdsList(),
            "the platform listed it in rejected_event_ids (invalid, or another event has its id)"));
      } catch (InvalidProtocolBufferException e) {
        return Outcome.delivered(Map.of());
      }
    }
    String message = message(body, protobuf);
    String cause = "HTTP " + status + (message.isEmpty() ? "" : ": " + message);
    long after = retryAfterNanos(retryAfter);
    switch (status) {
      case 413:
        return Outcome.splitForSize(cause);
      case 503:
        return message.contains("high memory usage")
            ? Outcome.splitForMemory(cause, after)
            : Outcome.retry(cause, after);
      case 429:
      case 502:
      case 504:
        return Outcome.retry(cause, after);
      default:
        return Outcome.rejected(cause);
    }
  }

  /** The error's text: a google.rpc.Status's message for protobuf bodies, else the body itself. */
  private static String message(byte[] body, boolean protobuf) {
    if (body == null || body.length == 0) {
      return "";
    }
    String text = null;
    if (protobuf) {
      try {
        text = com.google.rpc.Status.parseFrom(body).getMessage();
      } catch (InvalidProtocolBufferException e) {
        text = null;
      }
    }
    if (text == null || text.isEmpty()) {
      text = new String(body, 0, Math.min(body.length, 4 * MAX_CAUSE_CHARS), StandardCharsets.UTF_8);
    }
    text = text.strip();
    return text.length() > MAX_CAUSE_CHARS ? text.substring(0, MAX_CAUSE_CHARS) + "…" : text;
  }

  /** {@code Retry-After} in seconds or as an HTTP date; 0 when absent or unreadable. */
  static long retryAfterNanos(Optional<String> header) {
    if (header.isEmpty()) {
      return 0;
    }
    String value = header.get().trim();
    try {
      long seconds = Long.parseLong(value);
      return seconds > 0 ? TimeUnit.SECONDS.toNanos(Math.min(seconds, 3600)) : 0;
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        long millis = at.toInstant().toEpochMilli() - System.currentTimeMillis();
        return millis > 0 ? TimeUnit.MILLISECONDS.toNanos(Math.min(millis, 3_600_000)) : 0;
      } catch (DateTimeParseException notDate) {
        return 0;
      }
    }
  }

  private static String describe(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null
        && (cause instanceof java.util.concurrent.CompletionException
            || cause.getMessage() == null)) {
      cause = cause.getCause();
    }
    String name = cause.getClass().getSimpleName();
    return cause.getMessage() == null ? name : name + ": " + cause.getMessage();
  }

  @Override
  public void close() {
    // HttpClient can be closed from Java 21 on; on 17 its selector thread (a daemon) ends once
    // the client is unreachable.
    if (client instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // Closing is best effort; the executor below is shut down regardless.
      }
    }
    executor.shutdownNow();
  }
}
