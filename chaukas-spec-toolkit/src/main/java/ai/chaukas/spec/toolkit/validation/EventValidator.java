package ai.chaukas.spec.toolkit.validation;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.RedactionInfo;
import ai.chaukas.spec.toolkit.FieldPath;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.Value;
import com.google.protobuf.util.Timestamps;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks events and batches against the rules in {@link Rule} ({@code docs/validation.md}).
 *
 * <p>Stateless and thread-safe: one instance serves every thread. Identifiers are opaque: any
 * non-empty string of printable text is accepted as an id, UUID or not. The rule of each field is
 * its entry in {@link FieldRules}, which this class walks over the message, reading fields through
 * the generated accessors; the rules that relate several fields are written here. A path is built
 * for each nested message and {@code Struct} object or list, and for a value only when it breaks a
 * rule.
 *
 * @since 1.0.5
 */
public final class EventValidator {

  /**
   * Whether {@link #validateSerialized} checks events in their bytes. Setting the system property
   * {@code chaukas.validation.fastPath} to {@code false} (read once) turns that off: every event is
   * then parsed and validated as {@link #validate(Event)} does. The validation tests run both ways,
   * so that the fast path can never change a verdict.
   */
  static final boolean FAST_PATH = !"false".equals(System.getProperty("chaukas.validation.fastPath"));

  private static final FieldReader[] EVENT_FIELDS = FieldReader.of(Event.class, Event.getDescriptor());
  private static final FieldReader[] BATCH_FIELDS =
      FieldReader.of(EventBatch.class, EventBatch.getDescriptor());
  private static final FieldPath EVENTS = FieldPath.of("events");

  private static final EventValidator DEFAULT = new EventValidator(ValidationOptions.defaults());

  private final ValidationOptions options;

