package ai.chaukas.spec.exporter;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc;
import ai.chaukas.spec.client.v1.IngestEventRequest;
import ai.chaukas.spec.common.v1.Event;
import io.grpc.Contexts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server of {@code ChaukasClientService} on a free loopback port that records each ingest
 * call and answers as a script says: a reply, or a status with trailers.
 */
final class ScriptedGrpcServer implements AutoCloseable {

  /** An ingest call: its events, its batch id (empty for IngestEvent) and its headers. */
  record Call(List<Event> events, String batchId, Metadata headers, long nanos) {
    List<String> ids() {
      return events.stream().map(Event::getEventId).toList();
    }
  }

  private static final io.grpc.Context.Key<Metadata> HEADERS = io.grpc.Context.key("headers");

  /** Answers a call: the reply bytes, or throws the StatusException to fail it with. */
  interface Script {
    byte[] answer(Call call) throws StatusException;
  }

  final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Server server;

  ScriptedGrpcServer(Script script) throws IOException {
    ServerServiceDefinition service = ServerServiceDefinition
        .builder(ChaukasClientServiceGrpc.SERVICE_NAME)
        .addMethod(ChaukasClientServiceGrpc.getIngestEventBatchMethod(), ServerCalls.asyncUnaryCall(
            (request, reply) -> answer(script, reply,
                new Call(request.getEventBatch().getEventsList(),
                    request.getEventBatch().getBatchId(), HEADERS.get(), System.nanoTime()),
                ai.chaukas.spec.client.v1.IngestEventBatchResponse::parseFrom)))
        .addMethod(ChaukasClientServiceGrpc.getIngestEventMethod(), ServerCalls.asyncUnaryCall(
            (IngestEventRequest request, io.grpc.stub.StreamObserver<
                ai.chaukas.spec.client.v1.IngestEventResponse> reply) -> answer(script, reply,
                new Call(List.of(request.getEvent()), "", HEADERS.get(), System.nanoTime()),
                ai.chaukas.spec.client.v1.IngestEventResponse::parseFrom)))
        .build();
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerInterceptors.intercept(service, new io.grpc.ServerInterceptor() {
          @Override
          public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call,
              Metadata headers, io.grpc.ServerCallHandler<Q, R> next) {
            return Contexts.interceptCall(
                io.grpc.Context.current().withValue(HEADERS, headers), call, headers, next);
          }
        }))
        .build()
        .start();
  }

  /** Parses the script's bytes as the client's reply type (a superset keeps them as unknown fields). */
  interface Parser<R> {
    R parse(byte[] bytes) throws com.google.protobuf.InvalidProtocolBufferException;
  }

  private <R> void answer(Script script, io.grpc.stub.StreamObserver<R> reply, Call call,
      Parser<R> parser) {
    calls.add(call);
    try {
      reply.onNext(parser.parse(script.answer(call)));
      reply.onCompleted();
    } catch (StatusException e) {
      reply.onError(e);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      reply.onError(e);
    }
  }

  ManagedChannel channel() {
    return NettyChannelBuilder.forTarget("127.0.0.1:" + server.getPort()).usePlaintext().build();
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
