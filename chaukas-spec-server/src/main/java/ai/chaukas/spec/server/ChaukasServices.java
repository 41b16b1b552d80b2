package ai.chaukas.spec.server;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Serves one {@code ChaukasServerService} implementation under both gRPC service names.
 *
 * <p>Agent SDKs call {@code chaukas.spec.client.v1.ChaukasClientService}; platforms implement
 * {@code chaukas.spec.server.v1.ChaukasServerService}. The two services have the same RPCs (the
 * server adds {@code GetEventStats}) but different full names, so a server that registers only its
 * implementation answers every SDK call with {@code UNIMPLEMENTED}. This bridge closes that gap
 * without a second implementation: the request messages of both services are wire-identical, and
 * the server's {@code IngestEventResponse} and {@code IngestEventBatchResponse} are supersets of the
 * client's empty ones (a client keeps the extra fields as unknown fields), so the client methods can
 * hand their bytes to the server handlers unchanged and return the server's reply bytes as they are.
 *
 * <pre>{@code
 * MyPlatform platform = new MyPlatform(); // extends ChaukasServerServiceGrpc.ChaukasServerServiceImplBase
 * Server server = NettyServerBuilder.forPort(50051)
 *     .addServices(ChaukasServices.bothServices(platform))
 *     .build()
 *     .start();
 * }</pre>
 *
 * <p>Interceptors applied to the server service (for example with {@link
 * ServerInterceptors#intercept(BindableService, io.grpc.ServerInterceptor...)}) run for calls
 * under both names when the intercepted definition is passed to {@link
 * #bothServices(ServerServiceDefinition)}; they see the server service's method descriptors.
 *
 * @since 1.0.5
 */
public final class ChaukasServices {

  /**
   * Messages as their bytes, read off the transport when they arrive: some transports (Armeria)
   * release a message's buffer as soon as it is parsed, so a stream handed on unread would be gone.
   */
  private static final MethodDescriptor.Marshaller<InputStream> BYTES =
      new MethodDescriptor.Marshaller<InputStream>() {
        @Override
        public InputStream stream(InputStream value) {
          return value;
        }

        @Override
        public InputStream parse(InputStream stream) {
          try {
            return new ByteArrayInputStream(readAll(stream));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private ChaukasServices() {}

  private static byte[] readAll(InputStream stream) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(32, stream.available()));
    byte[] chunk = new byte[8192];
    for (int n; (n = stream.read(chunk)) > 0; ) {
      out.write(chunk, 0, n);
    }
    return out.toByteArray();
  }

  /**
   * The definitions to register for {@code implementation}: the server service itself, then the
   * client service bridged onto it. Both share the implementation's handlers, so they share its
   * state.
   *
   * @param implementation a {@code ChaukasServerService} implementation, normally a subclass of
   *     {@link ChaukasServerServiceGrpc.ChaukasServerServiceImplBase}
   * @return two definitions, server service first
   * @throws IllegalArgumentException if {@code implementation} is not a {@code
   *     ChaukasServerService}
   */
  public static List<ServerServiceDefinition> bothServices(BindableService implementation) {
    return bothServices(implementation.bindService());
  }

  /**
   * Like {@link #bothServices(BindableService)}, for a definition that is already bound, for
   * example one with interceptors.
   *
   * @param serverService a bound {@code chaukas.spec.server.v1.ChaukasServerService}
   * @return two definitions: {@code serverService} itself, then the client service bridged onto it
   * @throws IllegalArgumentException if {@code serverService} is not a {@code ChaukasServerService}
   */
  public static List<ServerServiceDefinition> bothServices(ServerServiceDefinition serverService) {
    return Collections.unmodifiableList(
        Arrays.asList(serverService, clientServiceOf(serverService)));
  }

  /**
   * {@code chaukas.spec.client.v1.ChaukasClientService}, answered by the handlers of {@code
   * implementation}. Register it next to {@code implementation} itself.
   *
   * @param implementation a {@code ChaukasServerService} implementation
   * @return the client service: its five RPCs, each calling the server RPC of the same name
   * @throws IllegalArgumentException if {@code implementation} is not a {@code
   *     ChaukasServerService}
   */
  public static ServerServiceDefinition clientServiceOf(BindableService implementation) {
    return clientServiceOf(implementation.bindService());
  }

  /**
   * Like {@link #clientServiceOf(BindableService)}, for a definition that is already bound.
   *
   * @param serverService a bound {@code chaukas.spec.server.v1.ChaukasServerService}
   * @return the client service: its five RPCs, each calling the server RPC of the same name
   * @throws IllegalArgumentException if {@code serverService} is not a {@code ChaukasServerService}
   *     or lacks one of the client's RPCs
   */
  public static ServerServiceDefinition clientServiceOf(ServerServiceDefinition serverService) {
    String serverName = serverService.getServiceDescriptor().getName();
    if (!ChaukasServerServiceGrpc.SERVICE_NAME.equals(serverName)) {
      throw new IllegalArgumentException(
          "expected a " + ChaukasServerServiceGrpc.SERVICE_NAME + " implementation, got "
              + serverName);
    }
    ServerServiceDefinition bytes = ServerInterceptors.useMarshalledMessages(serverService, BYTES);
    ServiceDescriptor client = ChaukasClientServiceGrpc.getServiceDescriptor();
    List<ServerMethodDefinition<InputStream, InputStream>> methods =
        new ArrayList<ServerMethodDefinition<InputStream, InputStream>>();
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(client.getName())
            .setSchemaDescriptor(client.getSchemaDescriptor());
    for (MethodDescriptor<?, ?> clientMethod : client.getMethods()) {
      ServerMethodDefinition<InputStream, InputStream> target =
          serverMethod(bytes, clientMethod.getBareMethodName());
      MethodDescriptor<InputStream, InputStream> renamed =
          target.getMethodDescriptor().toBuilder()
              .setFullMethodName(clientMethod.getFullMethodName())
              .setSchemaDescriptor(clientMethod.getSchemaDescriptor())
              .build();
      descriptor.addMethod(renamed);
      methods.add(ServerMethodDefinition.create(renamed, target.getServerCallHandler()));
    }
    // The client's schema descriptors keep server reflection (grpcurl) working for the client name.
    ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor.build());
    for (ServerMethodDefinition<InputStream, InputStream> method : methods) {
      builder.addMethod(method);
    }
    return builder.build();
  }

  @SuppressWarnings("unchecked") // useInputStreamMessages made every method InputStream-typed
  private static ServerMethodDefinition<InputStream, InputStream> serverMethod(
      ServerServiceDefinition bytes, String bareName) {
    ServerMethodDefinition<?, ?> method =
        bytes.getMethod(
            MethodDescriptor.generateFullMethodName(ChaukasServerServiceGrpc.SERVICE_NAME, bareName));
    if (method == null) {
      throw new IllegalArgumentException(
          "the server service definition has no " + bareName + " method; bind it with every RPC"
              + " (ChaukasServerServiceImplBase does)");
    }
    return (ServerMethodDefinition<InputStream, InputStream>) method;
  }
}