  private EventValidator(ValidationOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** A validator with {@link ValidationOptions#defaults()}. */
  public static EventValidator defaults() {
    return DEFAULT;
  }

  /** A validator with these options. */
  public static EventValidator of(ValidationOptions options) {
    return new EventValidator(options);
  }

  /** The options in force. */
  public ValidationOptions options() {
    return options;
  }

  /** Every violation in {@code event}; empty when it is valid. Paths are relative to the event. */
  public List<Violation> validate(Event event) {
    Collector c = new Collector();
    checkEvent(event, FieldPath.root(), c);
    return c.result();
  }

  /** Whether {@code event} breaks no rule. */
  public boolean isValid(Event event) {
    return validate(event).isEmpty();
  }

  /**
   * A verdict per event of the batch, paths under {@code events[i]}, plus violations of the
   * batch's own fields. A rejected event never affects the verdict of another.
   */
  public BatchVerdict validate(EventBatch batch) {
    return new BatchVerdict(
        verdicts(batch.getEventsList()), validateBatchFields(batch, batch.getEventsCount()));
  }

  /**
   * Violations of the batch's own fields, not of its events: {@code batch_id}, {@code timestamp},
   * {@code metadata}, the totals, and rule {@code batch-size} for {@code eventCount} events. For a
   * receiver that validates the events separately, such as with {@link #validateSerialized}.
   */
  public List<Violation> validateBatchFields(EventBatch batch, int eventCount) {
    Collector c = new Collector();
    if (eventCount > options.maxBatchEvents()) {
      c.add(Rule.BATCH_SIZE, EVENTS,
          "batch has " + eventCount + " events, at most " + options.maxBatchEvents()
              + " are allowed; split it");
    }
    walk(batch, BATCH_FIELDS, FieldPath.root(), c);
    return c.result();
  }

  /**
   * Validates the {@code Event} serialized in {@code bytes[offset, offset + length)} with the same
   * rules and result as {@link #validate(Event)}, without parsing it when it is valid: its bytes are
   * checked where they lie, several times faster than parsing them, and only an event that breaks a
   * rule (or is unusual on the wire, such as a field sent twice) is parsed to name its violations.
   * For receivers that keep events as the bytes they arrived in.
   *
   * @return the verdict, and the event's id, tenant and timestamp; it shares {@code bytes}, which
   *     must not change afterwards
   * @throws InvalidProtocolBufferException if the bytes are not a protobuf {@code Event}
   * @throws IndexOutOfBoundsException if the range lies outside {@code bytes}
   */
  public SerializedEvent validateSerialized(byte[] bytes, int offset, int length)
      throws InvalidProtocolBufferException {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    ByteString view = UnsafeByteOperations.unsafeWrap(bytes, offset, length);
    if (FAST_PATH) {
      WireScanner scanner = new WireScanner(options, bytes);
      if (scanner.certainlyValid(offset, length)) {
        return new SerializedEvent(
            view,
            new String(bytes, scanner.eventIdStart, scanner.eventIdLength, StandardCharsets.UTF_8),
            scanner.tenantIdLength == 0
                ? ""
                : new String(bytes, scanner.tenantIdStart, scanner.tenantIdLength, StandardCharsets.UTF_8),
            scanner.seconds,
            scanner.nanos,
            List.of(),
            null);
      }
    }
    Event event = Event.parseFrom(view);
    return new SerializedEvent(
        view,
        event.getEventId(),
        event.getTenantId(),
        event.getTimestamp().getSeconds(),
        event.getTimestamp().getNanos(),
        validate(event),
        event);
  }

  /** A verdict per event, paths under {@code events[i]}. */
  public BatchVerdict validate(List<Event> events) {
    return new BatchVerdict(verdicts(events), List.of());
  }

  private List<EventVerdict> verdicts(List<Event> events) {
    List<EventVerdict> verdicts = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      Event event = events.get(i);
      Collector c = new Collector();
      checkEvent(event, EVENTS.index(i), c);
      verdicts.add(new EventVerdict(i, event, c.result()));
    }
    return verdicts;
  }

  private void checkEvent(Event e, FieldPath at, Collector c) {
    checkAcrossFields(e, at, c);
    walk(e, EVENT_FIELDS, at, c);
  }

  /**
   * The rules that relate fields to each other or to the options; each field's own are in {@link
   * FieldRules}.
   */
  private void checkAcrossFields(Event e, FieldPath at, Collector c) {
    required(e.getEventId(), "event_id", at, c);
    required(e.getSessionId(), "session_id", at, c);
    if (!e.hasTimestamp()) {
      c.add(Rule.REQUIRED_FIELD, at.field("timestamp"), "timestamp is required");
    }
    if (options.requireTenant() && e.getTenantId().isEmpty()) {
      c.add(Rule.TENANT_REQUIRED, at.field("tenant_id"), "tenant_id is required by this receiver");
    }
    if (options.requireProject() && e.getProjectId().isEmpty()) {
      c.add(Rule.PROJECT_REQUIRED, at.field("project_id"), "project_id is required by this receiver");
    }

    EventType type = e.getType();
    EventStatus status = e.getStatus();
    if (type == EventType.EVENT_TYPE_UNSPECIFIED) {
      c.add(Rule.REQUIRED_ENUM, at.field("type"), "type is required (EVENT_TYPE_UNSPECIFIED is not a type)");
    }
    if (status == EventStatus.EVENT_STATUS_UNSPECIFIED) {
      c.add(Rule.REQUIRED_ENUM, at.field("status"), "status is required (EVENT_STATUS_UNSPECIFIED is not a status)");
    }

    Event.ContentCase content = e.getContentCase();
    if (!ContentRules.isAllowed(type, status == EventStatus.EVENT_STATUS_FAILED, content)) {
      c.add(Rule.CONTENT_TYPE_MATCH, content == Event.ContentCase.CONTENT_NOT_SET ? at : at.field(contentName(content)),
          type.name() + " " + describe(content) + "; it carries "
              + ContentRules.allowed(type).stream().map(EventValidator::describeShort).sorted().toList()
              + (status == EventStatus.EVENT_STATUS_FAILED ? "" : " (or error when FAILED)"));
    }
    if (type == EventType.EVENT_TYPE_RETRY && !e.hasRetry()) {
      c.add(Rule.RETRY_INFO, at.field("retry"), "a RETRY event must carry retry (attempt, strategy, backoff_ms)");
    }
    if (type == EventType.EVENT_TYPE_SESSION_START && !e.getParentSpanId().isEmpty()) {
      c.add(Rule.SESSION_START_ROOT, at.field("parent_span_id"),
          "SESSION_START is a root span and has no parent_span_id");
    }
    if (e.hasRedaction()) {
      RedactionInfo r = e.getRedaction();
      switch (r.getMethod()) {
        case "mask", "drop" -> { }
        case "hash" -> {
          if (r.getSaltId().isEmpty()) {
            c.add(Rule.REDACTION_METHOD, at.field("redaction").field("salt_id"),
                "method hash needs salt_id, the name of its key");
          }
        }
        default -> c.add(Rule.REDACTION_METHOD, at.field("redaction").field("method"),
            "method " + quote(abbreviate(r.getMethod())) + " is not one of mask, hash, drop");
      }
    }
  }

  // --- the field table -----------------------------------------------------------------------

  /** Checks every field of {@code message} that has a rule, read by {@code readers}. */
  private void walk(Object message, FieldReader[] readers, FieldPath at, Collector c) {
    for (FieldReader r : readers) {
      if (r.repeated) {
        int n = r.count(message);
        if (n > options.maxRepeatedCount()) {
          c.add(Rule.REPEATED_COUNT, at.field(r.name),
              n + " elements; at most " + options.maxRepeatedCount() + " are allowed");
        }
        for (int i = 0; i < n; i++) {
          check(r, r.element(message, i), at, i, c);
        }
        continue;
      }
      switch (r.kind) {
        case NON_NEGATIVE -> {
          if (r.isDouble()) {
            nonNegative(r.getDouble(message), r, at, -1, c);
          } else {
            nonNegative(r.getLong(message), r, at, -1, c);
          }
        }
        case FINITE -> finite(r.getDouble(message), r, at, -1, c);
        case ENUM -> knownEnum((int) r.getLong(message), r, at, -1, c);
        case TIMESTAMP, STRUCT, ANY, MESSAGE -> {
          if (r.has(message)) {
            check(r, r.get(message), at, -1, c);
          }
        }
        default -> check(r, r.get(message), at, -1, c);
      }
    }
  }

  /** Checks one value of field {@code r} (element {@code index} of it, or -1 when singular). */
  private void check(FieldReader r, Object value, FieldPath at, int index, Collector c) {
    switch (r.kind) {
      case ID -> checkId((String) value, r, at, index, c);
      case STRING -> {
        int length = ((String) value).length();
        if (length > options.maxStringLength()) {
          tooLong(length, path(r, at, index), c);
        }
      }
      case HASH -> checkHash((String) value, r, at, index, c);
      case NON_NEGATIVE -> {
        if (value instanceof Double d) {
          nonNegative(d, r, at, index, c);
        } else {
          nonNegative(((Number) value).longValue(), r, at, index, c);
        }
      }
      case FINITE -> finite((Double) value, r, at, index, c);
      case ENUM -> knownEnum((Integer) value, r, at, index, c);
      case TIMESTAMP -> {
        Timestamp t = (Timestamp) value;
        if (!Timestamps.isValid(t.getSeconds(), t.getNanos())) {
          c.add(Rule.TIMESTAMP_RANGE, path(r, at, index), "seconds " + t.getSeconds() + ", nanos " + t.getNanos()
              + " is not a valid timestamp (years 0001 to 9999, nanos 0 to 999999999)");
        }
      }
      case STRUCT -> checkStruct((Struct) value, path(r, at, index), c);
      case ANY -> {
        int length = ((Any) value).getTypeUrl().length();
        if (length > options.maxStringLength()) {
          tooLong(length, path(r, at, index).field("type_url"), c);
        }
      }
      case MESSAGE -> walk(value, r.nested, path(r, at, index), c);
      case NONE -> { }
    }
  }

  /** Where field {@code r} of the message at {@code at} is: its element {@code index}, if not -1. */
  private static FieldPath path(FieldReader r, FieldPath at, int index) {
    FieldPath field = at.field(r.name);
    return index < 0 ? field : field.index(index);
  }

  // --- field checks --------------------------------------------------------------------------

  private static void required(String value, String field, FieldPath at, Collector c) {
    if (value.isEmpty()) {
      c.add(Rule.REQUIRED_FIELD, at.field(field), field + " is required (any non-empty string; UUIDv7 recommended)");
    }
  }

  private void checkId(String value, FieldReader r, FieldPath at, int index, Collector c) {
    if (value.length() > options.maxIdLength()) {
      c.add(Rule.ID_LENGTH, path(r, at, index),
          "identifier of " + value.length() + " characters; at most " + options.maxIdLength() + " are allowed");
    }
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (isForbiddenInId(ch)) {
        // Named by code point, never echoed: the character itself could fake a line or a colour.
        c.add(Rule.ID_CHARACTERS, path(r, at, index),
            "holds " + forbiddenKind(ch) + String.format(" U+%04X", (int) ch) + " at position " + i
                + "; identifiers must be printable text");
        return;
      }
    }
  }

