package ai.chaukas.spec.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.server.v1.HealthzRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The injected channel gives calls without a deadline the configured one, and only those. */
class CallTimeoutTest {

  @RegisterExtension
  static final ChaukasServerExtension chaukas =
      ChaukasServerExtension.inProcess().callTimeout(Duration.ofNanos(1));

  @Test
  void callsWithoutADeadlineGetTheDefaultOne(ChaukasServerServiceBlockingStub stub) {
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> stub.healthz(HealthzRequest.getDefaultInstance()));
    assertThat(e).isNotNull();
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
  }

  @Test
  void callsWithTheirOwnDeadlineKeepIt(ChaukasServerServiceBlockingStub stub) {
    assertThat(stub.withDeadlineAfter(10, TimeUnit.SECONDS).healthz(HealthzRequest.getDefaultInstance()))
        .isNotNull();
  }

  @Test
  void refusesANonPositiveTimeout() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ChaukasServerExtension.inProcess().callTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
