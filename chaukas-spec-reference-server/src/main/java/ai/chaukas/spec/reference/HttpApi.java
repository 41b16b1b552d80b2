package ai.chaukas.spec.reference;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.QueryRequest;
import ai.chaukas.spec.server.v1.GetCapabilitiesRequest;
import ai.chaukas.spec.server.v1.GetCapabilitiesResponse;
import ai.chaukas.spec.server.v1.HealthzRequest;
import ai.chaukas.spec.server.v1.HealthzResponse;
import ai.chaukas.spec.server.v1.IngestEventBatchRequest;
import ai.chaukas.spec.server.v1.IngestEventBatchResponse;
import ai.chaukas.spec.server.v1.IngestEventRequest;
import ai.chaukas.spec.server.v1.IngestEventResponse;
import ai.chaukas.spec.server.v1.QueryEventsRequest;
import ai.chaukas.spec.server.v1.QueryEventsResponse;
import ai.chaukas.spec.toolkit.FieldPath;
import ai.chaukas.spec.toolkit.json.JsonDecodeException;
import ai.chaukas.spec.toolkit.json.JsonPrintException;
import ai.chaukas.spec.toolkit.json.OpenApiJson;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.rpc.BadRequest;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceErrorHandler;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * The HTTP paths of {@code openapi/chaukas/spec/v1/public.yaml} over {@link RulesService}.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><th>path</th><th>method</th><th>protobuf body / reply</th><th>JSON body / reply</th><th>success</th></tr>
 *   <tr><td>/healthz</td><td>GET</td><td>— / HealthzResponse</td><td>— / {@code {}}</td><td>200</td></tr>
 *   <tr><td>/v1/capabilities</td><td>GET</td><td>— / GetCapabilitiesResponse</td><td>— / Capabilities</td><td>200</td></tr>
 *   <tr><td>/v1/events</td><td>POST</td><td>IngestEventRequest / IngestEventResponse</td><td>Event / IngestEventResponse</td><td>202</td></tr>
 *   <tr><td>/v1/events/batch</td><td>POST</td><td>IngestEventBatchRequest / IngestEventBatchResponse</td><td>EventBatch / IngestEventBatchResponse</td><td>202</td></tr>
 *   <tr><td>/v1/query</td><td>POST</td><td>QueryEventsRequest / QueryEventsResponse</td><td>QueryRequest / QueryResponse</td><td>200</td></tr>
 * </table>
 *
 * <p>Bodies: {@code application/x-protobuf} or {@code application/protobuf} (binary request
 * message), {@code application/json} (the OpenAPI form of {@link OpenApiJson}); anything else is
 * 415. Replies come in the form of the request; a GET replies JSON unless its {@code Accept} names
 * a protobuf type and not JSON. JSON bodies are decoded, serialized and read as the protobuf
 * requests are, so both forms run the same validation and storage. Errors carry the HTTP status of
 * their gRPC code and, for protobuf, a binary {@code google.rpc.Status} (with the {@code
 * google.rpc.BadRequest} of the gRPC trailers); for JSON, the document's {@code Error} object
 * ({@code code}, {@code message}, {@code field_path}) plus {@code field_violations}, whose paths are
 * relative to the JSON body. With {@link ApiKeys}, every path but {@code /healthz} needs {@code
 * Authorization: Bearer KEY}: 401 (with {@code WWW-Authenticate: Bearer}) without a known key, 403
 * for a key without the path's scope; the key is put into the gRPC {@link Context} of the call for
 * {@link RulesService}'s tenant checks. Without keys, any {@code Authorization} is ignored.
 */
final class HttpApi {

  static final MediaType X_PROTOBUF = MediaType.parse("application/x-protobuf");
  private static final String ACCEPTED =
      "application/x-protobuf, application/protobuf, application/json";

  private static final OpenApiJson JSON = OpenApiJson.defaults();

