package ai.chaukas.spec.reference;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusException;
import java.util.function.BiConsumer;

/**
 * Lets a gRPC call through only with a key of {@link ApiKeys} that has the scope its method needs,
 * and puts that key into the call's {@link Context} for {@link RulesService}. Healthz needs no key.
 * A refused call ends before its request is read; the key is never reported, only its label.
 */
final class ApiKeyInterceptor implements ServerInterceptor {

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final ApiKeys keys;
  private final BiConsumer<String, String> refused;

  /** {@code refused} receives the code and description of each refused call. */
  ApiKeyInterceptor(ApiKeys keys, BiConsumer<String, String> refused) {
    this.keys = keys;
    this.refused = refused;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String rpc = call.getMethodDescriptor().getBareMethodName();
    if (ApiKeys.isOpen(rpc)) {
      return next.startCall(call, headers);
    }
    ApiKey key;
    try {
      key = keys.authorize(headers.get(AUTHORIZATION), rpc);
    } catch (StatusException e) {
      call.close(e.getStatus(), new Metadata());
      refused.accept(e.getStatus().getCode().name(), rpc + ": " + e.getStatus().getDescription());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(Context.current().withValue(ApiKey.CURRENT, key), call, headers, next);
  }
}
