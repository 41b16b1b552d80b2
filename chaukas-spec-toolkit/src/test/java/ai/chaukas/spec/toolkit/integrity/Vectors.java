package ai.chaukas.spec.toolkit.integrity;

import static ai.chaukas.spec.testing.internal.Values.bool;
import static ai.chaukas.spec.testing.internal.Values.list;
import static ai.chaukas.spec.testing.internal.Values.nul;
import static ai.chaukas.spec.testing.internal.Values.num;
import static ai.chaukas.spec.testing.internal.Values.obj;
import static ai.chaukas.spec.testing.internal.Values.str;
import static ai.chaukas.spec.testing.internal.Values.ts;

import ai.chaukas.spec.common.v1.AgentHandoff;
import ai.chaukas.spec.common.v1.Author;
import ai.chaukas.spec.common.v1.CostDetails;
import ai.chaukas.spec.common.v1.DataAccess;
import ai.chaukas.spec.common.v1.ErrorInfo;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.LLMInvocation;
import ai.chaukas.spec.common.v1.MessageContent;
import ai.chaukas.spec.common.v1.PolicyDecision;
import ai.chaukas.spec.common.v1.RedactionInfo;
import ai.chaukas.spec.common.v1.RetryInfo;
import ai.chaukas.spec.common.v1.Severity;
import ai.chaukas.spec.common.v1.ToolCall;
import ai.chaukas.spec.common.v1.ToolResponse;
import ai.chaukas.spec.testing.internal.SampleEvents;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.Value;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The test vectors of chaukas-hash-v1 ({@code src/test/resources/integrity/vectors.json}): events
 * that must hash to the stored value in every implementation, and events every implementation
 * must refuse. {@link VectorsTest} checks and (re)writes the file.
 */
final class Vectors {

  private Vectors() {}

  /** A vector: the event's binary form, and the refusal expected (null when it must hash). */
  record Vector(String name, String description, byte[] binary, String refused) {
    static Vector hashes(String name, String description, Event e) {
      return new Vector(name, description, e.toByteArray(), null);
    }
  }

  private static final String SESSION = "0194f2b0-7c1a-7b3e-9f00-0000000000aa";

  private static Event.Builder base(String id) {
    return Event.newBuilder()
        .setEventId("0194f2b0-7c1a-7b3e-9f00-" + id)
        .setTenantId("tenant-a")
        .setProjectId("project-x")
        .setSessionId(SESSION);
  }

  /** The worked example of docs/chaukas-hash-v1.md, section 5. */
  static Event workedExample() {
    return Event.newBuilder()
        .setEventId("evt-1")
        .setSessionId("s-1")
        .setType(EventType.EVENT_TYPE_SESSION_START)
        .setStatus(EventStatus.EVENT_STATUS_STARTED)
        .setTimestamp(ts(1_764_095_692L, 500_000_000))
        .setMetadata(Struct.newBuilder().putFields("b", num(1.0)).putFields("a", str("é\n")))
        .build();
  }

