package ai.chaukas.spec.toolkit.redaction;

import static ai.chaukas.spec.testing.internal.Values.list;
import static ai.chaukas.spec.testing.internal.Values.num;
import static ai.chaukas.spec.testing.internal.Values.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.LLMInvocation;
import ai.chaukas.spec.common.v1.MessageContent;
import ai.chaukas.spec.common.v1.RedactionInfo;
import ai.chaukas.spec.toolkit.ChaukasException;
import ai.chaukas.spec.toolkit.FieldPath;
import ai.chaukas.spec.toolkit.Reason;
import ai.chaukas.spec.toolkit.validation.EventValidator;
import ai.chaukas.spec.toolkit.validation.Rule;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

  static final String RFC4231_CASE2 =
      "hmac-sha256:5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
  static final byte[] JEFE = "Jefe".getBytes(StandardCharsets.US_ASCII);

  static Value obj(Map<String, Value> fields) {
    return Value.newBuilder().setStructValue(Struct.newBuilder().putAllFields(fields)).build();
  }

  static Value message(String role, String content) {
    return obj(Map.of("role", str(role), "content", str(content)));
  }

  /** A model call with strings in every kind of place. */
  static Event llmEvent() {
    return Event.newBuilder()
        .setEventId("e-1")
        .setSessionId("s-1")
        .setType(EventType.EVENT_TYPE_MODEL_INVOCATION_END)
        .setStatus(EventStatus.EVENT_STATUS_COMPLETED)
        .setTimestamp(Timestamp.newBuilder().setSeconds(1_764_095_692L))
        .setAgentName("support-bot")
        .setHashPrev("a".repeat(64))
        .setContentHash("b".repeat(64))
        .setWormProofId("proof-1")
        .addAllTags(List.of("t0", "t1", "t2", "t3"))
        .setLlmInvocation(LLMInvocation.newBuilder()
            .setProvider("openai")
            .setModel("gpt-4o")
            .setPromptTokens(12)
            .setRequest(Struct.newBuilder()
                .putFields("messages", list(
                    message("system", "be brief"),
                    message("user", "what do ya want for nothing?"),
                    message("assistant", "nothing")))
                .putFields("odd key", str("odd value"))
                .putFields("temperature", num(0.2))
                .putFields("nested", list(list(str("deep"), num(1)), obj(Map.of("k", str("v")))))))
        .setMetadata(Struct.newBuilder().putFields("user", obj(Map.of("email", str("jane@example.com")))))
        .build();
  }

  static Struct request(Event e) {
    return e.getLlmInvocation().getRequest();
  }

  static List<Value> messages(Event e) {
    return request(e).getFieldsOrThrow("messages").getListValue().getValuesList();
  }

  static RedactionException error(Runnable call) {
    RedactionException e = catchThrowableOfType(call::run, RedactionException.class);
    assertThat(e).as("a RedactionException").isNotNull();
    return e;
  }

  final Redactor redactor = Redactor.builder().keyProvider(KeyProvider.of("k1", JEFE)).build();

  private RedactionException maskError(String... paths) {
    return error(() -> redactor.mask(llmEvent(), paths));
  }

  // ---- mask ----

  @Test
  void maskProtoStringField() {
    Event out = redactor.mask(llmEvent(), "agent_name");
    assertThat(out.getAgentName()).isEqualTo("[REDACTED]");
    assertThat(out.getRedaction()).isEqualTo(RedactionInfo.newBuilder()
        .addFields("$['agent_name']").setMethod("mask").setSaltId("").build());
  }

  @Test
  void maskRepeatedStringElement() {
    Event out = redactor.mask(llmEvent(), "tags[1]");
    assertThat(out.getTagsList()).containsExactly("t0", "[REDACTED]", "t2", "t3");
  }

  @Test
  void maskStructStringNestedInLists() {
    Event out = redactor.mask(llmEvent(), "llm_invocation.request.messages[1].content",
        "llm_invocation.request.nested[0][0]");
    assertThat(messages(out).get(1).getStructValue().getFieldsOrThrow("content")).isEqualTo(str("[REDACTED]"));
    assertThat(messages(out).get(1).getStructValue().getFieldsOrThrow("role")).isEqualTo(str("user"));
    assertThat(request(out).getFieldsOrThrow("nested").getListValue().getValues(0).getListValue().getValuesList())
        .containsExactly(str("[REDACTED]"), num(1));
    assertThat(out.getRedaction().getFieldsList()).containsExactly(
        "$['llm_invocation']['request']['messages'][1]['content']",
        "$['llm_invocation']['request']['nested'][0][0]");
  }

  @Test
  void maskTurnsAnyStructValueIntoTheMarker() {
    Event out = redactor.mask(llmEvent(), "llm_invocation.request.temperature", "metadata.user",
        "llm_invocation.request['odd key']");
    assertThat(request(out).getFieldsOrThrow("temperature")).isEqualTo(str("[REDACTED]"));
    assertThat(request(out).getFieldsOrThrow("odd key")).isEqualTo(str("[REDACTED]"));
    assertThat(out.getMetadata().getFieldsOrThrow("user")).isEqualTo(str("[REDACTED]"));
  }

  @Test
  void maskRefusesNonStringProtoFields() {
    RedactionException e = maskError("llm_invocation.prompt_tokens");
    assertThat(e.reason()).isEqualTo(Reason.NOT_REDACTABLE);
    assertThat(e.path()).isEqualTo(FieldPath.of("llm_invocation", "prompt_tokens"));
    assertThat(e.detail()).startsWith("cannot mask an int32 field");
    assertThat(e.position()).isEqualTo(-1);
    assertThat(e.getMessage()).startsWith("$['llm_invocation']['prompt_tokens']: cannot mask an int32 field")
        .contains("drop it instead");

    assertThat(maskError("type").getMessage()).contains("EventType enum");
    assertThat(maskError("llm_invocation.request").getMessage())
        .contains("cannot mask a google.protobuf.Struct field");
    assertThat(maskError("timestamp").reason()).isEqualTo(Reason.NOT_REDACTABLE);
    RedactionException wholeList = maskError("tags");
    assertThat(wholeList.reason()).isEqualTo(Reason.NOT_REDACTABLE);
    assertThat(wholeList.getMessage()).contains("redact its elements ($['tags'][0], ...)");
  }

  @Test
  void shorthandAndNormalizedPathsRedactTheSameValue() {
    Event viaShorthand = redactor.mask(llmEvent(), "llm_invocation.request.messages[0].content");
    Event viaNormalized = redactor.mask(llmEvent(), "$['llm_invocation']['request']['messages'][0]['content']");
    assertThat(viaShorthand).isEqualTo(viaNormalized);
    assertThat(messages(viaShorthand).get(0).getStructValue().getFieldsOrThrow("content")).isEqualTo(str("[REDACTED]"));
  }

  @Test
  void recordIsNormalizedSortedAndWithoutDuplicates() {
    Event out = redactor.mask(llmEvent(), "tags[3]", "$['tags'][3]", "agent_name", "tags[1]",
        "llm_invocation.request['odd key']");
    assertThat(out.getRedaction().getFieldsList()).containsExactly(
        "$['agent_name']", "$['llm_invocation']['request']['odd key']", "$['tags'][1]", "$['tags'][3]");
    assertThat(out.getRedaction().getMethod()).isEqualTo("mask");
  }

  // ---- hash ----

  @Test
  void hashIsHmacSha256OfUtf8BytesRfc4231Case2() {
    Event e = llmEvent().toBuilder()
        .setMessage(MessageContent.newBuilder().setRole("user").setText("what do ya want for nothing?"))
        .build();
    Event out = redactor.hash(e, "k1", "message.text");
    assertThat(out.getMessage().getText()).isEqualTo(RFC4231_CASE2);
    assertThat(out.getRedaction()).isEqualTo(RedactionInfo.newBuilder()
        .addFields("$['message']['text']").setMethod("hash").setSaltId("k1").build());
    assertThat(Redactor.hashedValue(JEFE, "what do ya want for nothing?")).isEqualTo(RFC4231_CASE2);
  }

  @Test
  void hashStructStringAndRepeatedElement() {
    Event out = redactor.hash(llmEvent(), "k1", "llm_invocation.request.messages[1].content", "tags[0]");
    assertThat(messages(out).get(1).getStructValue().getFieldsOrThrow("content")).isEqualTo(str(RFC4231_CASE2));
    assertThat(out.getTags(0)).isEqualTo(Redactor.hashedValue(JEFE, "t0")).matches("hmac-sha256:[0-9a-f]{64}");
  }

  @Test
  void hashUsesUtf8() {
    Event e = llmEvent().toBuilder().setAgentName("Zoë 😀").build();
    String expected = Redactor.hashedValue(JEFE, "Zoë 😀");
    assertThat(redactor.hash(e, "k1", "agent_name").getAgentName()).isEqualTo(expected);
    assertThat(expected).isNotEqualTo(Redactor.hashedValue(JEFE, "Zoe 😀"));
  }

  @Test
  void hashTakesStringsOnly() {
    RedactionException e = error(() -> redactor.hash(llmEvent(), "k1", "llm_invocation.request.temperature"));
    assertThat(e.reason()).isEqualTo(Reason.NOT_REDACTABLE);
    assertThat(e.getMessage()).startsWith("$['llm_invocation']['request']['temperature']: cannot hash a number")
        .contains("only strings can be hashed");
    assertThat(error(() -> redactor.hash(llmEvent(), "k1", "metadata.user")).getMessage()).contains("an object");
    assertThat(error(() -> redactor.hash(llmEvent(), "k1", "llm_invocation.prompt_tokens")).getMessage())
        .contains("cannot hash an int32 field");
  }

  @Test
  void hashNeedsAKnownKeyAndASalt() {
    RedactionException noKey = error(() -> Redactor.withoutKeys().hash(llmEvent(), "k1", "agent_name"));
    assertThat(noKey.reason()).isEqualTo(Reason.NO_KEY);
    assertThat(noKey).isInstanceOf(ChaukasException.class);
    assertThat(noKey.path().isRoot()).isTrue();
    assertThat(noKey.getMessage()).isEqualTo(noKey.detail()).contains("no key for salt_id 'k1'");
    assertThat(error(() -> redactor.hash(llmEvent(), "k2", "agent_name")).reason()).isEqualTo(Reason.NO_KEY);
    Redactor emptyKey = Redactor.builder().keyProvider(KeyProvider.of("k0", new byte[0])).build();
    assertThat(error(() -> emptyKey.hash(llmEvent(), "k0", "agent_name")).getMessage()).contains("is empty");
    assertThat(error(() -> redactor.hash(llmEvent(), "", "agent_name")).reason()).isEqualTo(Reason.INVALID_REQUEST);
    RedactionException saltWithMask = error(() -> redactor.redact(llmEvent(), RedactionMethod.MASK, "k1",
        List.of(RedactionPath.parse("agent_name"))));
    assertThat(saltWithMask.reason()).isEqualTo(Reason.INVALID_REQUEST);
  }

  @Test
  void keyProviderCopiesKeys() {
    byte[] key = "Jefe".getBytes(StandardCharsets.US_ASCII);
    Map<String, byte[]> keys = new HashMap<>(Map.of("k1", key));
    KeyProvider provider = KeyProvider.of(keys);
    key[0] = 'X';
    keys.put("k2", key);
    provider.key("k1").orElseThrow()[1] = 'X';
    assertThat(provider.key("k1")).hasValueSatisfying(k -> assertThat(k).isEqualTo(JEFE));
    assertThat(provider.key("k2")).isEmpty();
    assertThat(KeyProvider.none().key("k1")).isEmpty();
  }

  // ---- drop ----

  @Test
  void dropClearsProtoField() {
    Event out = redactor.drop(llmEvent(), "agent_name", "llm_invocation.prompt_tokens", "timestamp");
    assertThat(out.getAgentName()).isEmpty();
    assertThat(out.getLlmInvocation().getPromptTokens()).isZero();
    assertThat(out.hasTimestamp()).isFalse();
    assertThat(out.getRedaction().getFieldsList())
        .containsExactly("$['agent_name']", "$['llm_invocation']['prompt_tokens']", "$['timestamp']");
    assertThat(out.getRedaction().getMethod()).isEqualTo("drop");
  }

  @Test
  void dropRepeatedElementsUsesOriginalIndices() {
    Event out = redactor.drop(llmEvent(), "tags[0]", "tags[2]");
    assertThat(out.getTagsList()).containsExactly("t1", "t3");
    assertThat(redactor.drop(llmEvent(), "tags").getTagsCount()).isZero();
  }

  @Test
  void dropStructKey() {
    Event out = redactor.drop(llmEvent(), "llm_invocation.request['odd key']", "metadata.user.email");
    assertThat(request(out).getFieldsMap()).doesNotContainKey("odd key").containsKey("temperature");
    assertThat(out.getMetadata().getFieldsOrThrow("user").getStructValue().getFieldsMap()).isEmpty();
  }

  @Test
  void dropListValueElementsShiftsNothingUntilAllAreApplied() {
    // Indices refer to the event as passed in: [0] and [2] are removed, the old [1] remains.
    Event out = redactor.drop(llmEvent(), "llm_invocation.request.messages[2]",
        "llm_invocation.request.messages[0]");
    assertThat(messages(out)).containsExactly(message("user", "what do ya want for nothing?"));

    // A drop inside an element and a drop of an earlier element, in one call.
    Event both = redactor.drop(llmEvent(), "llm_invocation.request.messages[0]",
        "llm_invocation.request.messages[1].content");
    assertThat(messages(both)).containsExactly(obj(Map.of("role", str("user"))), message("assistant", "nothing"));
    assertThat(both.getRedaction().getFieldsList()).containsExactly(
        "$['llm_invocation']['request']['messages'][0]",
        "$['llm_invocation']['request']['messages'][1]['content']");
  }

  @Test
  void dropNestedListElement() {
    Event out = redactor.drop(llmEvent(), "llm_invocation.request.nested[0][0]");
    assertThat(request(out).getFieldsOrThrow("nested").getListValue().getValues(0).getListValue().getValuesList())
        .containsExactly(num(1));
  }

  @Test
  void dropContentClearsTheOneof() {
    Event out = redactor.drop(llmEvent(), "llm_invocation");
    assertThat(out.getContentCase()).isEqualTo(Event.ContentCase.CONTENT_NOT_SET);
  }

  // ---- what redaction does to the integrity fields ----

  @Test
  void redactionClearsContentHashAndWormProofButKeepsHashPrev() {
    Event out = redactor.mask(llmEvent(), "agent_name");
    assertThat(out.getContentHash()).isEmpty();
    assertThat(out.getWormProofId()).isEmpty();
    assertThat(out.getHashPrev()).isEqualTo("a".repeat(64));
  }

  @Test
  void nothingToRedactReturnsTheEventUnchanged() {
    Event e = llmEvent();
    assertThat(redactor.redact(e, RedactionMethod.MASK, null, List.of())).isSameAs(e);
    Redactor lenient = Redactor.builder().ignoreMissing(true).build();
    assertThat(lenient.mask(e, "message.text", "tags[9]")).isSameAs(e);
    assertThat(e.getContentHash()).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"event_id", "session_id", "content_hash", "hash_prev", "worm_proof_id", "redaction",
      "$['redaction']['fields'][0]"})
  void protectedFieldsAreForbidden(String path) {
    RedactionException e = error(() -> redactor.drop(llmEvent(), path));
    assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN);
    assertThat(e.getMessage()).startsWith(RedactionPath.parse(path).normalized() + ": ").contains("may not be redacted");
  }

  // ---- bad paths ----

  @Test
  void syntaxErrorsSurfaceFromTheConvenienceMethods() {
    RedactionException e = maskError("tags[1");
    assertThat(e.reason()).isEqualTo(Reason.SYNTAX);
    assertThat(e.getMessage()).contains("\"tags[1\"").contains("position 6");
  }

  @Test
  void unknownFieldsNameThePathAndSuggestTheProtoName() {
    RedactionException camel = maskError("llmInvocation.model");
    assertThat(camel.reason()).isEqualTo(Reason.UNKNOWN_FIELD);
    assertThat(camel.getMessage()).startsWith("$['llmInvocation']['model']: Event has no field 'llmInvocation'")
        .contains("did you mean 'llm_invocation'");
    RedactionException nested = maskError("llm_invocation.modle");
    assertThat(nested.getMessage()).startsWith("$['llm_invocation']['modle']: LLMInvocation has no field 'modle'");
    RedactionException specExample = maskError("messages[0].content");
    assertThat(specExample.getMessage()).contains("paths start at the event");
  }

  @Test
  void unknownFieldIsAnErrorEvenWhenMissingPathsAreIgnored() {
    Redactor lenient = Redactor.builder().ignoreMissing(true).build();
    assertThat(error(() -> lenient.mask(llmEvent(), "agentName")).reason()).isEqualTo(Reason.UNKNOWN_FIELD);
  }

  @Test
  void unknownFieldBelowAnUnsetMessageIsAnErrorEvenWhenMissingPathsAreIgnored() {
    Redactor lenient = Redactor.builder().ignoreMissing(true).build();
    // llmEvent() has no message (its content is llm_invocation): 'txt' is still not a MessageContent field.
    RedactionException e = error(() -> lenient.mask(llmEvent(), "message.txt"));
    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_FIELD);
    assertThat(e.path()).isEqualTo(FieldPath.of("message", "txt"));
    assertThat(e.getMessage()).isEqualTo("$['message']['txt']: MessageContent has no field 'txt'");
    // Among other paths, and below a correctly spelt unset field whose data is a Struct.
    assertThat(error(() -> lenient.mask(llmEvent(), "agent_name", "message.text", "message.metadta.k")).getMessage())
        .isEqualTo("$['message']['metadta']['k']: MessageContent has no field 'metadta'");
    // The same hints as for a set message.
    assertThat(error(() -> lenient.drop(llmEvent(), "tool_call.functionName")).getMessage())
        .startsWith("$['tool_call']['functionName']: ToolCall has no field 'functionName'; did you mean 'function_name'?");
    assertThat(error(() -> lenient.mask(llmEvent(), "message.Text")).getMessage())
        .contains("did you mean 'text'? Names are case-sensitive");
  }

  @Test
  void unknownFieldBelowAnUnsetMessageIsAnUnknownFieldNotMissing() {
    RedactionException e = maskError("message.txt");
    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_FIELD);
    assertThat(e.getMessage()).isEqualTo("$['message']['txt']: MessageContent has no field 'txt'");
    assertThat(maskError("retry.atempt").reason()).isEqualTo(Reason.UNKNOWN_FIELD);
    // The typo wins over a missing sibling that sorts before it.
    assertThat(maskError("message.text", "message.txt").reason())
        .isEqualTo(Reason.UNKNOWN_FIELD);
  }

  @Test
  void correctPathsBelowAnUnsetMessageAreStillMissing() {
    RedactionException e = maskError("message.text");
    assertThat(e.reason()).isEqualTo(Reason.MISSING);
    assertThat(e.getMessage()).startsWith("$['message']['text']: does not exist in this event: $['message'] is not set");
    assertThat(maskError("message.metadata.anything").reason()).isEqualTo(Reason.MISSING);
    // Only names are checked without data; a shape error there stays MISSING (docs/redaction.md).
    assertThat(maskError("message.text[0]").reason()).isEqualTo(Reason.MISSING);
    Redactor lenient = Redactor.builder().ignoreMissing(true).build();
    Event in = llmEvent();
    assertThat(lenient.mask(in, "message.text", "message.metadata.anything.deeper[3]", "tool_call.arguments.x"))
        .isSameAs(in);
  }

  @Test
  void keysInAnUnsetStructAreDataNotFields() {
    Event noMetadata = llmEvent().toBuilder().clearMetadata().build();
    RedactionException e = error(() -> redactor.mask(noMetadata, "metadata.anything"));
    assertThat(e.reason()).isEqualTo(Reason.MISSING);
    assertThat(e.getMessage()).contains("$['metadata'] is not set");
    assertThat(error(() -> redactor.drop(noMetadata, "metadata.anything[0].more")).reason()).isEqualTo(Reason.MISSING);
    Redactor lenient = Redactor.builder().ignoreMissing(true).build();
    assertThat(lenient.mask(noMetadata, "metadata.anything", "llm_invocation.response.choices[0].text"))
        .isSameAs(noMetadata);
    // Nor are names below a well-known type checked: with data they are a TYPE_MISMATCH, without none is MISSING.
    Event noTimestamp = llmEvent().toBuilder().clearTimestamp().build();
    assertThat(error(() -> redactor.drop(noTimestamp, "timestamp.secnds")).reason()).isEqualTo(Reason.MISSING);
  }

  @Test
  void missingValuesNameThePath() {
    RedactionException range = maskError("llm_invocation.request.messages[3].content");
    assertThat(range.reason()).isEqualTo(Reason.MISSING);
    assertThat(range.path())
        .isEqualTo(FieldPath.of("llm_invocation", "request").key("messages").index(3).key("content"));
    assertThat(range.getMessage()).startsWith(range.path().toNormalizedJsonPath() + ": does not exist")
        .contains("index 3 is out of range").contains("has 3 elements");
    assertThat(error(() -> redactor.drop(llmEvent(), "tags[4]")).getMessage()).contains("$['tags'] has 4 elements");
    assertThat(maskError("metadata.nobody").getMessage()).contains("no key 'nobody'");
    assertThat(maskError("message.text").getMessage())
        .contains("$['message'] is not set").contains("its content is llm_invocation");
    assertThat(maskError("parent_span_id").reason()).isEqualTo(Reason.MISSING);
  }

  @Test
  void ignoreMissingSkipsAndDoesNotRecord() {
    Redactor lenient = Redactor.builder().ignoreMissing(true).build();
    Event out = lenient.mask(llmEvent(), "agent_name", "message.text", "tags[10]", "metadata.nobody.x");
    assertThat(out.getRedaction().getFieldsList()).containsExactly("$['agent_name']");
  }

  @Test
  void shapeMismatchesAreErrors() {
    RedactionException indexIntoObject = maskError("metadata[0]");
    assertThat(indexIntoObject.reason()).isEqualTo(Reason.TYPE_MISMATCH);
    assertThat(indexIntoObject.getMessage()).startsWith("$['metadata'][0]: $['metadata'] is an object, not a list");
    assertThat(maskError("llm_invocation.request.messages.first").getMessage())
        .contains("is a list, not an object");
    assertThat(maskError("agent_name.first").getMessage())
        .contains("$['agent_name'] is a string field; nothing inside it");
    assertThat(maskError("llm_invocation.request['odd key'][0]").getMessage())
        .contains("is a string; nothing inside it");
    assertThat(error(() -> redactor.drop(llmEvent(), "timestamp.seconds")).getMessage())
        .contains("google.protobuf.Timestamp, a single value in proto3 JSON");
    assertThat(maskError("tags.first").getMessage())
        .contains("$['tags'] is a list; address an element by index");
    assertThat(maskError("$[0]").getMessage())
        .contains("the event is an Event message, not a list");
  }

  // ---- merging with an existing record ----

  @Test
  void sameMethodMergesTheFields() {
    Event once = redactor.mask(llmEvent(), "tags[2]");
    Event twice = redactor.mask(once, "agent_name", "tags[2]");
    assertThat(twice.getRedaction().getFieldsList()).containsExactly("$['agent_name']", "$['tags'][2]");
    assertThat(twice.getTagsList()).containsExactly("t0", "t1", "[REDACTED]", "t3");
  }

  @Test
  void hashingARecordedPathAgainDoesNotHashTheHash() {
    Event once = redactor.hash(llmEvent(), "k1", "agent_name");
    Event twice = redactor.hash(once, "k1", "agent_name", "tags[0]");
    assertThat(twice.getAgentName()).isEqualTo(Redactor.hashedValue(JEFE, "support-bot"));
    assertThat(twice.getRedaction().getFieldsList()).containsExactly("$['agent_name']", "$['tags'][0]");
  }

  @Test
  void existingFieldsInOtherSpellingsAreNormalizedAndUnknownOnesKept() {
    Event e = llmEvent().toBuilder().setRedaction(RedactionInfo.newBuilder()
        .addFields("tags[0]").addFields("some other tool's path!").setMethod("mask")).build();
    Event out = redactor.mask(e, "tags[0]", "tags[1]");
    assertThat(out.getRedaction().getFieldsList())
        .containsExactly("$['tags'][0]", "$['tags'][1]", "some other tool's path!");
    assertThat(out.getTags(0)).isEqualTo("t0"); // recorded as masked already, so left alone
  }

  @Test
  void anotherMethodOrSaltConflicts() {
    Event masked = redactor.mask(llmEvent(), "agent_name");
    RedactionException method = error(() -> redactor.hash(masked, "k1", "tags[0]"));
    assertThat(method.reason()).isEqualTo(Reason.CONFLICT);
    assertThat(method.path().isRoot()).isTrue();
    assertThat(method.getMessage()).contains("already records redaction method 'mask'").contains("one method per event");

    Redactor twoKeys = Redactor.builder().keyProvider(KeyProvider.of(Map.of("k1", JEFE, "k2", JEFE))).build();
    Event hashed = twoKeys.hash(llmEvent(), "k1", "agent_name");
    RedactionException salt = error(() -> twoKeys.hash(hashed, "k2", "tags[0]"));
    assertThat(salt.reason()).isEqualTo(Reason.CONFLICT);
    assertThat(salt.getMessage()).contains("salt_id 'k1'");
  }

  @Test
  void anEmptyExistingRecordIsNoRecord() {
    Event e = llmEvent().toBuilder().setRedaction(RedactionInfo.getDefaultInstance()).build();
    assertThat(redactor.drop(e, "agent_name").getRedaction().getMethod()).isEqualTo("drop");
  }

  @Test
  void recordPassesTheValidatorsRedactionRule() {
    for (Event out : List.of(redactor.mask(llmEvent(), "agent_name"), redactor.hash(llmEvent(), "k1", "agent_name"),
        redactor.drop(llmEvent(), "agent_name"))) {
      assertThat(EventValidator.defaults().validate(out))
          .noneMatch(v -> v.rule() == Rule.REDACTION_METHOD);
    }
  }

  @Test
  void manyPathsInOneLargeListAreAppliedInOnePass() {
    ListValue.Builder big = ListValue.newBuilder();
    String[] paths = new String[20_000];
    for (int i = 0; i < paths.length; i++) {
      big.addValues(str("v" + i));
      paths[i] = "metadata.big[" + i + "]";
    }
    Event e = llmEvent().toBuilder()
        .setMetadata(Struct.newBuilder().putFields("big", Value.newBuilder().setListValue(big).build())).build();
    long start = System.nanoTime();
    Event out = redactor.drop(e, paths);
    assertThat(System.nanoTime() - start).isLessThan(15_000_000_000L); // generous: guards against gross regressions only
    assertThat(out.getMetadata().getFieldsOrThrow("big").getListValue().getValuesCount()).isZero();
    assertThat(out.getRedaction().getFieldsCount()).isEqualTo(20_000);
  }
}