  /**
   * Whether rule {@code id-characters} forbids the character {@code c} in an identifier: C0
   * controls, DEL, C1 controls, the bidirectional formatting characters U+200E, U+200F,
   * U+202A..U+202E and U+2066..U+2069, and the separators U+2028 and U+2029. All of them lie below
   * U+00A0 or in U+2000..U+2FFF, which the wire scanner relies on.
   */
  static boolean isForbiddenInId(int c) {
    if (c < 0x7F) {
      return c < 0x20;
    }
    return c <= 0x9F
        || c == 0x200E
        || c == 0x200F
        || (c >= 0x2028 && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069);
  }

  private static String forbiddenKind(int c) {
    if (c <= 0x9F) {
      return "control character";
    }
    if (c == 0x2028) {
      return "line separator";
    }
    if (c == 0x2029) {
      return "paragraph separator";
    }
    return "bidirectional formatting character";
  }

  private void tooLong(int length, FieldPath path, Collector c) {
    c.add(Rule.STRING_LENGTH, path,
        "string of " + length + " characters; at most " + options.maxStringLength() + " are allowed");
  }

  private static void checkHash(String value, FieldReader r, FieldPath at, int index, Collector c) {
    if (value.isEmpty()) {
      return;
    }
    boolean ok = value.length() == 64;
    for (int i = 0; ok && i < 64; i++) {
      char ch = value.charAt(i);
      ok = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
    }
    if (!ok) {
      c.add(Rule.HASH_FORMAT, path(r, at, index),
          "must be 64 lowercase hex characters (a SHA-256 digest), was " + quote(abbreviate(value)));
    }
  }