  static List<Vector> all() {
    List<Vector> v = new ArrayList<>();
    v.add(Vector.hashes("empty-event", "An Event with no field set: the canonical form is {}.", Event.getDefaultInstance()));
    v.add(Vector.hashes("worked-example", "The worked example of docs/chaukas-hash-v1.md, section 5.", workedExample()));
    v.add(Vector.hashes("struct-numbers",
        "Numbers inside a Struct: 2.0, 1e-7, 1e21, -0.0 and friends in ECMAScript form (RFC 8785 §3.2.2.3).",
        base("000000000003")
            .setMetadata(
                Struct.newBuilder()
                    .putFields("two", num(2.0))
                    .putFields("tiny", num(1e-7))
                    .putFields("micro", num(1e-6))
                    .putFields("big", num(1e21))
                    .putFields("below_big", num(1e20))
                    .putFields("neg_zero", num(-0.0))
                    .putFields("tenth", num(0.1))
                    .putFields("sum", num(0.1 + 0.2))
                    .putFields("frac", num(123456789.125))
                    .putFields("min", num(Double.MIN_VALUE))
                    .putFields("max", num(Double.MAX_VALUE))
                    .putFields("beyond_2_53", num(9007199254740993.0))
                    .putFields("neg", num(-1.5))
                    .putFields("thirds", num(333333333.33333325))
                    .putFields("e23", num(1e23))
                    .putFields("cost", num(182 * 1.5e-7))
                    .putFields("avogadro", num(6.02214076e23))
                    .putFields("list", list(num(1), num(-0.000001), num(1.5e-7), num(4.35e+100))))
            .build()));
    v.add(Vector.hashes("struct-keys-utf16-order",
        "Struct keys outside the Basic Multilingual Plane sort by UTF-16 code units: U+1F600 (D83D DE00) "
            + "and U+1D11E (D834 DD1E) come before U+FB00 and U+FFFD.",
        base("000000000004")
            .setMetadata(
                Struct.newBuilder()
                    .putFields("\uD83D\uDE00", num(1))
                    .putFields("\uD834\uDD1E", num(2))
                    .putFields("\uFB00", num(3))
                    .putFields("\uFFFD", num(4))
                    .putFields("\u00e9", num(5))
                    .putFields("z", num(6))
                    .putFields("Z", num(7))
                    .putFields("", num(8))
                    .putFields("a b", num(9))
                    .putFields("\u0001", num(10)))
            .build()));
    int[] nanos = {0, 120_000_000, 120_300_000, 120_300_004};
    String[] digits = {"0", "3", "6", "9"};
    for (int i = 0; i < 4; i++) {
      v.add(Vector.hashes("timestamp-" + digits[i] + "-digits",
          "Timestamps with nanos " + nanos[i] + " print with " + digits[i] + " fractional digits.",
          base("00000000000" + (5 + i))
              .setTimestamp(ts(1_764_095_692L, nanos[i]))
              .setLlmInvocation(LLMInvocation.newBuilder().setStartTime(ts(1_764_095_691L, nanos[i])))
              .build()));
    }
    v.add(Vector.hashes("timestamp-extremes",
        "The first and last instants a Timestamp may hold, and one before 1970 (seconds -2, nanos 500000000).",
        base("000000000009")
            .setTimestamp(ts(-2, 500_000_000))
            .setLlmInvocation(
                LLMInvocation.newBuilder()
                    .setStartTime(ts(-62_135_596_800L, 0))
                    .setEndTime(ts(253_402_300_799L, 999_999_999)))
            .build()));
    v.add(Vector.hashes("oneof-empty-message",
        "The content oneof set to an empty ToolCall: present, written as {}.",
        base("000000000010").setType(EventType.EVENT_TYPE_TOOL_CALL_START).setToolCall(ToolCall.getDefaultInstance()).build()));
    v.add(Vector.hashes("oneof-empty-struct",
        "The content oneof set to an empty Struct (state_update): present, written as {}.",
        base("000000000011").setType(EventType.EVENT_TYPE_STATE_UPDATE).setStateUpdate(Struct.getDefaultInstance()).build()));
    v.add(Vector.hashes("default-values",
        "Scalars at their default are left out (is_partial false, severity UNSPECIFIED, zero counts); a set "
            + "message with only defaults is {}; inside a Struct, 0, \"\", false and [] are values and stay.",
        base("000000000012")
            .setSeverity(Severity.SEVERITY_UNSPECIFIED)
            .setIsPartial(false)
            .setCost(CostDetails.newBuilder().setTotalCost(0).setInputTokens(0).setCurrency(""))
            .setRetry(RetryInfo.getDefaultInstance())
            .setMetadata(
                Struct.newBuilder()
                    .putFields("zero", num(0))
                    .putFields("empty", str(""))
                    .putFields("no", bool(false))
                    .putFields("none", list())
                    .putFields("nothing", nul())
                    .putFields("obj", obj(Struct.getDefaultInstance())))
            .build()));
    v.add(Vector.hashes("negative-zero-field",
        "A double field holding -0.0 is on the wire, so it is present; it prints as 0.",
        base("000000000013").setLlmInvocation(LLMInvocation.newBuilder().setTemperature(-0.0).setTopP(0.0)).build()));
    v.add(Vector.hashes("string-escapes",
        "Strings needing JSON escapes: quote, backslash, \\b \\f \\n \\r \\t, other controls as \\u00XX; "
            + "'/', DEL, U+2028 and non-ASCII stay as they are.",
        base("000000000014")
            .setType(EventType.EVENT_TYPE_INPUT_RECEIVED)
            .setMessage(
                MessageContent.newBuilder()
                    .setRole("user")
                    .setText("q\" b\\ s/ \b\f\n\r\t nul\u0000 \u0001\u001f del\u007f ls\u2028 <&> é 日本 😀"))
            .addTags("tab\there")
            .build()));
    v.add(Vector.hashes("unicode-strings",
        "Non-ASCII text is hashed as raw UTF-8: combining marks (not normalized), right-to-left text, "
            + "BOM, U+FFFF, astral symbols.",
        base("000000000015")
            .setAgentName("Cafe\u0301 / Caf\u00e9")
            .addTags("\u05e9\u05dc\u05d5\u05dd")
            .addTags("\uFEFFbom")
            .addTags("\uFFFF")
            .addTags("\uD834\uDD1E\uD83D\uDE80")
            .build()));
    v.add(Vector.hashes("redaction-mask",
        "A masked value: message.text is [REDACTED] and RedactionInfo says mask (docs/redaction.md); both are hashed.",
        base("000000000016")
            .setType(EventType.EVENT_TYPE_OUTPUT_EMITTED)
            .setMessage(MessageContent.newBuilder().setRole("assistant").setText("[REDACTED]"))
            .setRedaction(RedactionInfo.newBuilder().addFields("$['message']['text']").setMethod("mask"))
            .build()));
    v.add(Vector.hashes("redaction-hash",
        "A hashed value: message.text is hmac-sha256:<64 hex> under the key named by salt_id.",
        base("000000000017")
            .setType(EventType.EVENT_TYPE_INPUT_RECEIVED)
            .setMessage(
                MessageContent.newBuilder()
                    .setRole("user")
                    // HMAC-SHA256 of "what do ya want for nothing?" under the key "Jefe" (RFC 4231 case 2)
                    .setText("hmac-sha256:5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"))
            .setRedaction(RedactionInfo.newBuilder().addFields("$['message']['text']").setMethod("hash").setSaltId("jefe"))
            .build()));
    v.add(Vector.hashes("redaction-drop",
        "Dropped values: message.text is unset and metadata has no email key; RedactionInfo says drop.",
        base("000000000018")
            .setType(EventType.EVENT_TYPE_INPUT_RECEIVED)
            .setMessage(MessageContent.newBuilder().setRole("user"))
            .setMetadata(Struct.newBuilder().putFields("user", str("u-1")))
            .setRedaction(RedactionInfo.newBuilder().addFields("$['message']['text']").addFields("$['metadata']['email']").setMethod("drop"))
            .build()));
    v.add(Vector.hashes("llm-invocation-typical",
        "The ~1.5 KB model-call event the benchmarks measure.", SampleEvents.llmInvocation()));
    List<Event> chain =
        HashChain.link(
            List.of(
                base("000000000019").setType(EventType.EVENT_TYPE_SESSION_START).setStatus(EventStatus.EVENT_STATUS_STARTED)
                    .setTimestamp(ts(1_764_095_692L, 0)).build(),
                base("000000000020").setType(EventType.EVENT_TYPE_SESSION_END).setStatus(EventStatus.EVENT_STATUS_COMPLETED)
                    .setTimestamp(ts(1_764_095_693L, 0)).build()));
    v.add(Vector.hashes("chain-first", "The first event of a chain: hash_prev empty, content_hash set.", chain.get(0)));
    v.add(Vector.hashes("chain-second",
        "The second event of that chain: hash_prev is chain-first's content_hash, and is hashed.", chain.get(1)));
    v.add(Vector.hashes("excluded-fields",
        "content_hash, worm_proof_id and extensions are not hashed: this event hashes like chain-first.",
        chain.get(0).toBuilder()
            .setContentHash("0".repeat(64))
            .setWormProofId("proof-1")
            .addExtensions(Any.pack(Struct.newBuilder().putFields("x", num(1)).build()))
            .build()));
    v.add(Vector.hashes("content-kinds",
        "Repeated fields, int32 (negative too), bools and several content messages.",
        base("000000000021")
            .setType(EventType.EVENT_TYPE_TOOL_CALL_END)
            .setStatus(EventStatus.EVENT_STATUS_FAILED)
            .setAuthor(Author.AUTHOR_TOOL)
            .setIsFinal(true)
            .setToolResponse(
                ToolResponse.newBuilder()
                    .setToolCallId("call-1")
                    .setHttpStatus(-1)
                    .setExecutionTimeMs(12.75)
                    .setOutput(Struct.newBuilder().putFields("rows", num(3))))
            .setRetry(RetryInfo.newBuilder().setAttempt(2).setBackoffMs(2147483647).setStrategy("exponential"))
            .addPiiCategories("email")
            .addPiiCategories("phone")
            .build()));
    v.add(Vector.hashes("policy-decision",
        "PolicyDecision with repeated rule ids.",
        base("000000000022")
            .setType(EventType.EVENT_TYPE_POLICY_DECISION)
            .setPolicy(PolicyDecision.newBuilder().setPolicyId("p").setOutcome("deny").addRuleIds("r2").addRuleIds("r1"))
            .build()));
    v.add(Vector.hashes("data-access", "DataAccess with repeated ids.",
        base("000000000023")
            .setType(EventType.EVENT_TYPE_DATA_ACCESS)
            .setDataAccess(DataAccess.newBuilder().setDatasource("kb").addDocumentIds("d1").addChunkIds("c1").addChunkIds("c2"))
            .build()));
    v.add(Vector.hashes("error-info", "ErrorInfo with a multi-line stack trace.",
        base("000000000024")
            .setType(EventType.EVENT_TYPE_ERROR)
            .setError(ErrorInfo.newBuilder().setErrorMessage("boom").setStackTrace("at a\n\tat b").setRecoverable(true))
            .build()));
    v.add(Vector.hashes("agent-handoff", "AgentHandoff with a nested Struct.",
        base("000000000025")
            .setType(EventType.EVENT_TYPE_AGENT_HANDOFF)
            .setAgentHandoff(
                AgentHandoff.newBuilder()
                    .setFromAgentId("a1")
                    .setToAgentId("a2")
                    .setHandoffData(Struct.newBuilder().putFields("ctx", obj(Struct.newBuilder()
                        .putFields("k", list(nul(), bool(true), str("v"), obj(Struct.getDefaultInstance()))).build()))))
            .build()));
    for (int i = 0; i < 16; i++) {
      v.add(Vector.hashes(String.format("varied-%02d", i),
          "A generated event of kind " + i + " from the tamper tests' generator.",
          TestEvents.varied(i, new ChainKey("tenant-a", "project-x", SESSION))));
    }
    v.addAll(pythonSdkEvents());
    v.addAll(refused());
    return v;
  }