  /** One documented path: its method, RPC name (for metrics) and handler. */
  private record Route(HttpMethod method, String rpc, Handler handler) {
    /** Whether its calls count against the ingest budget ({@link Overload}). */
    boolean ingest() {
      return rpc.startsWith("Ingest");
    }
  }

  @FunctionalInterface
  private interface Handler {
    CompletableFuture<HttpResponse> handle(ServiceRequestContext ctx, Form form, byte[] body);
  }

  /** The form of a request body, and of its reply. */
  private enum Form { PROTOBUF, JSON }

  private final RulesService service;
  private final ServerMetrics metrics;
  private final int maxRequestBytes;
  private final Overload overload;
  private final Map<String, Route> routes;
  private final ApiKeys keys;

  /** {@code keys}: the keys every path but {@code /healthz} needs, or null to need none. */
  HttpApi(RulesService service, ServerMetrics metrics, int maxRequestBytes, Overload overload,
      ApiKeys keys) {
    this.overload = overload;
    this.keys = keys;
    this.service = service;
    this.metrics = metrics;
    this.maxRequestBytes = maxRequestBytes;
    this.routes = Map.of(
        "/healthz", new Route(HttpMethod.GET, "Healthz", this::healthz),
        "/v1/capabilities", new Route(HttpMethod.GET, "GetCapabilities", this::capabilities),
        "/v1/events", new Route(HttpMethod.POST, "IngestEvent", this::ingestEvent),
        "/v1/events/batch", new Route(HttpMethod.POST, "IngestEventBatch", this::ingestEventBatch),
        "/v1/query", new Route(HttpMethod.POST, "QueryEvents", this::query));
  }

  /** The documented paths, for tests. */
  java.util.Set<String> paths() {
    return routes.keySet();
  }

  /** Adds every path to {@code server}; anything else under {@code /v1/} is 404. */
  void addTo(ServerBuilder server) {
    server.route().path("/healthz").maxRequestLength(maxRequestBytes)
        .errorHandler(new TooLarge()).build(this::serve);
    server.route().pathPrefix("/v1/").maxRequestLength(maxRequestBytes)
        .errorHandler(new TooLarge()).build(this::serve);
  }

  /**
   * A body over the limit is refused by Armeria before (Content-Length) or while (chunked) it is
   * read, with a status it renders itself: 413 gets the error body of the request's form here.
   */
  private final class TooLarge implements ServiceErrorHandler {
    @Override
    public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
      boolean tooLarge = cause instanceof ContentTooLargeException
          || cause instanceof HttpStatusException
              && ((HttpStatusException) cause).httpStatus() == HttpStatus.REQUEST_ENTITY_TOO_LARGE;
      return tooLarge ? tooLarge(ctx == null ? null : ctx.request().headers()).toHttpResponse() : null;
    }

