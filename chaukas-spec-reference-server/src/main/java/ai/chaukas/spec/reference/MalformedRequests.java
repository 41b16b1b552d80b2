package ai.chaukas.spec.reference;

import ai.chaukas.spec.server.v1.ServerProto;
import ai.chaukas.spec.toolkit.FieldPath;
import com.google.protobuf.Descriptors;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.StatusException;
import java.io.InputStream;
import java.util.logging.Logger;

/**
 * Refuses a request whose bytes are not its method's request message with {@code
 * INVALID_ARGUMENT}, naming the method and the problem, with a field violation of the request as a
 * whole ({@link InvalidArgument}), and logs one line for it. gRPC parses a request before any
 * service code runs and turns a parse failure into {@code UNKNOWN} plus a logged stack trace; so a
 * wrapped method receives the request as it arrived and parses it here.
 */
final class MalformedRequests {

  /** Refused requests are logged here as warnings without a stack trace, like gRPC's own refusals. */
  private static final Logger LOG = Logger.getLogger(ReferenceServer.class.getName());

  private static final Descriptors.ServiceDescriptor SERVER_SERVICE =
      ServerProto.getDescriptor().findServiceByName("ChaukasServerService");

  /**
   * Hands a request on as it arrived, for {@link Parsing} to parse. Its bytes are read here: a
   * transport may release the buffer behind {@code stream} once this returns.
   */
  private static final MethodDescriptor.Marshaller<InputStream> AS_RECEIVED =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(InputStream value) {
          return value;
        }

        @Override
        public InputStream parse(InputStream stream) {
          return new Received.Stream(Received.bytes(stream));
        }
      };

  private MalformedRequests() {}

  /**
   * {@code method}, a method of {@code chaukas.spec.server.v1.ChaukasServerService}, receiving its
   * requests as they arrived and parsing them with its own marshaller. A request that marshaller
   * cannot read fails with {@code INVALID_ARGUMENT} before the method's handler sees it.
   */
  static <ReqT, RespT> ServerMethodDefinition<InputStream, RespT> refusing(
      ServerMethodDefinition<ReqT, RespT> method) {
    MethodDescriptor<ReqT, RespT> typed = method.getMethodDescriptor();
    String bareName = typed.getBareMethodName();
    // The bare type name: the client service's request messages have the same names and bytes.
    String refusal = "the request is not a valid "
        + SERVER_SERVICE.findMethodByName(bareName).getInputType().getName() + " message: ";
    ServerCallHandler<ReqT, RespT> handler = method.getServerCallHandler();
    return ServerMethodDefinition.create(
        typed.toBuilder(AS_RECEIVED, typed.getResponseMarshaller()).build(),
        (call, headers) -> new Parsing<>(call, typed, bareName, refusal, handler, headers));
  }

  /** The listener of a wrapped call: parses each request, then hands it to the method's handler. */
  private static final class Parsing<ReqT, RespT> extends ServerCall.Listener<InputStream> {
    private final ServerCall<InputStream, RespT> call;
    private final MethodDescriptor<ReqT, RespT> method;
    private final String bareName;
    private final String refusal;
    private final ServerCall.Listener<ReqT> handler;
    /** Set once the call is closed as refused; the handler then hears only its end. */
    private boolean refused;

    Parsing(
        ServerCall<InputStream, RespT> call,
        MethodDescriptor<ReqT, RespT> method,
        String bareName,
        String refusal,
        ServerCallHandler<ReqT, RespT> handler,
        Metadata headers) {
      this.call = call;
      this.method = method;
      this.bareName = bareName;
      this.refusal = refusal;
      this.handler = handler.startCall(new TypedCall<>(call, method), headers);
    }

    @Override
    public void onMessage(InputStream message) {
      if (refused) {
        return;
      }
      ReqT request;
      try {
        request = method.parseRequest(message);
      } catch (RuntimeException e) {
        refused = true;
        String problem = refusal + why(e);
        StatusException invalid = InvalidArgument.of(
            bareName + ": " + problem, FieldPath.root(), InvalidArgument.MALFORMED, problem);
        Status status = invalid.getStatus();
        // Logged before the reply, so that a client holding the reply finds the line written.
        LOG.warning(status.getCode() + ": " + status.getDescription());
        call.close(status, invalid.getTrailers());
        return;
      }
      handler.onMessage(request);
    }

    @Override
    public void onHalfClose() {
      if (!refused) {
        handler.onHalfClose();
      }
    }

    @Override
    public void onReady() {
      if (!refused) {
        handler.onReady();
      }
    }

    @Override
    public void onCancel() {
      handler.onCancel();
    }

    @Override
    public void onComplete() {
      handler.onComplete();
    }

    /** Protobuf's own words when it refused the bytes; marshallers wrap them in other exceptions. */
    private static String why(RuntimeException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof InvalidProtocolBufferException) {
          return cause.getMessage();
        }
      }
      return e.getMessage();
    }
  }

  /**
   * A wrapped call as the method's handler sees it: the method's own descriptor. The request type
   * appears in no other method of a server call, so the call it wraps serves as a typed one.
   */
  private static final class TypedCall<ReqT, RespT> extends ForwardingServerCall<ReqT, RespT> {
    private final ServerCall<ReqT, RespT> call;
    private final MethodDescriptor<ReqT, RespT> method;

    @SuppressWarnings("unchecked")
    TypedCall(ServerCall<InputStream, RespT> call, MethodDescriptor<ReqT, RespT> method) {
      this.call = (ServerCall<ReqT, RespT>) (ServerCall<?, RespT>) call;
      this.method = method;
    }

    @Override
    protected ServerCall<ReqT, RespT> delegate() {
      return call;
    }

    @Override
    public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
      return method;
    }
  }
}