  /** The events the published Python SDK sent (vectors/python-sdk), exactly as received. */
  private static List<Vector> pythonSdkEvents() {
    List<Vector> v = new ArrayList<>();
    try {
      Event single = Event.parseFrom(field1(read("/vectors/python-sdk/01-events.bin")));
      v.add(new Vector("python-sdk-session-start", "A SESSION_START as the published Python SDK sent it.",
          single.toByteArray(), null));
      EventBatch batch = EventBatch.parseFrom(field1(read("/vectors/python-sdk/02-events_batch.bin")));
      for (int i = 0; i < batch.getEventsCount(); i++) {
        Event e = batch.getEvents(i);
        v.add(new Vector("python-sdk-batch-" + i,
            "Event " + i + " (" + e.getType() + ") of a batch the published Python SDK sent.", e.toByteArray(), null));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return v;
  }

  private static byte[] read(String resource) throws IOException {
    try (InputStream in = Vectors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      return in.readAllBytes();
    }
  }

  /** Field 1 of a request body (IngestEventRequest.event, IngestEventBatchRequest.event_batch). */
  private static ByteString field1(byte[] body) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(body);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == (1 << 3 | 2)) {
        return in.readBytes();
      }
      in.skipField(tag);
    }
    throw new IOException("no field 1");
  }

  private static List<Vector> refused() {
    List<Vector> v = new ArrayList<>();
    v.add(new Vector("refused-nan-in-struct", "NaN inside a Struct has no JSON form.",
        base("000000000090").setMetadata(Struct.newBuilder().putFields("score", num(Double.NaN))).build().toByteArray(),
        "NOT_FINITE"));
    v.add(new Vector("refused-infinity-in-field", "+infinity in a double field.",
        base("000000000091").setCost(CostDetails.newBuilder().setTotalCost(Double.POSITIVE_INFINITY)).build().toByteArray(),
        "NOT_FINITE"));
    UnknownFieldSet extra =
        UnknownFieldSet.newBuilder().addField(500, UnknownFieldSet.Field.newBuilder().addVarint(7).build()).build();
    v.add(new Vector("refused-unknown-field", "Event carries field number 500, which the schema does not define.",
        base("000000000092").setUnknownFields(extra).build().toByteArray(), "UNKNOWN_FIELD"));
    v.add(new Vector("refused-unknown-field-nested", "An unknown field inside a Struct's Value.",
        base("000000000093")
            .setMetadata(Struct.newBuilder().putFields("k", withUnknownFields(Value.newBuilder().setBoolValue(true), extra)))
            .build().toByteArray(),
        "UNKNOWN_FIELD"));
    v.add(new Vector("refused-unknown-enum", "type holds 99, which EventType does not define.",
        base("000000000094").setTypeValue(99).build().toByteArray(), "UNKNOWN_ENUM_VALUE"));
    v.add(new Vector("refused-value-without-kind", "A Struct entry whose Value has no kind set.",
        base("000000000095").setMetadata(Struct.newBuilder().putFields("k", Value.getDefaultInstance())).build().toByteArray(),
        "VALUE_WITHOUT_KIND"));
    v.add(new Vector("refused-timestamp-out-of-range", "A timestamp in the year 10000.",
        base("000000000096").setTimestamp(ts(253_402_300_800L, 0)).build().toByteArray(), "INVALID_TIMESTAMP"));
    v.add(new Vector("refused-timestamp-negative-nanos", "A timestamp with nanos -1.",
        base("000000000097").setTimestamp(ts(0, -1)).build().toByteArray(), "INVALID_TIMESTAMP"));
    // event_id (field 1) holding the bytes "a", 0xFF, "b": not UTF-8. Parsers refuse it already.
    byte[] invalidUtf8 = {0x0a, 0x03, 'a', (byte) 0xff, 'b'};
    v.add(new Vector("refused-invalid-utf8", "event_id holds the byte 0xFF, which is not UTF-8.", invalidUtf8,
        "INVALID_STRING"));
    return v;
  }

  /** A break a chain vector must report: the input index and the reason. */
  record ExpectedBreak(long index, ChainBreak.Reason reason) {}

  /**
   * A chain vector: the events in stored order, the chains resumed before the first of them, and
   * every break a verifier must report.
   */
  record ChainVector(String name, String description, Map<ChainKey, String> resumed, List<Event> events,
      List<ExpectedBreak> breaks) {}

  private static final ChainKey CHAIN = new ChainKey("tenant-a", "project-x", SESSION);
  private static final ChainKey OTHER_CHAIN = new ChainKey("tenant-a", "project-x", "0194f2b0-7c1a-7b3e-9f00-0000000000bb");

  /** Event k of a chain: small, and different for every k. */
  private static Event.Builder step(ChainKey key, int k) {
    return Event.newBuilder()
        .setEventId(String.format("0194f2b0-7c1a-7b3e-9f00-0000000c%04d", k))
        .setTenantId(key.tenantId())
        .setProjectId(key.projectId())
        .setSessionId(key.sessionId())
        .setType(EventType.EVENT_TYPE_STATE_UPDATE)
        .setTimestamp(ts(1_764_095_700L + k, 0))
        .setStateUpdate(Struct.newBuilder().putFields("step", num(k)));
  }

  /** A linked chain of n events. */
  private static List<Event> linked(ChainKey key, int n, int firstStep) {
    List<Event> events = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      events.add(step(key, firstStep + k).build());
    }
    return HashChain.link(events);
  }

  /** A correctly hashed event that is not part of the chain, naming {@code hashPrev}. */
  private static Event forged(int k, String hashPrev) {
    return ContentHash.withContentHash(step(CHAIN, k).setHashPrev(hashPrev).build());
  }

  private static List<Event> with(List<Event> events, Consumer<List<Event>> change) {
    List<Event> out = new ArrayList<>(events);
    change.accept(out);
    return out;
  }

  private static ChainVector chain(String name, String description, List<Event> events, ExpectedBreak... breaks) {
    return new ChainVector(name, description, Map.of(), events, List.of(breaks));
  }

  private static ExpectedBreak at(long index, ChainBreak.Reason reason) {
    return new ExpectedBreak(index, reason);
  }

  /**
   * The chain vectors ({@code vectors/chains.json}): one case for every break kind, for what the
   * chain continues from after each, and for claimed hashes that are not 64 lowercase hex.
   */
  static List<ChainVector> chains() {
    List<Event> c = linked(CHAIN, 5, 0);
    String h0 = c.get(0).getContentHash();
    String h1 = c.get(1).getContentHash();
    String h3 = c.get(3).getContentHash();
    Struct nan = Struct.newBuilder().putFields("step", num(Double.NaN)).build();
    List<ChainVector> v = new ArrayList<>();
    v.add(chain("chain-intact", "Five events, each naming its predecessor's content_hash.", c));
    v.add(chain("chain-modified",
        "Event 2 changed, its content_hash left: MODIFIED; the chain continues from the claimed hash, "
            + "so event 3 links.",
        with(c, l -> l.set(2, l.get(2).toBuilder().addTags("changed").build())),
        at(2, ChainBreak.Reason.MODIFIED)));
    v.add(chain("chain-modified-hash-empty",
        "Event 2's content_hash cleared: MODIFIED; it claims no hash, so the chain continues from its "
            + "recomputed hash, which event 3 names.",
        with(c, l -> l.set(2, l.get(2).toBuilder().clearContentHash().build())),
        at(2, ChainBreak.Reason.MODIFIED)));
    v.add(chain("chain-modified-hash-uppercase",
        "Event 2's content_hash in upper case is not 64 lowercase hex: MODIFIED; the chain continues "
            + "from the recomputed hash, which event 3 names.",
        with(c, l -> l.set(2, l.get(2).toBuilder().setContentHash(l.get(2).getContentHash().toUpperCase(Locale.ROOT)).build())),
        at(2, ChainBreak.Reason.MODIFIED)));
    v.add(chain("chain-modified-hash-prev-unchecked",
        "Event 2's hash_prev changed and its content_hash left: one MODIFIED; the hash_prev of an event "
            + "whose content does not verify is not checked.",
        with(c, l -> l.set(2, l.get(2).toBuilder().setHashPrev(h0).build())),
        at(2, ChainBreak.Reason.MODIFIED)));
    v.add(chain("chain-invalid",
        "Event 2 holds NaN, so it has no hash: INVALID; the chain continues from the hash it claims.",
        with(c, l -> l.set(2, l.get(2).toBuilder().setStateUpdate(nan).build())),
        at(2, ChainBreak.Reason.INVALID)));
    v.add(chain("chain-invalid-unclaimed",
        "An event holding NaN, without content_hash and naming event 1, between events 1 and 2: INVALID; "
            + "with no hash claimed or computable the chain stays at event 1, which event 2 names.",
        with(c, l -> l.add(2, step(CHAIN, 90).setHashPrev(h1).setStateUpdate(nan).build())),
        at(2, ChainBreak.Reason.INVALID)));
    v.add(chain("chain-deleted",
        "Event 2 removed: DELETED at the event after the gap; the chain continues from it.",
        with(c, l -> l.remove(2)),
        at(2, ChainBreak.Reason.DELETED)));
    v.add(chain("chain-deleted-first",
        "Event 0 removed, and the chain not resumed: the first event here has a non-empty hash_prev.",
        with(c, l -> l.remove(0)),
        at(0, ChainBreak.Reason.DELETED)));
    v.add(chain("chain-modified-and-rehashed",
        "Event 2 changed and re-hashed: its successor names the old hash, DELETED at 3.",
        with(c, l -> l.set(2, ContentHash.withContentHash(l.get(2).toBuilder().addTags("changed").build()))),
        at(3, ChainBreak.Reason.DELETED)));
    v.add(chain("chain-inserted",
        "A forged event naming event 1, before event 2: INSERTED at it; the chain continues from event 2.",
        with(c, l -> l.add(2, forged(91, h1))),
        at(2, ChainBreak.Reason.INSERTED)));
    v.add(chain("chain-inserted-after",
        "A forged event naming event 1, after event 2: INSERTED at it; the chain stays at event 2, "
            + "which event 3 follows.",
        with(c, l -> l.add(3, forged(92, h1))),
        at(3, ChainBreak.Reason.INSERTED)));
    v.add(chain("chain-forked-before-last",
        "A forged event naming event 3, before event 4: nothing after them shows which is extra, FORKED "
            + "at the earlier; the chain ends at the later, event 4.",
        with(c, l -> l.add(4, forged(93, h3))),
        at(4, ChainBreak.Reason.FORKED)));
    v.add(chain("chain-forked-then-neither",
        "After event 4, another event naming event 3, then one naming event 0: FORKED at the earlier of "
            + "the two naming event 3; the chain continues from the later, which the last does not name "
            + "either: DELETED.",
        with(c, l -> {
          l.add(forged(94, h3));
          l.add(forged(95, h0));
        }),
        at(4, ChainBreak.Reason.FORKED), at(6, ChainBreak.Reason.DELETED)));
    v.add(chain("chain-duplicate",
        "An exact copy of event 2 right after it: INSERTED at the copy; event 3 links.",
        with(c, l -> l.add(3, l.get(2))),
        at(3, ChainBreak.Reason.INSERTED)));
    v.add(chain("chain-duplicate-at-end",
        "An exact copy of the last event appended after it: INSERTED at the copy, as anywhere else in "
            + "the chain; the chain ends at the original.",
        with(c, l -> l.add(l.get(4))),
        at(5, ChainBreak.Reason.INSERTED)));
    v.add(chain("chain-reordered",
        "Events 1 and 2 swapped: REORDERED at the earlier position.",
        with(c, l -> Collections.swap(l, 1, 2)),
        at(1, ChainBreak.Reason.REORDERED)));
    v.add(chain("chain-reordered-first",
        "Events 0 and 1 swapped.",
        with(c, l -> Collections.swap(l, 0, 1)),
        at(0, ChainBreak.Reason.REORDERED)));
    v.add(chain("chain-hash-prev-uppercase",
        "The last event re-hashed with hash_prev in upper case: not 64 lowercase hex, it names no event.",
        with(c, l -> l.set(4, ContentHash.withContentHash(
            l.get(4).toBuilder().setHashPrev(h3.toUpperCase(Locale.ROOT)).build()))),
        at(4, ChainBreak.Reason.DELETED)));
    v.add(chain("chain-hash-prev-malformed-twice",
        "Two events after event 0 with the same hash_prev that is not a hash: it names no event, so they "
            + "are not siblings; each is DELETED.",
        with(c.subList(0, 1), l -> {
          l.add(forged(96, "not a hash"));
          l.add(forged(97, "not a hash"));
        }),
        at(1, ChainBreak.Reason.DELETED), at(2, ChainBreak.Reason.DELETED)));
    List<Event> other = linked(OTHER_CHAIN, 3, 50);
    v.add(chain("chain-interleaved",
        "Two chains interleaved; indices count all events. The second chain's middle event changed.",
        List.of(c.get(0), other.get(0), c.get(1), other.get(1).toBuilder().addTags("changed").build(), c.get(2),
            other.get(2)),
        at(3, ChainBreak.Reason.MODIFIED)));
    v.add(new ChainVector("chain-resumed",
        "The chain resumed from event 1's hash; events 2 to 4 follow it.",
        Map.of(CHAIN, h1), c.subList(2, 5), List.of()));
    v.add(new ChainVector("chain-resumed-duplicate",
        "The chain resumed from event 1's hash, then a copy of event 1: INSERTED at the copy.",
        Map.of(CHAIN, h1), c.subList(1, 5), List.of(at(0, ChainBreak.Reason.INSERTED))));
    return v;
  }

  /**
   * The value with these unknown fields, set through the {@code Message.Builder} interface: the
   * well-known types' own builders lack that covariant method on protobuf-java 4.x runtimes.
   */
  static Value withUnknownFields(Value.Builder value, UnknownFieldSet unknown) {
    return (Value) ((Message.Builder) value).setUnknownFields(unknown).build();
  }
}