    @Override
    public AggregatedHttpResponse renderStatus(ServiceRequestContext ctx, RequestHeaders headers,
        HttpStatus status, String description, Throwable cause) {
      return status == HttpStatus.REQUEST_ENTITY_TOO_LARGE ? tooLarge(headers) : null;
    }
  }

  private AggregatedHttpResponse tooLarge(RequestHeaders headers) {
    MediaType type = headers == null ? null : headers.contentType();
    Route route = headers == null ? null : routes.get(headers.path().split("\\?", 2)[0]);
    metrics.call("http", route == null ? "unknown" : route.rpc,
        Status.Code.RESOURCE_EXHAUSTED.name(), 0);
    Form form = type != null && (type.is(X_PROTOBUF) || type.is(MediaType.PROTOBUF))
        ? Form.PROTOBUF : Form.JSON;
    return rendered(HttpStatus.REQUEST_ENTITY_TOO_LARGE, null, form, Status.Code.RESOURCE_EXHAUSTED,
        "the body is larger than this server's limit of " + maxRequestBytes
            + " bytes; nothing was stored: split the batch", null);
  }

  private HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    long start = System.nanoTime();
    String path = ctx.path();
    Route route = routes.get(path);
    if (route == null) {
      req.abort();
      metrics.call("http", "unknown", Status.Code.NOT_FOUND.name(), System.nanoTime() - start);
      return error(HttpStatus.NOT_FOUND, null, accepts(req), Status.Code.NOT_FOUND,
          "no such path: " + path + "; the paths are " + String.join(", ", new TreeSet<>(routes.keySet())),
          null);
    }
    if (req.method() != route.method) {
      req.abort();
      metrics.call("http", route.rpc, Status.Code.UNIMPLEMENTED.name(), System.nanoTime() - start);
      return error(HttpStatus.METHOD_NOT_ALLOWED, route.method.name(), accepts(req),
          Status.Code.UNIMPLEMENTED,
          req.method() + " is not allowed on " + path + "; use " + route.method, null);
    }
    ApiKey key;
    try {
      key = authorize(req, route.rpc);
    } catch (StatusException e) {
      req.abort();
      return refused(req, route.rpc, e, start);
    }
    Form form;
    if (route.method == HttpMethod.GET) {
      form = accepts(req);
    } else {
      MediaType type = req.contentType();
      form = type == null ? null
          : type.is(MediaType.JSON) ? Form.JSON
          : type.is(X_PROTOBUF) || type.is(MediaType.PROTOBUF) ? Form.PROTOBUF
          : null;
      if (form == null) {
        req.abort();
        metrics.call("http", route.rpc, Status.Code.INVALID_ARGUMENT.name(), System.nanoTime() - start);
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, null, Form.JSON, Status.Code.INVALID_ARGUMENT,
            "Content-Type " + (type == null ? "(none)" : type.toString())
                + " is not accepted; send one of " + ACCEPTED, null);
      }
    }
    Form replyForm = form;
    if (route.ingest()
        && !overload.tryAdmit(ctx, Overload.admitted(req.headers().contentLength(), maxRequestBytes))) {
      StatusException refusal = overload.refusal();
      metrics.call("http", route.rpc, refusal.getStatus().getCode().name(), System.nanoTime() - start);
      return Overload.afterDraining(req, () -> failure(refusal, form, null));
    }
    CompletableFuture<HttpResponse> reply = req.aggregate().thenComposeAsync(
        (AggregatedHttpRequest aggregated) ->
            withKey(key, () -> route.handler.handle(ctx, replyForm, aggregated.content().array())),
        ctx.blockingTaskExecutor());
    return HttpResponse.of(reply.handle((response, failure) -> {
      if (failure == null) {
        return response;
      }
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      if (cause instanceof ContentTooLargeException) {
        metrics.call("http", route.rpc, Status.Code.RESOURCE_EXHAUSTED.name(), System.nanoTime() - start);
        return error(HttpStatus.REQUEST_ENTITY_TOO_LARGE, null, replyForm,
            Status.Code.RESOURCE_EXHAUSTED,
            "the body is larger than this server's limit of " + maxRequestBytes
                + " bytes; nothing was stored: split the batch", null);
      }
      metrics.call("http", route.rpc, Status.Code.INTERNAL.name(), System.nanoTime() - start);
      return error(HttpStatus.INTERNAL_SERVER_ERROR, null, replyForm, Status.Code.INTERNAL,
          "internal error: " + cause, null);
    }));
  }

  // ── API keys ────────────────────────────────────────────────────────────────

  /**
   * {@code service} behind the key check of {@code rpc} ({@code Metrics} for {@code /metrics}); as
   * it is when this server has no keys.
   */
  HttpService authorized(String rpc, HttpService service) {
    if (keys == null) {
      return service;
    }
    return (ctx, req) -> {
      long start = System.nanoTime();
      try {
        authorize(req, rpc);
      } catch (StatusException e) {
        req.abort();
        return refused(req, rpc, e, start);
      }
      return service.serve(ctx, req);
    };
  }

  /** The key of the request's Authorization header; null when this server has no keys. */
  private ApiKey authorize(HttpRequest req, String rpc) throws StatusException {
    if (keys == null || ApiKeys.isOpen(rpc)) {
      return null;
    }
    return keys.authorize(req.headers().get(HttpHeaderNames.AUTHORIZATION), rpc);
  }

  private HttpResponse refused(HttpRequest req, String rpc, StatusException e, long start) {
    Status status = e.getStatus();
    metrics.call("http", rpc, status.getCode().name(), System.nanoTime() - start);
    service.refused(status.getCode().name(), rpc + ": " + status.getDescription());
    MediaType type = req.contentType();
    Form form = req.method() == HttpMethod.POST
        ? type != null && (type.is(X_PROTOBUF) || type.is(MediaType.PROTOBUF)) ? Form.PROTOBUF : Form.JSON
        : accepts(req);
    return error(httpStatus(status.getCode()), null, form, status.getCode(), status.getDescription(), null);
  }

  /** Runs {@code handler} with {@code key} in the gRPC context, where RulesService looks for it. */
  private static <T> T withKey(ApiKey key, java.util.function.Supplier<T> handler) {
    if (key == null) {
      return handler.get();
    }
    Context previous = Context.current().withValue(ApiKey.CURRENT, key).attach();
    try {
      return handler.get();
    } finally {
      Context.current().detach(previous);
    }
  }

  // ── Handlers ────────────────────────────────────────────────────────────────

  private CompletableFuture<HttpResponse> healthz(ServiceRequestContext ctx, Form form, byte[] body) {
    return call(ctx, "Healthz", form, HttpStatus.OK,
        out -> service.healthz(HealthzRequest.getDefaultInstance(), out),
        (HealthzResponse r) -> Struct.getDefaultInstance());
  }

  private CompletableFuture<HttpResponse> capabilities(ServiceRequestContext ctx, Form form, byte[] body) {
    return call(ctx, "GetCapabilities", form, HttpStatus.OK,
        out -> service.getCapabilities(GetCapabilitiesRequest.getDefaultInstance(), out),
        GetCapabilitiesResponse::getCapabilities);
  }

  private CompletableFuture<HttpResponse> ingestEvent(ServiceRequestContext ctx, Form form, byte[] body) {
    long start = System.nanoTime();
    RawIngestEvent request;
    try {
      byte[] bytes = form == Form.JSON
          ? IngestEventRequest.newBuilder().setEvent(JSON.merge(utf8(body), Event.newBuilder()))
              .build().toByteArray()
          : body;
      request = RawIngestEvent.read(bytes);
    } catch (JsonDecodeException e) {
      return malformedJson("IngestEvent", start, "Event", e);
    } catch (CharacterCodingException e) {
      return notUtf8("IngestEvent", start);
    } catch (IOException e) {
      return malformedProtobuf("IngestEvent", start, "IngestEventRequest", e);
    }
    return this.<IngestEventResponse>call(ctx, "IngestEvent", form, HttpStatus.ACCEPTED,
        out -> service.ingestEvent(request, out), r -> r, start, "event");
  }

  private CompletableFuture<HttpResponse> ingestEventBatch(ServiceRequestContext ctx, Form form, byte[] body) {
    long start = System.nanoTime();
    RawEventBatch request;
    try {
      byte[] bytes = form == Form.JSON
          ? IngestEventBatchRequest.newBuilder()
              .setEventBatch(JSON.merge(utf8(body), EventBatch.newBuilder())).build().toByteArray()
          : body;
      request = RawEventBatch.read(bytes);
    } catch (JsonDecodeException e) {
      return malformedJson("IngestEventBatch", start, "EventBatch", e);
    } catch (CharacterCodingException e) {
      return notUtf8("IngestEventBatch", start);
    } catch (IOException e) {
      return malformedProtobuf("IngestEventBatch", start, "IngestEventBatchRequest", e);
    }
    return this.<IngestEventBatchResponse>call(ctx, "IngestEventBatch", form, HttpStatus.ACCEPTED,
        out -> service.ingestEventBatch(request, out), r -> r, start, "event_batch");
  }

  private CompletableFuture<HttpResponse> query(ServiceRequestContext ctx, Form form, byte[] body) {
    long start = System.nanoTime();
    QueryEventsRequest request;
    try {
      request = form == Form.JSON
          ? QueryEventsRequest.newBuilder()
              .setQuery(JSON.merge(utf8(body), QueryRequest.newBuilder())).build()
          : QueryEventsRequest.parseFrom(body);
    } catch (JsonDecodeException e) {
      return malformedJson("QueryEvents", start, "QueryRequest", e);
    } catch (CharacterCodingException e) {
      return notUtf8("QueryEvents", start);
    } catch (InvalidProtocolBufferException e) {
      return malformedProtobuf("QueryEvents", start, "QueryEventsRequest", e);
    }
    return call(ctx, "QueryEvents", form, HttpStatus.OK,
        out -> service.queryEvents(request, out), QueryEventsResponse::getResponse, start, "query");
  }

  /** JSON bodies are UTF-8 (RFC 8259): anything else is refused, never replaced. */
  private static String utf8(byte[] body) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(body))
        .toString();
  }

  private CompletableFuture<HttpResponse> notUtf8(String rpc, long start) {
    metrics.call("http", rpc, Status.Code.INVALID_ARGUMENT.name(), System.nanoTime() - start);
    return CompletableFuture.completedFuture(error(HttpStatus.BAD_REQUEST, null, Form.JSON,
        Status.Code.INVALID_ARGUMENT, "the JSON body is not UTF-8; nothing was stored",
        List.of(BadRequest.FieldViolation.newBuilder()
            .setField("")
            .setDescription("[" + InvalidArgument.MALFORMED + "] the body is not UTF-8")
            .build())));
  }

  private CompletableFuture<HttpResponse> malformedJson(
      String rpc, long start, String message, JsonDecodeException e) {
    metrics.call("http", rpc, Status.Code.INVALID_ARGUMENT.name(), System.nanoTime() - start);
    String path = e.path().toString();
    return CompletableFuture.completedFuture(error(HttpStatus.BAD_REQUEST, null, Form.JSON,
        Status.Code.INVALID_ARGUMENT,
        "the body is not a JSON " + message + " of the OpenAPI document: " + e.getMessage()
            + "; nothing was stored",
        List.of(BadRequest.FieldViolation.newBuilder()
            .setField(path)
            .setDescription("[" + e.reason().id() + "] " + e.detail())
            .build())));
  }

  private CompletableFuture<HttpResponse> malformedProtobuf(
      String rpc, long start, String message, IOException e) {
    metrics.call("http", rpc, Status.Code.INVALID_ARGUMENT.name(), System.nanoTime() - start);
    StatusException status = InvalidArgument.of(FieldPath.root(), InvalidArgument.MALFORMED,
        "the body is not a serialized " + message + " (" + e.getMessage() + "); nothing was stored");
    return CompletableFuture.completedFuture(failure(status, Form.PROTOBUF, null));
  }

  private <R extends Message> CompletableFuture<HttpResponse> call(
      ServiceRequestContext ctx, String rpc, Form form, HttpStatus success,
      java.util.function.Consumer<StreamObserver<R>> invoke,
      Function<R, ? extends MessageOrBuilder> json) {
    return call(ctx, rpc, form, success, invoke, json, System.nanoTime(), null);
  }

  /**
   * Calls the RPC, in a context cancelled with the request ({@link CallContexts}), and completes
   * the reply from its observer, on whatever thread answers. {@code
   * under} is the request field the JSON body stands for: field paths of errors are made relative
   * to it for JSON replies.
   */
  private <R extends Message> CompletableFuture<HttpResponse> call(
      ServiceRequestContext ctx, String rpc, Form form, HttpStatus success,
      java.util.function.Consumer<StreamObserver<R>> invoke,
      Function<R, ? extends MessageOrBuilder> json, long start, String under) {
    CompletableFuture<HttpResponse> reply = new CompletableFuture<>();
    CallContexts.of(ctx).run(() -> invoke.accept(new StreamObserver<R>() {
      private R value;

      @Override
      public void onNext(R value) {
        this.value = value;
      }

      @Override
      public void onError(Throwable t) {
        Status status = Status.fromThrowable(t);
        metrics.call("http", rpc, status.getCode().name(), System.nanoTime() - start);
        reply.complete(failure(t, form, under));
      }

      @Override
      public void onCompleted() {
        HttpResponse response;
        String outcome = Status.Code.OK.name();
        if (form == Form.PROTOBUF) {
          response = HttpResponse.of(success, X_PROTOBUF, value.toByteArray());
        } else {
          try {
            response = HttpResponse.of(success, MediaType.JSON_UTF_8, JSON.print(json.apply(value)));
          } catch (JsonPrintException e) {
            outcome = Status.Code.FAILED_PRECONDITION.name();
            response = error(HttpStatus.NOT_ACCEPTABLE, null, Form.JSON,
                Status.Code.FAILED_PRECONDITION,
                "the reply cannot be written in the JSON form (" + e.getMessage()
                    + "); ask in protobuf (Content-Type or Accept: application/x-protobuf)", null);
          }
        }
        metrics.call("http", rpc, outcome, System.nanoTime() - start);
        reply.complete(response);
      }
    }));
    return reply;
  }

  // ── Errors ──────────────────────────────────────────────────────────────────

  /** The reply for a failed RPC: the status of its code, its google.rpc.Status in {@code form}. */
  private static HttpResponse failure(Throwable t, Form form, String under) {
    Status status = Status.fromThrowable(t);
    com.google.rpc.Status proto = StatusProto.fromThrowable(t);
    if (proto == null) {
      proto = com.google.rpc.Status.newBuilder()
          .setCode(status.getCode().value())
          .setMessage(status.getDescription() == null ? "" : status.getDescription())
          .build();
    }
    HttpStatus http = httpStatus(status.getCode());
    if (Overload.isRefusal(Status.trailersFromThrowable(t))) {
      // Busy, not exhausted: 503 with Retry-After is what HTTP clients (the Python SDK) retry on.
      http = HttpStatus.SERVICE_UNAVAILABLE;
    }
    if (form == Form.PROTOBUF) {
      return retryAfter(http, HttpResponse.of(http, X_PROTOBUF, proto.toByteArray()));
    }
    List<BadRequest.FieldViolation> violations = new ArrayList<>();
    for (Any detail : proto.getDetailsList()) {
      if (detail.is(BadRequest.class)) {
        try {
          for (BadRequest.FieldViolation v : detail.unpack(BadRequest.class).getFieldViolationsList()) {
            violations.add(v.toBuilder().setField(relative(v.getField(), under)).build());
          }
        } catch (InvalidProtocolBufferException e) {
          throw new AssertionError("is(BadRequest) was checked", e);
        }
      }
    }
    return retryAfter(http,
        error(http, null, Form.JSON, status.getCode(), proto.getMessage(), violations));
  }

  /** A 503 tells the client when to retry. */
  private static HttpResponse retryAfter(HttpStatus http, HttpResponse response) {
    return http == HttpStatus.SERVICE_UNAVAILABLE
        ? response.mapHeaders(headers -> headers.toBuilder()
            .set(HttpHeaderNames.RETRY_AFTER, Integer.toString(Overload.RETRY_AFTER_SECONDS)).build())
        : response;
  }

  /** {@code field}, a path from the request message, from its field {@code under} instead. */
  private static String relative(String field, String under) {
    if (under == null) {
      return field;
    }
    if (field.equals(under)) {
      return "";
    }
    if (field.startsWith(under + ".")) {
      return field.substring(under.length() + 1);
    }
    return field;
  }

  /** The HTTP status of a gRPC code, as the gRPC-HTTP mappings have it. */
  static HttpStatus httpStatus(Status.Code code) {
    switch (code) {
      case OK: return HttpStatus.OK;
      case INVALID_ARGUMENT:
      case FAILED_PRECONDITION:
      case OUT_OF_RANGE: return HttpStatus.BAD_REQUEST;
      case UNAUTHENTICATED: return HttpStatus.UNAUTHORIZED;
      case PERMISSION_DENIED: return HttpStatus.FORBIDDEN;
      case NOT_FOUND: return HttpStatus.NOT_FOUND;
      case ALREADY_EXISTS:
      case ABORTED: return HttpStatus.CONFLICT;
      case RESOURCE_EXHAUSTED: return HttpStatus.TOO_MANY_REQUESTS;
      case CANCELLED: return HttpStatus.valueOf(499);
      case UNIMPLEMENTED: return HttpStatus.NOT_IMPLEMENTED;
      case UNAVAILABLE: return HttpStatus.SERVICE_UNAVAILABLE;
      case DEADLINE_EXCEEDED: return HttpStatus.GATEWAY_TIMEOUT;
      default: return HttpStatus.INTERNAL_SERVER_ERROR;
    }
  }

  /**
   * An error reply. In protobuf, a google.rpc.Status with a BadRequest detail when there are
   * violations; in JSON, the document's Error: {@code code} (the gRPC code in lower case), {@code
   * message}, {@code field_path} (of the first violation), {@code field_violations}.
   */
  private static HttpResponse error(HttpStatus http, String allow, Form form, Status.Code code,
      String message, List<BadRequest.FieldViolation> violations) {
    return rendered(http, allow, form, code, message, violations).toHttpResponse();
  }

  private static AggregatedHttpResponse rendered(HttpStatus http, String allow, Form form,
      Status.Code code, String message, List<BadRequest.FieldViolation> violations) {
    ResponseHeadersBuilder headers = ResponseHeaders.builder(http);
    if (allow != null) {
      headers.add(HttpHeaderNames.ALLOW, allow);
    }
    if (code == Status.Code.UNAUTHENTICATED) {
      headers.add(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
    }
    if (form == Form.PROTOBUF) {
      com.google.rpc.Status.Builder status =
          com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(message);
      if (violations != null && !violations.isEmpty()) {
        status.addDetails(Any.pack(BadRequest.newBuilder().addAllFieldViolations(violations).build()));
      }
      return AggregatedHttpResponse.of(headers.contentType(X_PROTOBUF).build(),
          HttpData.wrap(status.build().toByteArray()));
    }
    Struct.Builder error = Struct.newBuilder()
        .putFields("code", string(code.name().toLowerCase(Locale.ROOT)))
        .putFields("message", string(message));
    if (violations != null && !violations.isEmpty()) {
      error.putFields("field_path", string(violations.get(0).getField()));
      ListValue.Builder list = ListValue.newBuilder();
      for (BadRequest.FieldViolation v : violations) {
        list.addValues(Value.newBuilder().setStructValue(Struct.newBuilder()
            .putFields("field", string(v.getField()))
            .putFields("description", string(v.getDescription()))));
      }
      error.putFields("field_violations", Value.newBuilder().setListValue(list).build());
    }
    return AggregatedHttpResponse.of(headers.contentType(MediaType.JSON_UTF_8).build(),
        HttpData.ofUtf8(JSON.print(error)));
  }

  private static Value string(String s) {
    return Value.newBuilder().setStringValue(s).build();
  }

  /** The form a reply without a request body takes: JSON unless Accept asks for protobuf only. */
  private static Form accepts(HttpRequest req) {
    String accept = req.headers().get(HttpHeaderNames.ACCEPT);
    if (accept == null) {
      return Form.JSON;
    }
    String a = accept.toLowerCase(Locale.ROOT);
    boolean protobuf = a.contains("application/x-protobuf") || a.contains("application/protobuf");
    return protobuf && !a.contains("application/json") ? Form.PROTOBUF : Form.JSON;
  }
}