  private static void finite(double value, FieldReader r, FieldPath at, int index, Collector c) {
    if (!Double.isFinite(value)) {
      c.add(Rule.FINITE_NUMBER, path(r, at, index), value + " is not a finite number");
    }
  }

  private static void nonNegative(double value, FieldReader r, FieldPath at, int index, Collector c) {
    if (!Double.isFinite(value)) {
      finite(value, r, at, index, c);
    } else if (value < 0) {
      c.add(Rule.NON_NEGATIVE, path(r, at, index), value + " is negative");
    }
  }

  private static void nonNegative(long value, FieldReader r, FieldPath at, int index, Collector c) {
    if (value < 0) {
      c.add(Rule.NON_NEGATIVE, path(r, at, index), value + " is negative");
    }
  }

  private static void knownEnum(int number, FieldReader r, FieldPath at, int index, Collector c) {
    if (!r.rule.isKnown(number)) {
      String type = r.rule.field().getEnumType().getName();
      c.add(Rule.KNOWN_ENUM, path(r, at, index), r.name + " " + number + " is not "
          + ("AEIOU".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type + " of spec v1");
    }
  }

  // --- Struct --------------------------------------------------------------------------------

  private void checkStruct(Struct struct, FieldPath path, Collector c) {
    int left = walkStruct(struct, path, 1, options.maxStructValues(), c);
    if (left < 0) {
      c.add(Rule.STRUCT_SIZE, path,
          "more than " + options.maxStructValues() + " values in this object; at most "
              + options.maxStructValues() + " are allowed");
    }
  }

  /**
   * Walks a Struct at {@code where} with {@code budget} values still allowed; returns what is left,
   * negative once the budget is spent (the walk then stops). A path is built for each nested
   * object or list; a scalar's only when it breaks a rule.
   */
  private int walkStruct(Struct struct, FieldPath where, int depth, int budget, Collector c) {
    if (depth > options.maxStructDepth()) {
      c.add(Rule.STRUCT_DEPTH, where, "nested deeper than " + options.maxStructDepth() + " levels");
      return budget;
    }
    for (Map.Entry<String, Value> entry : struct.getFieldsMap().entrySet()) {
      String key = entry.getKey();
      if (key.length() > options.maxStringLength()) {
        // Reported at the object: a path holding the key would be as long as the key.
        c.add(Rule.STRING_LENGTH, where,
            "key of " + key.length() + " characters; at most " + options.maxStringLength() + " are allowed");
      }
      if (--budget < 0) {
        return budget;
      }
      budget = walkValue(entry.getValue(), where, key, -1, depth, budget, c);
    }
    return budget;
  }

  private int walkList(ListValue list, FieldPath where, int depth, int budget, Collector c) {
    if (depth > options.maxStructDepth()) {
      c.add(Rule.STRUCT_DEPTH, where, "nested deeper than " + options.maxStructDepth() + " levels");
      return budget;
    }
    List<Value> values = list.getValuesList();
    if (values.size() > options.maxRepeatedCount()) {
      c.add(Rule.REPEATED_COUNT, where,
          values.size() + " elements; at most " + options.maxRepeatedCount() + " are allowed");
    }
    for (int i = 0; i < values.size(); i++) {
      if (--budget < 0) {
        return budget;
      }
      budget = walkValue(values.get(i), where, null, i, depth, budget, c);
    }
    return budget;
  }

  /** One value inside a Struct (key set) or a list (index set); returns the budget left. */
  private int walkValue(Value v, FieldPath container, String key, int index, int depth, int budget, Collector c) {
    switch (v.getKindCase()) {
      case NUMBER_VALUE -> {
        if (!Double.isFinite(v.getNumberValue())) {
          c.add(Rule.FINITE_NUMBER, at(container, key, index), v.getNumberValue() + " is not a finite number");
        }
      }
      case STRING_VALUE -> {
        int length = v.getStringValue().length();
        if (length > options.maxStringLength()) {
          tooLong(length, at(container, key, index), c);
        }
      }
      case STRUCT_VALUE -> {
        return walkStruct(v.getStructValue(), at(container, key, index), depth + 1, budget, c);
      }
      case LIST_VALUE -> {
        return walkList(v.getListValue(), at(container, key, index), depth + 1, budget, c);
      }
      default -> { }
    }
    return budget;
  }

  private static FieldPath at(FieldPath container, String key, int index) {
    return key == null ? container.index(index) : container.key(key);
  }

  // --- reporting -----------------------------------------------------------------------------

  /** The oneof field's name, as in the schema; empty for no content. */
  private static String contentName(Event.ContentCase content) {
    return content == Event.ContentCase.CONTENT_NOT_SET
        ? ""
        : Event.getDescriptor().findFieldByNumber(content.getNumber()).getName();
  }

  private static String describe(Event.ContentCase content) {
    return content == Event.ContentCase.CONTENT_NOT_SET
        ? "has no content"
        : "cannot carry " + contentName(content);
  }

  private static String describeShort(Event.ContentCase content) {
    return content == Event.ContentCase.CONTENT_NOT_SET ? "no content" : contentName(content);
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** Violations of one event or batch; the list exists only once something is wrong. */
  private static final class Collector {
    private List<Violation> violations;

    void add(Rule rule, FieldPath path, String message) {
      if (violations == null) {
        violations = new ArrayList<>(4);
      }
      violations.add(new Violation(rule, path, message));
    }

    List<Violation> result() {
      return violations == null ? List.of() : List.copyOf(violations);
    }
  }
}
