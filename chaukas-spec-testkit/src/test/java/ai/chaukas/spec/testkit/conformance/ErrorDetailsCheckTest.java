package ai.chaukas.spec.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checks of rules that refuse with INVALID_ARGUMENT require a google.rpc.BadRequest naming the
 * refused field ("Error details" in docs/server-semantics.md): a description alone fails them.
 */
class ErrorDetailsCheckTest {

  private static final String WHAT = "IngestEvent of an event without timestamp and type";

  private static StatusRuntimeException withDetails(int code, Any... details) {
    return StatusProto.toStatusRuntimeException(
        com.google.rpc.Status.newBuilder()
            .setCode(code)
            .setMessage("event is invalid")
            .addAllDetails(List.of(details))
            .build());
  }

  private static Any badRequest(String... fields) {
    BadRequest.Builder request = BadRequest.newBuilder();
    for (String field : fields) {
      request.addFieldViolationsBuilder().setField(field).setDescription("[rule] why");
    }
    return Any.pack(request.build());
  }

  @Test
  void aBadRequestNamingEveryFieldPassesWhereverItLies() {
    Any errorInfo = Any.pack(ErrorInfo.newBuilder().setReason("INVALID_EVENT").build());
    StatusRuntimeException refused =
        withDetails(Code.INVALID_ARGUMENT_VALUE, errorInfo, badRequest("event.type", "event.timestamp"));
    assertThatCode(() -> Expect.namesFields(refused, WHAT, "event.timestamp", "event.type"))
        .doesNotThrowAnyException();
  }

  @Test
  void aBadRequestThatMissesAFieldFailsNamingWhatItHas() {
    StatusRuntimeException refused =
        withDetails(Code.INVALID_ARGUMENT_VALUE, badRequest("timestamp", "event.type"));
    assertThatThrownBy(() -> Expect.namesFields(refused, WHAT, "event.timestamp", "event.type"))
        .isInstanceOf(CheckFailure.class)
        .hasMessage(WHAT + ": the google.rpc.BadRequest detail names the fields [timestamp,"
            + " event.type]; it must name event.timestamp, event.type (paths from the request"
            + " message)");
  }

  @Test
  void aDescriptionAloneOrOtherDetailsFail() {
    StatusRuntimeException textOnly =
        Status.INVALID_ARGUMENT.withDescription("event is invalid").asRuntimeException();
    StatusRuntimeException errorInfoOnly =
        withDetails(Code.INVALID_ARGUMENT_VALUE,
            Any.pack(ErrorInfo.newBuilder().setReason("INVALID_EVENT").build()));
    for (StatusRuntimeException refused : new StatusRuntimeException[] {textOnly, errorInfoOnly}) {
      assertThatThrownBy(() -> Expect.namesFields(refused, WHAT, "event.timestamp"))
          .isInstanceOf(CheckFailure.class)
          .hasMessageStartingWith(WHAT + ": the status carries no google.rpc.BadRequest detail;")
          .hasMessageContaining("names the refused field event.timestamp");
    }
  }

  @Test
  void detailsOfAnotherCodeFail() {
    Metadata trailers = new Metadata();
    trailers.put(
        Metadata.Key.of("grpc-status-details-bin",
            ProtoUtils.metadataMarshaller(com.google.rpc.Status.getDefaultInstance())),
        com.google.rpc.Status.newBuilder()
            .setCode(Code.NOT_FOUND_VALUE)
            .addDetails(badRequest("event.timestamp"))
            .build());
    StatusRuntimeException refused = Status.INVALID_ARGUMENT.asRuntimeException(trailers);
    assertThatThrownBy(() -> Expect.namesFields(refused, WHAT, "event.timestamp"))
        .isInstanceOf(CheckFailure.class)
        .hasMessageContaining("is not a google.rpc.Status with the call's code");
  }

  @Test
  void theCheckFailsAgainstAServerThatRefusesWithTextAlone() throws Exception {
    try (BrokenServers.Running server = BrokenServers.dropsErrorDetails()) {
      Check missingEvent =
          ConformanceSuite.create(server.channel()).checks().stream()
              .filter(c -> c.toString().equals("ING-3 missingEventIsInvalidArgument"))
              .findFirst()
              .orElseThrow();
      CheckResult result = missingEvent.run();
      assertThat(result.status()).isEqualTo(CheckResult.Status.FAIL);
      assertThat(result.detail())
          .startsWith("IngestEvent without event: the status carries no google.rpc.BadRequest detail;")
          .contains("names the refused field event by its path from the request message");
    }
  }
}
