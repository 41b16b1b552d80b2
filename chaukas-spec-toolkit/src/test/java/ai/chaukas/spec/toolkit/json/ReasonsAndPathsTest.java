package ai.chaukas.spec.toolkit.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.chaukas.spec.testing.internal.Values;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.toolkit.ChaukasException;
import ai.chaukas.spec.toolkit.FieldPath;
import ai.chaukas.spec.toolkit.Reason;
import ai.chaukas.spec.toolkit.integrity.CanonicalFormException;
import ai.chaukas.spec.toolkit.integrity.ContentHash;
import com.google.protobuf.Struct;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each refusal of the decoders carries the reason of its kind, and paths are written one way. */
class ReasonsAndPathsTest {

  private static final OpenApiJson OPENAPI = OpenApiJson.defaults();
  private static final ProtoJson PROTO3 = ProtoJson.defaults();

  private static JsonDecodeException refusal(String form, String json) {
    return catchThrowableOfType(JsonDecodeException.class, () -> {
      if (form.equals("proto3")) {
        PROTO3.merge(json, Event.newBuilder());
      } else {
        OPENAPI.merge(json, Event.newBuilder());
      }
    });
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "proto3  | ``                                              | MALFORMED          | ``",
      "proto3  | `{\"eventId\": \"a\",}`                         | MALFORMED          | ``",
      "proto3  | `{} {}`                                         | MALFORMED          | ``",
      "proto3  | `{\"surprise\": 1}`                             | UNKNOWN_FIELD      | surprise",
      "proto3  | `{\"user-id\": 1}`                              | UNKNOWN_FIELD      | `[\"user-id\"]`",
      "proto3  | `{\"type\": \"EVENT_TYPE_NOPE\"}`               | UNKNOWN_ENUM_VALUE | type",
      "proto3  | `{\"eventId\": 5}`                              | INVALID_VALUE      | event_id",
      "proto3  | `{\"eventId\": \"a\", \"event_id\": \"b\"}`     | INVALID_VALUE      | event_id",
      "proto3  | `{\"cost\": {\"inputTokens\": 1.5}}`            | INVALID_VALUE      | cost.input_tokens",
      "proto3  | `{\"timestamp\": \"yesterday\"}`                | INVALID_TIMESTAMP  | timestamp",
      "proto3  | `{\"eventId\": \"\\ud800\"}`                    | INVALID_STRING     | event_id",
      "proto3  | `{\"metadata\": {\"user-id\": [1e400]}}`        | NOT_FINITE         | `metadata[\"user-id\"][0]`",
      "openapi | `{\"eventId\": \"a\"}`                          | UNKNOWN_FIELD      | eventId",
      "openapi | `{\"content\": {\"kind\": \"shell\"}}`          | UNKNOWN_FIELD      | content.kind",
      "openapi | `{\"type\": \"NOPE\"}`                          | UNKNOWN_ENUM_VALUE | type",
      "openapi | `{\"type\": \"UNSPECIFIED\"}`                   | INVALID_VALUE      | type",
      "openapi | `{\"cost\": {\"input_tokens\": \"5\"}}`         | INVALID_VALUE      | cost.input_tokens",
      "openapi | `{\"content\": {\"kind\": \"message\", \"kind\": \"message\"}}` | INVALID_VALUE | content.kind",
  })
  void eachRefusalCarriesItsReasonAndPath(String form, String json, Reason reason, String path) {
    JsonDecodeException e = refusal(form, json);
    assertThat(e).as(json).isNotNull();
    assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
    assertThat(e.path()).hasToString(path);
    assertThat(e.getMessage()).isEqualTo((path.isEmpty() ? "$" : path) + ": " + e.detail());
  }

  @Test
  void limitsAreExceededWhetherTheDecoderOrTheLengthGuardNoticesFirst() {
    ProtoJson limited = ProtoJson.builder().limits(JsonLimits.builder().maxStringLength(2_000).build()).build();
    JsonDecodeException checked = catchThrowableOfType(JsonDecodeException.class,
        () -> limited.merge("{\"eventId\": \"" + "x".repeat(2_001) + "\"}", Event.newBuilder()));
    JsonDecodeException guarded = catchThrowableOfType(JsonDecodeException.class,
        () -> limited.merge("{\"eventId\": \"" + "x".repeat(50_000) + "\"}", Event.newBuilder()));
    assertThat(checked.getCause()).isNull();
    assertThat(guarded.getCause()).isInstanceOf(TokenLengthGuard.StringTooLongException.class);
    for (JsonDecodeException e : new JsonDecodeException[] {checked, guarded}) {
      assertThat(e.reason()).isEqualTo(Reason.LIMIT_EXCEEDED);
      assertThat(e.path()).isEqualTo(FieldPath.of("event_id"));
    }
  }

  @Test
  void aKeyThatIsNoIdentifierIsQuotedInEveryPath() throws Exception {
    FieldPath expected = FieldPath.of("metadata").key("user-id").index(1);
    Event event = Event.newBuilder().setMetadata(Struct.newBuilder().putFields("user-id",
        Values.list(Values.num(1), Values.num(Double.NaN)))).build();

    ChaukasException[] refusals = {
        catchThrowableOfType(JsonPrintException.class, () -> PROTO3.print(event)),
        catchThrowableOfType(JsonPrintException.class, () -> OPENAPI.print(event)),
        catchThrowableOfType(JsonPrintException.class, () -> new JsonLinesWriter(new StringWriter()).write(event)),
        catchThrowableOfType(CanonicalFormException.class, () -> ContentHash.canonicalBytes(event)),
        refusal("proto3", "{\"metadata\": {\"user-id\": [1, 1e999]}}"),
        refusal("openapi", "{\"metadata\": {\"user-id\": [1, -1e999]}}"),
    };
    for (ChaukasException e : refusals) {
      assertThat(e.path()).as(e.getMessage()).isEqualTo(expected);
      assertThat(e.reason()).isEqualTo(Reason.NOT_FINITE);
      assertThat(e.getMessage()).startsWith("metadata[\"user-id\"][1]: ");
    }
    assertThat(FieldPath.parse(expected.toString())).isEqualTo(expected);
  }
}
