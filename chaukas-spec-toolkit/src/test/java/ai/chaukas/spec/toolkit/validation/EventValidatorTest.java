package ai.chaukas.spec.toolkit.validation;

import static ai.chaukas.spec.testing.internal.SampleEvents.validLlmEvent;
import static ai.chaukas.spec.testing.internal.Values.list;
import static ai.chaukas.spec.testing.internal.Values.num;
import static ai.chaukas.spec.testing.internal.Values.obj;
import static ai.chaukas.spec.testing.internal.Values.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ai.chaukas.spec.common.v1.ErrorInfo;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.MessageContent;
import ai.chaukas.spec.common.v1.RedactionInfo;
import ai.chaukas.spec.common.v1.RetryInfo;
import ai.chaukas.spec.common.v1.ToolCall;
import ai.chaukas.spec.common.v1.ToolResponse;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventValidatorTest {

  private static List<Violation> validate(Event e) {
    return EventValidator.defaults().validate(e);
  }

  /** Each violation as a (path, rule id) tuple. */
  private static List<Tuple> pathsAndRules(List<? extends Violation> violations) {
    return violations.stream().map(v -> tuple(v.path().toString(), v.ruleId())).toList();
  }

  private static Set<String> rules(List<Violation> violations) {
    return violations.stream().map(Violation::ruleId).collect(Collectors.toSet());
  }

  // --- real data and the baseline -------------------------------------------------------------

  @Test
  void baselineIsValid() {
    assertThat(validate(validLlmEvent())).isEmpty();
  }

  /** Reads field 1 (the event or batch) of an IngestEventRequest/IngestEventBatchRequest body. */
  private static CodedInputStream fieldOne(String vector) throws IOException {
    try (InputStream in = EventValidatorTest.class.getResourceAsStream("/vectors/python-sdk/" + vector)) {
      assertThat(in).as(vector).isNotNull();
      CodedInputStream body = CodedInputStream.newInstance(in.readAllBytes());
      assertThat(body.readTag()).isEqualTo((1 << 3) | 2);
      return CodedInputStream.newInstance(body.readBytes().toByteArray());
    }
  }

  @Test
  void everyEventThePythonSdkSentIsValid() throws IOException {
    Event single = Event.parseFrom(fieldOne("01-events.bin"));
    assertThat(validate(single)).isEmpty();

    EventBatch batch = EventBatch.parseFrom(fieldOne("02-events_batch.bin"));
    assertThat(batch.getEventsCount()).isEqualTo(4);
    BatchVerdict verdict = EventValidator.of(ValidationOptions.builder().requireTenant(true).requireProject(true).build())
        .validate(batch);
    assertThat(verdict.allViolations()).isEmpty();
    assertThat(verdict.acceptedCount()).isEqualTo(4);
  }

  // --- one case per rule; the table must cover every rule ------------------------------------

  record Case(Rule rule, String path, UnaryOperator<Event.Builder> breakIt) {}

  static final ValidationOptions SMALL =
      ValidationOptions.builder()
          .requireTenant(true)
          .requireProject(true)
          .maxIdLength(40)
          .maxStringLength(50)
          .maxRepeatedCount(3)
          .maxStructDepth(3)
          .maxStructValues(20)
          .build();

  static Map<Rule, Case> cases() {
    Map<Rule, Case> cases = new LinkedHashMap<>();
    for (Case c :
        List.of(
            new Case(Rule.REQUIRED_FIELD, "event_id", b -> b.clearEventId()),
            new Case(Rule.REQUIRED_ENUM, "status", b -> b.setStatus(EventStatus.EVENT_STATUS_UNSPECIFIED)),
            new Case(Rule.KNOWN_ENUM, "type", b -> b.setTypeValue(99)),
            new Case(Rule.TENANT_REQUIRED, "tenant_id", b -> b.clearTenantId()),
            new Case(Rule.PROJECT_REQUIRED, "project_id", b -> b.clearProjectId()),
            new Case(Rule.CONTENT_TYPE_MATCH, "tool_call", b -> b.setToolCall(ToolCall.newBuilder().setName("x"))),
            new Case(Rule.RETRY_INFO, "retry", b -> b.setType(EventType.EVENT_TYPE_RETRY).clearContent()),
            new Case(Rule.SESSION_START_ROOT, "parent_span_id",
                b -> b.setType(EventType.EVENT_TYPE_SESSION_START).clearContent()),
            new Case(Rule.HASH_FORMAT, "content_hash", b -> b.setContentHash("AB".repeat(32))),
            new Case(Rule.FINITE_NUMBER, "llm_invocation.duration_ms",
                b -> { b.getLlmInvocationBuilder().setDurationMs(Double.NaN); return b; }),
            new Case(Rule.NON_NEGATIVE, "cost.total_cost",
                b -> { b.getCostBuilder().setTotalCost(-0.01); return b; }),
            new Case(Rule.TIMESTAMP_RANGE, "timestamp",
                b -> b.setTimestamp(Timestamp.newBuilder().setSeconds(1).setNanos(1_000_000_000))),
            new Case(Rule.ID_LENGTH, "session_id", b -> b.setSessionId("s".repeat(41))),
            new Case(Rule.ID_CHARACTERS, "trace_id", b -> b.setTraceId("trace\u001B[2J")),
            new Case(Rule.STRING_LENGTH, "llm_invocation.model",
                b -> { b.getLlmInvocationBuilder().setModel("m".repeat(51)); return b; }),
            new Case(Rule.REPEATED_COUNT, "tags", b -> b.addTags("a").addTags("b").addTags("c")),
            new Case(Rule.STRUCT_DEPTH, "metadata.a.b.c",
                b -> b.setMetadata(nested(4))),
            new Case(Rule.STRUCT_SIZE, "metadata", b -> b.setMetadata(wide(21))),
            new Case(Rule.REDACTION_METHOD, "redaction.method",
                b -> b.setRedaction(RedactionInfo.newBuilder().setMethod("shred").addFields("message.text"))))) {
      cases.put(c.rule(), c);
    }
    return cases;
  }

  static Struct nested(int depth) {
    Struct s = Struct.newBuilder().putFields("leaf", num(1)).build();
    for (int i = depth - 1; i > 0; i--) {
      s = Struct.newBuilder().putFields(String.valueOf((char) ('a' + i - 1)), obj(s)).build();
    }
    return s;
  }

  static Struct wide(int values) {
    Struct.Builder s = Struct.newBuilder();
    for (int i = 0; i < values; i++) {
      s.putFields("k" + i, num(i));
    }
    return s.build();
  }

  @Test
  void everyEventRuleHasACase() {
    Set<Rule> eventRules = EnumSet.allOf(Rule.class);
    eventRules.remove(Rule.BATCH_SIZE); // a batch rule, tested below
    assertThat(cases().keySet()).containsExactlyInAnyOrderElementsOf(eventRules);
  }

  @ParameterizedTest
  @EnumSource(value = Rule.class, names = "BATCH_SIZE", mode = EnumSource.Mode.EXCLUDE)
  void eachRuleReportsItsIdAndPath(Rule rule) {
    EventValidator validator = EventValidator.of(SMALL);
    Event valid = validLlmEvent();
    assertThat(validator.validate(valid)).as("baseline under small limits").isEmpty();

    Case c = cases().get(rule);
    List<Violation> violations = validator.validate(c.breakIt().apply(valid.toBuilder()).build());
    assertThat(violations)
        .as("violations of %s", rule)
        .anySatisfy(
            v -> {
              assertThat(v.rule()).isEqualTo(rule);
              assertThat(v.path()).hasToString(c.path());
              assertThat(v.message()).isNotBlank();
            });
  }

  // --- details of individual rules ------------------------------------------------------------

  @Test
  void requiredFieldsAreTheOpenApiOnes() {
    Event empty = Event.getDefaultInstance();
    assertThat(validate(empty))
        .extracting(v -> v.path().toString())
        .containsExactlyInAnyOrder("event_id", "session_id", "timestamp", "type", "status");
    // ids are opaque: any non-empty printable text will do
    assertThat(validate(validLlmEvent().toBuilder().setEventId("x").setSessionId("not a uuid").build())).isEmpty();
  }

  @Test
  void tenantAndProjectAreOptionalUnlessAsked() {
    Event e = validLlmEvent().toBuilder().clearTenantId().clearProjectId().build();
    assertThat(validate(e)).isEmpty();
    assertThat(rules(EventValidator.of(SMALL).validate(e))).contains("tenant-required", "project-required");
  }

  @Test
  void severityAndAuthorMayBeUnsetButNotUnknown() {
    Event e = validLlmEvent().toBuilder().clearSeverity().clearAuthor().build();
    assertThat(validate(e)).isEmpty();
    assertThat(pathsAndRules(validate(e.toBuilder().setAuthorValue(42).build())))
        .containsExactly(tuple("author", "known-enum"));
  }

  @Test
  void failedEventsMayCarryErrorInsteadOfTheirContent() {
    Event failedToolEnd =
        validLlmEvent().toBuilder()
            .setType(EventType.EVENT_TYPE_TOOL_CALL_END)
            .setStatus(EventStatus.EVENT_STATUS_FAILED)
            .setError(ErrorInfo.newBuilder().setErrorMessage("boom").setRecoverable(true))
            .build();
    assertThat(validate(failedToolEnd)).isEmpty();
    assertThat(rules(validate(failedToolEnd.toBuilder().setStatus(EventStatus.EVENT_STATUS_COMPLETED).build())))
        .containsExactly("content-type-match");
    assertThat(validate(failedToolEnd.toBuilder().setToolResponse(ToolResponse.newBuilder().setToolCallId("c")).build()))
        .isEmpty();
  }

  @Test
  void contentTableCoversEveryTypeAndMatchesTheSpec() {
    for (EventType type : EventType.values()) {
      if (type == EventType.EVENT_TYPE_UNSPECIFIED || type == EventType.UNRECOGNIZED) {
        assertThat(ContentRules.allowed(type)).isEmpty();
      } else {
        assertThat(ContentRules.allowed(type)).as(type.name()).isNotEmpty();
      }
    }
    assertThat(ContentRules.allowed(EventType.EVENT_TYPE_MODEL_INVOCATION_START)).containsExactly(Event.ContentCase.LLM_INVOCATION);
    assertThat(ContentRules.allowed(EventType.EVENT_TYPE_TOOL_CALL_START)).containsExactly(Event.ContentCase.TOOL_CALL);
    assertThat(ContentRules.allowed(EventType.EVENT_TYPE_TOOL_CALL_END)).containsExactly(Event.ContentCase.TOOL_RESPONSE);
    assertThat(ContentRules.allowed(EventType.EVENT_TYPE_MCP_CALL_END)).containsExactly(Event.ContentCase.MCP_CALL);
    assertThat(ContentRules.allowed(EventType.EVENT_TYPE_STATE_UPDATE)).containsExactly(Event.ContentCase.STATE_UPDATE);
    assertThat(ContentRules.allowed(EventType.EVENT_TYPE_SESSION_START)).containsExactly(Event.ContentCase.CONTENT_NOT_SET);
    assertThat(ContentRules.isAllowed(EventType.EVENT_TYPE_INPUT_RECEIVED, false, Event.ContentCase.CONTENT_NOT_SET)).isFalse();
    assertThat(validate(validLlmEvent().toBuilder().setType(EventType.EVENT_TYPE_INPUT_RECEIVED)
            .setMessage(MessageContent.newBuilder().setRole("user").setText("hi")).build()))
        .isEmpty();
  }

  @Test
  void hashesMustBeLowercaseSha256Hex() {
    String good = "0123456789abcdef".repeat(4);
    assertThat(validate(validLlmEvent().toBuilder().setContentHash(good).setHashPrev(good).build())).isEmpty();
    for (String bad : List.of(good.substring(1), good + "0", good.replace('a', 'g'), good.toUpperCase())) {
      assertThat(pathsAndRules(validate(validLlmEvent().toBuilder().setHashPrev(bad).build())))
          .containsExactly(tuple("hash_prev", "hash-format"));
    }
  }

  @Test
  void nonFiniteNumbersInsideStructsAreFoundWithTheirPath() {
    Struct request = Struct.newBuilder()
        .putFields("messages", list(str("ok"), obj(Struct.newBuilder()
            .putFields("score", num(Double.POSITIVE_INFINITY))
            .putFields("odd key", num(Double.NaN))
            .build())))
        .build();
    Event e = validLlmEvent().toBuilder().setLlmInvocation(validLlmEvent().getLlmInvocation().toBuilder().setRequest(request)).build();
    assertThat(pathsAndRules(validate(e)))
        .containsExactlyInAnyOrder(
            tuple("llm_invocation.request.messages[1].score", "finite-number"),
            tuple("llm_invocation.request.messages[1][\"odd key\"]", "finite-number"));
  }

  /** Paths are FieldPaths: a key that is not a plain ASCII identifier is a JSON string in brackets. */
  @Test
  void structKeysAreWrittenAsFieldPathWritesThem() {
    Struct metadata = Struct.newBuilder()
        .putFields("user_id", num(Double.NaN))
        .putFields("user-id", num(Double.NaN))
        .putFields("caf\u00e9", num(Double.NaN))
        .putFields("a.b", list(num(Double.NaN)))
        .build();
    assertThat(validate(validLlmEvent().toBuilder().setMetadata(metadata).build()))
        .extracting(v -> v.path().toString())
        .containsExactlyInAnyOrder("metadata.user_id", "metadata[\"user-id\"]", "metadata[\"caf\u00e9\"]",
            "metadata[\"a.b\"][0]");
  }

  /** A key that is too long is reported at its object: a path holding it would be as long. */
  @Test
  void aKeyTooLongIsReportedAtItsObject() {
    Struct inner = Struct.newBuilder().putFields("k".repeat(51), str("v")).build();
    Event e = validLlmEvent().toBuilder()
        .setMetadata(Struct.newBuilder().putFields("inner", obj(inner)))
        .build();
    assertThat(EventValidator.of(SMALL).validate(e))
        .extracting(Violation::toString)
        .containsExactly("metadata.inner: [string-length] key of 51 characters; at most 50 are allowed");
  }

  @Test
  void deepStructsStopAtTheLimitWithoutRecursingFurther() {
    Struct deep = nested(5_000);
    List<Violation> violations = validate(validLlmEvent().toBuilder().setMetadata(deep).build());
    assertThat(violations).hasSize(1);
    assertThat(violations.get(0).ruleId()).isEqualTo("struct-depth");
    assertThat(violations.get(0).path().toString()).startsWith("metadata.");
  }

  @Test
  void redactionByHashNeedsAKeyName() {
    Event e = validLlmEvent().toBuilder()
        .setRedaction(RedactionInfo.newBuilder().setMethod("hash").addFields("message.text")).build();
    assertThat(validate(e)).extracting(v -> v.path().toString()).containsExactly("redaction.salt_id");
    assertThat(validate(e.toBuilder().setRedaction(e.getRedaction().toBuilder().setSaltId("k1")).build())).isEmpty();
  }

  @Test
  void retryEventsCarryRetryInfo() {
    Event retry = validLlmEvent().toBuilder().setType(EventType.EVENT_TYPE_RETRY).clearContent()
        .setStatus(EventStatus.EVENT_STATUS_IN_PROGRESS)
        .setRetry(RetryInfo.newBuilder().setAttempt(2).setStrategy("exponential").setBackoffMs(200)).build();
    assertThat(validate(retry)).isEmpty();
    assertThat(rules(validate(retry.toBuilder().setRetry(RetryInfo.newBuilder().setAttempt(-1)).build())))
        .containsExactly("non-negative");
  }

  // --- batches ---------------------------------------------------------------------------------

  @Test
  void aRejectedEventNeverBlocksTheValidOnes() {
    Event ok1 = validLlmEvent();
    Event bad = validLlmEvent().toBuilder().setEventId("bad-1").clearSessionId().build();
    Event noId = validLlmEvent().toBuilder().clearEventId().build();
    Event ok2 = validLlmEvent().toBuilder().setEventId("ok-2").build();
    BatchVerdict verdict =
        EventValidator.defaults().validate(EventBatch.newBuilder().addEvents(ok1).addEvents(bad).addEvents(noId).addEvents(ok2).build());

    assertThat(verdict.acceptedEvents()).containsExactly(ok1, ok2);
    assertThat(verdict.acceptedCount()).isEqualTo(2);
    assertThat(verdict.rejectedCount()).isEqualTo(2);
    assertThat(verdict.rejectedEventIds()).containsExactly("bad-1", "events[2]");
    assertThat(verdict.allViolations())
        .extracting(v -> v.path().toString())
        .containsExactly("events[1].session_id", "events[2].event_id");
    assertThat(verdict.allValid()).isFalse();
  }

  @Test
  void batchSizeIsABatchLevelViolation() {
    EventBatch.Builder batch = EventBatch.newBuilder();
    for (int i = 0; i < 4; i++) {
      batch.addEvents(validLlmEvent().toBuilder().setEventId("e" + i));
    }
    BatchVerdict verdict = EventValidator.of(ValidationOptions.builder().maxBatchEvents(3).build()).validate(batch.build());
    assertThat(verdict.batchViolations()).extracting(Violation::ruleId, v -> v.path().toString())
        .containsExactly(tuple("batch-size", "events"));
    assertThat(verdict.acceptedCount()).isEqualTo(4);
    assertThat(verdict.allValid()).isFalse();
  }

  @Test
  void batchFieldsAreChecked() {
    EventBatch batch = EventBatch.newBuilder().addEvents(validLlmEvent()).setTotalTokens(-5).setTotalCost(Double.NaN).build();
    assertThat(pathsAndRules(EventValidator.defaults().validate(batch).batchViolations()))
        .containsExactlyInAnyOrder(
            tuple("total_tokens", "non-negative"),
            tuple("total_cost", "finite-number"));
  }

  @Test
  void violationsReadWell() {
    Violation v = validate(validLlmEvent().toBuilder().setContentHash("xyz").build()).get(0);
    assertThat(v.toString()).isEqualTo("content_hash: [hash-format] must be 64 lowercase hex characters (a SHA-256 digest), was \"xyz\"");
    assertThat(Rule.byId("hash-format")).isEqualTo(Rule.HASH_FORMAT);
  }

  @Test
  void optionsRejectNonsense() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ValidationOptions.builder().maxStructDepth(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxStructDepth");
    assertThat(ValidationOptions.defaults().maxStringLength()).isEqualTo(1 << 20);
  }
}
