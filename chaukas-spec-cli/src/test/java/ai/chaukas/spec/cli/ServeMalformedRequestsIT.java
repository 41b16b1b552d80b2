package ai.chaukas.spec.cli;

import static ai.chaukas.spec.testing.internal.RawCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bytes that are not a request, sent to every method of {@code chaukas serve} under both service
 * names: each call fails with INVALID_ARGUMENT, and the server prints one line for it (none with
 * {@code -q}) and no stack trace.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServeMalformedRequestsIT {

  /** A single 0xFF (a tag whose varint never ends), a truncated varint value, wire type 7. */
  private static final List<byte[]> MALFORMED =
      List.of(new byte[] {(byte) 0xFF}, new byte[] {0x08, (byte) 0x80}, new byte[] {0x0F});

  private static final String LISTENING = "chaukas serve: listening on 127.0.0.1:";
  private static final String STOPPED = "chaukas serve: stopped; it held 0 events";
  private static final String NO_KEYS = "chaukas serve: no API keys: any client on this machine can"
      + " read and write every tenant (--keys FILE requires keys)";
  private static final String IN_MEMORY =
      "chaukas serve: events are kept in memory only (--store memory); 0 stored now";

  private static List<MethodDescriptor<?, ?>> everyMethod() {
    List<MethodDescriptor<?, ?>> methods = new ArrayList<>();
    methods.addAll(ChaukasServerServiceGrpc.getServiceDescriptor().getMethods());
    methods.addAll(ChaukasClientServiceGrpc.getServiceDescriptor().getMethods());
    assertThat(methods).hasSize(11);
    return methods;
  }

  @Test
  void eachIsRefusedWithInvalidArgumentAndOneLine() throws Exception {
    List<String> expected = new ArrayList<>();
    try (ServeProcess serve = ServeProcess.start(List.of(), "--port", "0", "--store", "memory")) {
      ManagedChannel channel = channel(serve.port());
      try {
        for (MethodDescriptor<?, ?> method : everyMethod()) {
          String name = method.getBareMethodName();
          String refusal = name + ": the request is not a valid " + name + "Request message: ";
          for (byte[] bytes : MALFORMED) {
            Status status = call(channel, method, bytes);
            assertThat(status.getCode()).as(method.getFullMethodName()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(status.getDescription()).startsWith(refusal);
            expected.add("request refused: INVALID_ARGUMENT: " + status.getDescription());
          }
        }
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      serve.terminate();
      serve.awaitExit();

      List<String> lines = serve.out().lines().toList();
      assertThat(lines).hasSize(expected.size() + 4);
      assertThat(lines.get(0)).startsWith(LISTENING);
      assertThat(lines.get(1)).isEqualTo(NO_KEYS);
      assertThat(lines.get(2)).isEqualTo(IN_MEMORY);
      assertThat(lines.subList(3, lines.size() - 1)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(lines.get(lines.size() - 1)).isEqualTo(STOPPED);
      assertThat(serve.out()).doesNotContain("Exception", "\tat ");
      assertThat(serve.err()).isEmpty();
    }
  }

  @Test
  void quietPrintsNothingForThem() throws Exception {
    try (ServeProcess serve = ServeProcess.start(List.of(), "--port", "0", "--store", "memory", "-q")) {
      ManagedChannel channel = channel(serve.port());
      try {
        for (MethodDescriptor<?, ?> method : everyMethod()) {
          for (byte[] bytes : MALFORMED) {
            assertThat(call(channel, method, bytes).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          }
        }
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      serve.terminate();
      serve.awaitExit();

      assertThat(serve.out().lines().toList())
          .hasSize(4)
          .satisfies(lines -> assertThat(lines.get(0)).startsWith(LISTENING))
          .satisfies(lines -> assertThat(lines.get(1)).isEqualTo(NO_KEYS))
          .satisfies(lines -> assertThat(lines.get(2)).isEqualTo(IN_MEMORY))
          .endsWith(STOPPED);
      assertThat(serve.err()).isEmpty();
    }
  }

  private static ManagedChannel channel(int port) {
    return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }
}
