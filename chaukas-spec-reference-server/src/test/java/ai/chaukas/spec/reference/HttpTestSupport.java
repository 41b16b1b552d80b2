package ai.chaukas.spec.reference;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.toolkit.json.OpenApiJson;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.MessageOrBuilder;
import com.google.rpc.BadRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** What the HTTP tests share: a JDK client, the test resources, protobuf helpers. */
final class HttpTestSupport {

  static final String PROTOBUF = "application/x-protobuf";
  static final String JSON = "application/json";
  static final OpenApiJson OPENAPI = OpenApiJson.defaults();

  static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private HttpTestSupport() {}

  static HttpResponse<byte[]> send(String method, String uri, String contentType, byte[] body,
      String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(20));
    b.method(method, body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static HttpResponse<byte[]> post(String uri, String contentType, byte[] body, String... headers)
      throws IOException, InterruptedException {
    return send("POST", uri, contentType, body, headers);
  }

  static HttpResponse<byte[]> postJson(String uri, MessageOrBuilder body)
      throws IOException, InterruptedException {
    return post(uri, JSON, OPENAPI.print(body).getBytes(StandardCharsets.UTF_8));
  }

  static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  static byte[] resource(String path) {
    try (InputStream in = HttpTestSupport.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> yaml(String path) {
    return (Map<String, Object>) new Yaml().load(new String(resource(path), StandardCharsets.UTF_8));
  }

  /** The field violations of a binary google.rpc.Status. */
  static List<BadRequest.FieldViolation> violations(com.google.rpc.Status status) throws IOException {
    List<BadRequest.FieldViolation> out = new ArrayList<>();
    for (Any detail : status.getDetailsList()) {
      if (detail.is(BadRequest.class)) {
        out.addAll(detail.unpack(BadRequest.class).getFieldViolationsList());
      }
    }
    return out;
  }

  /** The bytes of every occurrence of length-delimited field {@code number} in {@code message}. */
  static List<ByteString> fieldBytes(ByteString message, int number) throws IOException {
    List<ByteString> out = new ArrayList<>();
    CodedInputStream in = message.newCodedInput();
    for (int tag; (tag = in.readTag()) != 0; ) {
      if (tag >>> 3 == number) {
        out.add(in.readBytes());
      } else {
        in.skipField(tag);
      }
    }
    return out;
  }

  /**
   * The events of a serialized request or reply whose field 1 holds a message with the events in
   * field {@code eventsField} (IngestEventBatchRequest: 3, QueryEventsResponse: 1), as sent.
   */
  static List<ByteString> nestedEvents(byte[] outer, int eventsField) throws IOException {
    List<ByteString> events = new ArrayList<>();
    for (ByteString inner : fieldBytes(ByteString.copyFrom(outer), 1)) {
      events.addAll(fieldBytes(inner, eventsField));
    }
    return events;
  }

  static Event.Builder withoutTimestamp(Event event) {
    return event.toBuilder().clearTimestamp();
  }
}
