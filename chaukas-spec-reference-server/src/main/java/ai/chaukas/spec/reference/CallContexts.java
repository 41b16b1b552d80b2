package ai.chaukas.spec.reference;

import com.linecorp.armeria.server.RequestTimeoutException;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.concurrent.TimeoutException;

/**
 * Gives each call served on a port an {@link io.grpc.Context} that is cancelled when the call is:
 * by the client, or when its deadline ({@code grpc-timeout}, or the HTTP request timeout) passes.
 * The service's loops read that context to stop work nobody waits for. grpc-java's own transports
 * (in-process, Netty) set such a context themselves; Armeria, which serves the port, does not.
 */
final class CallContexts {

  private CallContexts() {}

  /** For gRPC calls: each call's listener runs in the call's context (in-process calls unchanged). */
  static ServerInterceptor grpc() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        ServiceRequestContext request = ServiceRequestContext.currentOrNull();
        if (request == null) {
          return next.startCall(call, headers);
        }
        return Contexts.interceptCall(of(request), call, headers, next);
      }
    };
  }

  /** The context of the request {@code request}; run the call's work attached to it. */
  static Context.CancellableContext of(ServiceRequestContext request) {
    Context.CancellableContext context = Context.current().withCancellation();
    request.whenRequestCancelling().thenAccept(cause -> context.cancel(
        // A TimeoutException is what makes gRPC report DEADLINE_EXCEEDED.
        cause instanceof RequestTimeoutException
            ? new TimeoutException("the call's deadline passed")
            : cause));
    // A client that closes its connection ends the response without cancelling the request (over
    // HTTP/1.1 that is seen only when the reply is written: the connection is not read meanwhile).
    request.log().whenComplete().thenAccept(log -> context.cancel(log.responseCause()));
    return context;
  }
}
