package ai.chaukas.spec.reference;

import static ai.chaukas.spec.testing.internal.RawCalls.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import com.google.rpc.BadRequest;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bytes that are not a request, sent over a loopback socket to every method under both service
 * names, fail with INVALID_ARGUMENT naming the method, with a field violation of the request as a
 * whole, and are logged as one line each, without a stack trace.
 */
class MalformedRequestsTest {

  /** Bytes that no request message parses from, and a word of protobuf's reason for each. */
  record Malformed(String what, byte[] bytes, String reason) {}

  static final List<Malformed> MALFORMED =
      List.of(
          new Malformed("a single 0xFF byte", new byte[] {(byte) 0xFF}, "truncated"),
          new Malformed("a truncated varint", new byte[] {0x08, (byte) 0x80}, "truncated"),
          new Malformed("an invalid wire type (7)", new byte[] {0x0F}, "invalid wire type"));

  /** What the server and gRPC log while the test runs, kept off the console. */
  private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  /** Held strongly while the test runs, since JUL keeps loggers weakly. */
  private final List<Logger> capturing =
      List.of(Logger.getLogger(ReferenceServer.class.getName()), Logger.getLogger("io.grpc"));

  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureLogs() {
    for (Logger logger : capturing) {
      logger.addHandler(capture);
      logger.setUseParentHandlers(false);
    }
  }

  @AfterEach
  void restoreLogs() {
    for (Logger logger : capturing) {
      logger.removeHandler(capture);
      logger.setUseParentHandlers(true);
    }
  }

  @Test
  void everyMethodUnderBothNamesRefusesThemWithInvalidArgumentAndOneLogLineEach() throws Exception {
    List<MethodDescriptor<?, ?>> methods = new ArrayList<>();
    methods.addAll(ChaukasServerServiceGrpc.getServiceDescriptor().getMethods());
    methods.addAll(ChaukasClientServiceGrpc.getServiceDescriptor().getMethods());
    assertThat(methods).hasSize(11);

    ReferenceServer server = ReferenceServer.create();
    try (RunningServer running = server.start(0)) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", running.port()).usePlaintext().build();
      try {
        for (MethodDescriptor<?, ?> method : methods) {
          String name = method.getBareMethodName();
          for (Malformed malformed : MALFORMED) {
            String sent = malformed.what() + " sent to " + method.getFullMethodName();
            StatusRuntimeException refused = refusal(channel, method, malformed.bytes());
            assertThat(refused).as(sent).isNotNull();
            Status status = refused.getStatus();
            assertThat(status.getCode()).as(sent).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(status.getDescription())
                .startsWith(name + ": the request is not a valid " + name + "Request message: ")
                .contains(malformed.reason());
            // The details name the request as a whole, under the rule id of unreadable bytes.
            com.google.rpc.Status details = StatusProto.fromThrowable(refused);
            assertThat(details.getMessage()).isEqualTo(status.getDescription());
            assertThat(details.getDetailsList()).as(sent).hasSize(1);
            assertThat(details.getDetails(0).unpack(BadRequest.class).getFieldViolationsList())
                .as(sent)
                .singleElement()
                .satisfies(v -> {
                  assertThat(v.getField()).isEmpty();
                  assertThat(v.getDescription())
                      .startsWith("[malformed] the request is not a valid " + name + "Request message: ")
                      .contains(malformed.reason());
                });
          }
        }
        // The wrapper lets well-formed requests through: an empty message is a valid HealthzRequest.
        assertThat(refusal(channel, ChaukasClientServiceGrpc.getHealthzMethod(), new byte[0])).isNull();
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
    assertThat(server.eventCount()).isZero();

    int sent = methods.size() * MALFORMED.size();
    assertThat(logged).noneMatch(r -> r.getThrown() != null).noneMatch(r -> r.getLevel() == Level.SEVERE);
    List<LogRecord> refused =
        logged.stream()
            .filter(r -> r.getLoggerName().equals(ReferenceServer.class.getName()))
            .toList();
    assertThat(refused).hasSize(sent);
    assertThat(refused)
        .allSatisfy(
            r -> {
              assertThat(r.getLevel()).isEqualTo(Level.WARNING);
              assertThat(r.getMessage())
                  .startsWith("INVALID_ARGUMENT: ")
                  .contains(": the request is not a valid ")
                  .doesNotContain("\n");
            });
  }
}
