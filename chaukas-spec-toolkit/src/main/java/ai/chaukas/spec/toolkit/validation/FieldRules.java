package ai.chaukas.spec.toolkit.validation;

import ai.chaukas.spec.common.v1.AgentHandoff;
import ai.chaukas.spec.common.v1.CostDetails;
import ai.chaukas.spec.common.v1.DataAccess;
import ai.chaukas.spec.common.v1.ErrorInfo;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.InfrastructureMetrics;
import ai.chaukas.spec.common.v1.LLMInvocation;
import ai.chaukas.spec.common.v1.MCPCall;
import ai.chaukas.spec.common.v1.MessageContent;
import ai.chaukas.spec.common.v1.PerformanceMetrics;
import ai.chaukas.spec.common.v1.PolicyDecision;
import ai.chaukas.spec.common.v1.RedactionInfo;
import ai.chaukas.spec.common.v1.RetryInfo;
import ai.chaukas.spec.common.v1.ToolCall;
import ai.chaukas.spec.common.v1.ToolResponse;
import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one table of validation rules. Every field of {@code Event}, of the messages inside it and of
 * {@code EventBatch} has an entry here, keyed by its descriptor: the {@link Kind} of value it holds,
 * which decides the rules it can break, and for a field exempt from its type's usual rule, the
 * reason. {@link EventValidator} walks parsed messages by this table, {@link WireScanner} derives
 * from it how to read each field number, {@code FieldCoverageTest} checks that it covers the
 * schema, and {@code docs/validation.md} is rendered from it. Rules that relate several fields
 * (required fields, content per type, redaction methods) are code in those two classes; each is
 * described once here, in {@link #describe(Rule)}.
 */
final class FieldRules {

  /** What a field holds, and so which rules it can break. */
  enum Kind {
    /** A string bounded by maxIdLength and free of what rule id-characters forbids. */
    ID("identifier", Rule.ID_LENGTH, Rule.ID_CHARACTERS),
    /** A string bounded by maxStringLength. */
    STRING("string", Rule.STRING_LENGTH),
    /** Empty, or a SHA-256 digest in lowercase hex. */
    HASH("hash", Rule.HASH_FORMAT),
    /** A google.protobuf.Timestamp in the years 0001..9999. */
    TIMESTAMP("timestamp", Rule.TIMESTAMP_RANGE),
    /** A number that must not be negative; a double must also be finite. */
    NON_NEGATIVE("non-negative", Rule.NON_NEGATIVE, Rule.FINITE_NUMBER),
    /** A double that may be negative but must be finite; needs a reason. */
    FINITE("finite", Rule.FINITE_NUMBER),
    /** An enum whose value spec v1 defines. */
    ENUM("enum", Rule.KNOWN_ENUM),
    /** A google.protobuf.Struct: bounded keys, strings, lists, depth and size; finite numbers. */
    STRUCT("Struct", Rule.STRING_LENGTH, Rule.FINITE_NUMBER, Rule.REPEATED_COUNT, Rule.STRUCT_DEPTH,
        Rule.STRUCT_SIZE),
    /** A google.protobuf.Any: its type_url bounded by maxStringLength, its value opaque. */
    ANY("Any", Rule.STRING_LENGTH),
    /** A message of the spec, checked field by field by its own entries. */
    MESSAGE("message"),
    /** Nothing to check; needs a reason. */
    NONE("no rule");

    private final String label;
    private final List<Rule> rules;

    Kind(String label, Rule... rules) {
      this.label = label;
      this.rules = List.of(rules);
    }

    /** The name {@code docs/validation.md} gives the kind. */
    String label() {
      return label;
    }

    /** Whether an entry of this kind must say why. */
    boolean needsReason() {
      return this == FINITE || this == NONE;
    }
  }

  /** The rule of one field. */
  static final class Entry {
    private final FieldDescriptor field;
    private final Kind kind;
    private final String reason;
    /** For an enum, the numbers its values have, by number; null otherwise. */
    private final boolean[] known;

    private Entry(FieldDescriptor field, Kind kind, String reason) {
      this.field = field;
      this.kind = kind;
      this.reason = reason;
      if (kind == Kind.ENUM) {
        int max = 0;
        for (EnumValueDescriptor value : field.getEnumType().getValues()) {
          max = Math.max(max, value.getNumber());
        }
        known = new boolean[max + 1];
        for (EnumValueDescriptor value : field.getEnumType().getValues()) {
          if (value.getNumber() >= 0) {
            known[value.getNumber()] = true;
          }
        }
      } else {
        known = null;
      }
    }

    FieldDescriptor field() {
      return field;
    }

    Kind kind() {
      return kind;
    }

    /** Why the field is exempt from its type's usual rule; null when it is not. */
    String reason() {
      return reason;
    }

    /** For an enum field: whether spec v1 defines a value numbered {@code number}. */
    boolean isKnown(int number) {
      if (number >= 0) {
        return number < known.length && known[number];
      }
      return field.getEnumType().findValueByNumber(number) != null;
    }

    /** The rules a value of this field can break, in {@link Rule} order. */
    List<Rule> rules() {
      List<Rule> rules = new ArrayList<>(kind.rules);
      if (kind == Kind.NON_NEGATIVE && field.getJavaType() != FieldDescriptor.JavaType.DOUBLE) {
        rules.remove(Rule.FINITE_NUMBER);
      }
      if (field.isRepeated() && kind != Kind.NONE && !rules.contains(Rule.REPEATED_COUNT)) {
        rules.add(Rule.REPEATED_COUNT);
      }
      rules.sort(null);
      return List.copyOf(rules);
    }
  }

  private static final String FLAG = "a flag: both values are valid";
  private static final String PENALTY = "penalties may be negative (they range over about -2..2)";

  private static final Map<FieldDescriptor, Entry> TABLE =
      new Builder()
          .in(Event.getDescriptor())
          .rule("event_id", Kind.ID)
          .rule("tenant_id", Kind.ID)
          .rule("project_id", Kind.ID)
          .rule("session_id", Kind.ID)
          .rule("span_id", Kind.ID)
          .rule("parent_span_id", Kind.ID)
          .rule("type", Kind.ENUM)
          .rule("severity", Kind.ENUM)
          .rule("status", Kind.ENUM)
          .rule("author", Kind.ENUM)
          .rule("timestamp", Kind.TIMESTAMP)
          .rule("agent_id", Kind.ID)
          .rule("agent_name", Kind.STRING)
          .rule("invocation_id", Kind.ID)
          .rule("response_id", Kind.ID)
          .rule("is_partial", Kind.NONE, FLAG)
          .rule("is_final", Kind.NONE, FLAG)
          .rule("hash_prev", Kind.HASH)
          .rule("content_hash", Kind.HASH)
          .rule("worm_proof_id", Kind.STRING)
          .rule("branch", Kind.STRING)
          .rule("tags", Kind.STRING)
          .rule("trace_id", Kind.ID)
          .rule("message", Kind.MESSAGE)
          .rule("tool_call", Kind.MESSAGE)
          .rule("tool_response", Kind.MESSAGE)
          .rule("llm_invocation", Kind.MESSAGE)
          .rule("policy", Kind.MESSAGE)
          .rule("data_access", Kind.MESSAGE)
          .rule("state_update", Kind.STRUCT)
          .rule("error", Kind.MESSAGE)
          .rule("agent_handoff", Kind.MESSAGE)
          .rule("mcp_call", Kind.MESSAGE)
          .rule("retry", Kind.MESSAGE)
          .rule("redaction", Kind.MESSAGE)
          .rule("pii_categories", Kind.STRING)
          .rule("performance", Kind.MESSAGE)
          .rule("infrastructure", Kind.MESSAGE)
          .rule("cost", Kind.MESSAGE)
          .rule("metadata", Kind.STRUCT)
          .rule("extensions", Kind.ANY)
          .in(MessageContent.getDescriptor())
          .rule("role", Kind.STRING)
          .rule("text", Kind.STRING)
          .rule("metadata", Kind.STRUCT)
          .in(ToolCall.getDescriptor())
          .rule("id", Kind.ID)
          .rule("name", Kind.STRING)
          .rule("arguments", Kind.STRUCT)
          .rule("auth_required", Kind.NONE, FLAG)
          .rule("function_name", Kind.STRING)
          .in(ToolResponse.getDescriptor())
          .rule("tool_call_id", Kind.ID)
          .rule("output", Kind.STRUCT)
          .rule("error_message", Kind.STRING)
          .rule("execution_time_ms", Kind.NON_NEGATIVE)
          .rule("http_status", Kind.NON_NEGATIVE)
          .in(LLMInvocation.getDescriptor())
          .rule("provider", Kind.STRING)
          .rule("model", Kind.STRING)
          .rule("request", Kind.STRUCT)
          .rule("response", Kind.STRUCT)
          .rule("prompt_tokens", Kind.NON_NEGATIVE)
          .rule("completion_tokens", Kind.NON_NEGATIVE)
          .rule("total_tokens", Kind.NON_NEGATIVE)
          .rule("temperature", Kind.NON_NEGATIVE)
          .rule("max_tokens", Kind.NON_NEGATIVE)
          .rule("top_p", Kind.NON_NEGATIVE)
          .rule("frequency_penalty", Kind.FINITE, PENALTY)
          .rule("presence_penalty", Kind.FINITE, PENALTY)
          .rule("start_time", Kind.TIMESTAMP)
          .rule("end_time", Kind.TIMESTAMP)
          .rule("duration_ms", Kind.NON_NEGATIVE)
          .rule("finish_reason", Kind.STRING)
          .in(PolicyDecision.getDescriptor())
          .rule("policy_id", Kind.STRING)
          .rule("outcome", Kind.STRING)
          .rule("rule_ids", Kind.STRING)
          .rule("rationale", Kind.STRING)
          .in(DataAccess.getDescriptor())
          .rule("datasource", Kind.STRING)
          .rule("document_ids", Kind.STRING)
          .rule("chunk_ids", Kind.STRING)
          .rule("pii_categories", Kind.STRING)
          .in(RedactionInfo.getDescriptor())
          .rule("fields", Kind.STRING)
          .rule("method", Kind.STRING)
          .rule("salt_id", Kind.ID)
          .in(RetryInfo.getDescriptor())
          .rule("attempt", Kind.NON_NEGATIVE)
          .rule("strategy", Kind.STRING)
          .rule("backoff_ms", Kind.NON_NEGATIVE)
          .in(PerformanceMetrics.getDescriptor())
          .rule("cpu_percent", Kind.NON_NEGATIVE)
          .rule("memory_mb", Kind.NON_NEGATIVE)
          .rule("duration_ms", Kind.NON_NEGATIVE)
          .rule("throughput", Kind.NON_NEGATIVE)
          .rule("latency_ms", Kind.NON_NEGATIVE)
          .in(InfrastructureMetrics.getDescriptor())
          .rule("resource_type", Kind.STRING)
          .rule("metrics", Kind.STRUCT)
          .rule("host", Kind.STRING)
          .rule("process_id", Kind.NON_NEGATIVE)
          .rule("thread_id", Kind.STRING)
          .in(CostDetails.getDescriptor())
          .rule("provider", Kind.STRING)
          .rule("service", Kind.STRING)
          .rule("input_tokens", Kind.NON_NEGATIVE)
          .rule("output_tokens", Kind.NON_NEGATIVE)
          .rule("total_tokens", Kind.NON_NEGATIVE)
          .rule("input_cost", Kind.NON_NEGATIVE)
          .rule("output_cost", Kind.NON_NEGATIVE)
          .rule("total_cost", Kind.NON_NEGATIVE)
          .rule("currency", Kind.STRING)
          .rule("input_rate_per_token", Kind.NON_NEGATIVE)
          .rule("output_rate_per_token", Kind.NON_NEGATIVE)
          .in(AgentHandoff.getDescriptor())
          .rule("from_agent_id", Kind.ID)
          .rule("from_agent_name", Kind.STRING)
          .rule("to_agent_id", Kind.ID)
          .rule("to_agent_name", Kind.STRING)
          .rule("handoff_data", Kind.STRUCT)
          .rule("reason", Kind.STRING)
          .rule("handoff_type", Kind.STRING)
          .in(MCPCall.getDescriptor())
          .rule("server_name", Kind.STRING)
          .rule("server_url", Kind.STRING)
          .rule("operation", Kind.STRING)
          .rule("method", Kind.STRING)
          .rule("request", Kind.STRUCT)
          .rule("response", Kind.STRUCT)
          .rule("protocol_version", Kind.STRING)
          .rule("execution_time_ms", Kind.NON_NEGATIVE)
          .in(ErrorInfo.getDescriptor())
          .rule("error_message", Kind.STRING)
          .rule("error_code", Kind.STRING)
          .rule("stack_trace", Kind.STRING)
          .rule("recoverable", Kind.NONE, FLAG)
          .rule("recovery_action", Kind.STRING)
          .in(EventBatch.getDescriptor())
          .rule("batch_id", Kind.ID)
          .rule("timestamp", Kind.TIMESTAMP)
          .rule("events", Kind.NONE,
              "each event gets a verdict of its own; how many there may be is rule `batch-size`")
          .rule("metadata", Kind.STRUCT)
          .rule("total_cost", Kind.NON_NEGATIVE)
          .rule("total_tokens", Kind.NON_NEGATIVE)
          .rule("total_duration_ms", Kind.NON_NEGATIVE)
          .build();

  /** What {@code docs/validation.md} says of a rule: what must hold, and the path reported. */
  record Description(String holds, String path) {}

  private static final Map<Rule, Description> DESCRIPTIONS = new EnumMap<>(Rule.class);

  static {
    put(Rule.REQUIRED_FIELD,
        "`event_id` and `session_id` are non-empty; `timestamp` is set (the OpenAPI document's"
            + " required fields)",
        "the field");
    put(Rule.REQUIRED_ENUM, "`type` and `status` are not `*_UNSPECIFIED`", "the field");
    put(Rule.KNOWN_ENUM,
        "an *enum* field holds a value its enum defines in spec v1, not an unknown number;"
            + " `*_UNSPECIFIED` is defined, so `severity` and `author` may be left unspecified",
        "the field");
    put(Rule.TENANT_REQUIRED,
        "`tenant_id` is non-empty — only when the validator is built with `requireTenant(true)`"
            + " (a multi-tenant platform always is)",
        "`tenant_id`");
    put(Rule.PROJECT_REQUIRED, "`project_id` is non-empty — only with `requireProject(true)`",
        "`project_id`");
    put(Rule.CONTENT_TYPE_MATCH,
        "the `content` case is one the event type allows (table below)",
        "the content field, or empty when content is missing");
    put(Rule.RETRY_INFO, "a `RETRY` event carries `retry`", "`retry`");
    put(Rule.SESSION_START_ROOT, "a `SESSION_START` event has no `parent_span_id`",
        "`parent_span_id`");
    put(Rule.HASH_FORMAT,
        "a *hash* field, when set, is exactly 64 lowercase hex characters (a SHA-256 digest)",
        "the field");
    put(Rule.FINITE_NUMBER,
        "no NaN or ±infinity in a *non-negative* or *finite* double field, nor in a number inside"
            + " a `Struct`",
        "the field or Struct path");
    put(Rule.NON_NEGATIVE,
        "a *non-negative* field (counts, durations, costs, rates) is ≥ 0; a number that may be"
            + " negative is *finite* instead, for the reason the field table gives",
        "the field");
    put(Rule.TIMESTAMP_RANGE,
        "a *timestamp* lies in 0001-01-01T00:00:00Z … 9999-12-31T23:59:59.999999999Z with nanos"
            + " in 0 … 999,999,999",
        "the field");
    put(Rule.ID_LENGTH, "an *identifier* is at most `maxIdLength` characters", "the field");
    put(Rule.ID_CHARACTERS,
        "an *identifier* holds no control character (U+0000–U+001F, U+007F–U+009F), no"
            + " bidirectional formatting character (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069)"
            + " and no line or paragraph separator (U+2028, U+2029), which would let an id fake"
            + " lines, colours or reordered text wherever it is printed. The message names the first"
            + " such character by code point and position, never the character itself: `event_id:"
            + " [id-characters] holds control character U+001B at position 5; identifiers must be"
            + " printable text`",
        "the field");
    put(Rule.STRING_LENGTH,
        "a *string* (each element of a repeated one), the `type_url` of an *Any*, and every key"
            + " and string value inside a *Struct* is at most `maxStringLength` characters",
        "the field, `tags[2]`, `extensions[0].type_url`, `metadata.user`; for a key that is too"
            + " long, the object's path");
    put(Rule.REPEATED_COUNT,
        "every repeated field that has a rule, and every list inside a `Struct`, has at most"
            + " `maxRepeatedCount` elements",
        "the field");
    put(Rule.STRUCT_DEPTH, "a `Struct` nests at most `maxStructDepth` levels (a flat object is 1)",
        "where the limit is crossed");
    put(Rule.STRUCT_SIZE, "one `Struct` tree holds at most `maxStructValues` values",
        "the Struct field");
    put(Rule.REDACTION_METHOD,
        "when `redaction` is set, `method` is `mask`, `hash` or `drop`, and `hash` names its key in"
            + " `salt_id`",
        "`redaction.method` or `redaction.salt_id`");
    put(Rule.BATCH_SIZE,
        "a batch holds at most `maxBatchEvents` events (a batch-level violation; every event still"
            + " gets its own verdict)",
        "`events`");
    for (Rule rule : Rule.values()) {
      if (!DESCRIPTIONS.containsKey(rule)) {
        throw new IllegalStateException("rule " + rule.id() + " has no description in FieldRules");
      }
    }
  }

  private FieldRules() {}

  private static void put(Rule rule, String holds, String path) {
    DESCRIPTIONS.put(rule, new Description(holds, path));
  }

  /** The entry of {@code field}; null for a field the table does not know. */
  static Entry of(FieldDescriptor field) {
    return TABLE.get(field);
  }

  /** What {@code docs/validation.md} says of {@code rule}. */
  static Description describe(Rule rule) {
    return DESCRIPTIONS.get(rule);
  }

  /**
   * Collects entries message by message, refusing any that cannot hold: an unknown field, a second
   * entry for a field, a kind that does not fit the field's type, an exemption without a reason.
   */
  static final class Builder {
    private final Map<FieldDescriptor, Entry> entries = new LinkedHashMap<>();
    private Descriptor message;

    /** Entries from here on are fields of {@code message}. */
    Builder in(Descriptor message) {
      this.message = message;
      return this;
    }

    Builder rule(String field, Kind kind) {
      return rule(field, kind, null);
    }

    Builder rule(String field, Kind kind, String reason) {
      FieldDescriptor fd = message.findFieldByName(field);
      String where = message.getName() + "." + field;
      if (fd == null) {
        throw new IllegalArgumentException(where + " is not a field of the schema");
      }
      if (!fits(kind, fd)) {
        throw new IllegalArgumentException(where + " (" + fd.getType() + (fd.isRepeated() ? ", repeated" : "")
            + ") cannot be of kind " + kind);
      }
      if (kind.needsReason() && (reason == null || reason.isBlank())) {
        throw new IllegalArgumentException(where + " is of kind " + kind + ", which needs a reason");
      }
      if (entries.putIfAbsent(fd, new Entry(fd, kind, reason)) != null) {
        throw new IllegalArgumentException(where + " has a rule already");
      }
      return this;
    }

    Map<FieldDescriptor, Entry> build() {
      return Map.copyOf(entries);
    }

    private static boolean fits(Kind kind, FieldDescriptor fd) {
      if (fd.isMapField()) {
        return kind == Kind.NONE;
      }
      return switch (kind) {
        case ID, STRING, HASH -> fd.getType() == FieldDescriptor.Type.STRING;
        case NON_NEGATIVE -> fd.getType() == FieldDescriptor.Type.INT32
            || fd.getType() == FieldDescriptor.Type.INT64
            || fd.getType() == FieldDescriptor.Type.DOUBLE;
        case FINITE -> fd.getType() == FieldDescriptor.Type.DOUBLE;
        case ENUM -> fd.getType() == FieldDescriptor.Type.ENUM;
        case TIMESTAMP -> isMessage(fd, Timestamp.getDescriptor());
        case STRUCT -> isMessage(fd, Struct.getDescriptor());
        case ANY -> isMessage(fd, Any.getDescriptor());
        case MESSAGE -> fd.getType() == FieldDescriptor.Type.MESSAGE
            && !fd.getMessageType().getFile().getPackage().equals("google.protobuf");
        case NONE -> true;
      };
    }

    private static boolean isMessage(FieldDescriptor fd, Descriptor type) {
      return fd.getType() == FieldDescriptor.Type.MESSAGE && fd.getMessageType().equals(type);
    }
  }
}
