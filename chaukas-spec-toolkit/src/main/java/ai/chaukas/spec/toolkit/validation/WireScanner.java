package ai.chaukas.spec.toolkit.validation;

import ai.chaukas.spec.common.v1.Author;
import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.Severity;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.util.Timestamps;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads an event's wire bytes and decides whether {@link EventValidator} would find it valid,
 * without building any message. It answers only "certainly valid", having noted the event's id,
 * tenant and timestamp, or "not certain": a violation, a singular field sent twice (which protobuf
 * would merge), a known field with another wire type (which protobuf would keep as unknown),
 * malformed bytes or deep nesting all make it give up, and the caller parses and validates the
 * event to learn the exact verdict. Every check errs towards giving up, so "certainly valid" is
 * never wrong.
 *
 * <p>Field numbers are those of {@code proto/chaukas/spec/common/v1/events.proto} and {@code
 * google/protobuf/struct.proto}, {@code timestamp.proto} and {@code any.proto}; a test compares
 * every kind below with the descriptors. One instance reads one event; not thread-safe.
 */
final class WireScanner {

  /** Thrown, without a stack trace, to give up; the caller falls back to parsing. */
  private static final class GiveUp extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GiveUp() {
      super("not certainly valid", null, false, false);
    }
  }

  private static final GiveUp GIVE_UP = new GiveUp();

  /** Nested messages beyond this depth are left to protobuf, whose own limit is 100. */
  private static final int MAX_NESTING = 64;

  // Field kinds of the content and detail messages, indexed by field number.
  static final byte NONE = 0;
  /** A string bounded by maxStringLength. */
  static final byte STRING = 1;
  /** An identifier: a string bounded by maxIdLength, free of what rule id-characters forbids. */
  static final byte ID = 2;
  /** A repeated string: each bounded by maxStringLength, the count by maxRepeatedCount. */
  static final byte STRINGS = 3;
  /** An int32 that must not be negative. */
  static final byte NON_NEGATIVE_INT = 4;
  /** A double that must be finite and not negative. */
  static final byte NON_NEGATIVE_DOUBLE = 5;
  /** A double that must be finite. */
  static final byte FINITE_DOUBLE = 6;
  /** A bool: any varint. */
  static final byte BOOL = 7;
  /** A google.protobuf.Timestamp in the years 0001..9999. */
  static final byte TIMESTAMP = 8;
  /** A google.protobuf.Struct, checked with a fresh value budget. */
  static final byte STRUCT = 9;

  static final byte[] MESSAGE_CONTENT = kinds(STRING, STRING, STRUCT);
  static final byte[] TOOL_CALL = kinds(ID, STRING, STRUCT, BOOL, STRING);
  static final byte[] TOOL_RESPONSE =
      kinds(ID, STRUCT, STRING, NON_NEGATIVE_DOUBLE, NON_NEGATIVE_INT);
  static final byte[] LLM_INVOCATION =
      kinds(STRING, STRING, STRUCT, STRUCT, NON_NEGATIVE_INT, NON_NEGATIVE_INT, NON_NEGATIVE_INT,
          NON_NEGATIVE_DOUBLE, NON_NEGATIVE_INT, NON_NEGATIVE_DOUBLE, FINITE_DOUBLE, FINITE_DOUBLE,
          TIMESTAMP, TIMESTAMP, NON_NEGATIVE_DOUBLE, STRING);
  static final byte[] POLICY_DECISION = kinds(STRING, STRING, STRINGS, STRING);
  static final byte[] DATA_ACCESS = kinds(STRING, STRINGS, STRINGS, STRINGS);
  static final byte[] ERROR_INFO = kinds(STRING, STRING, STRING, BOOL, STRING);
  static final byte[] AGENT_HANDOFF = kinds(ID, STRING, ID, STRING, STRUCT, STRING, STRING);
  static final byte[] MCP_CALL =
      kinds(STRING, STRING, STRING, STRING, STRUCT, STRUCT, STRING, NON_NEGATIVE_DOUBLE);
  static final byte[] RETRY_INFO = kinds(NON_NEGATIVE_INT, STRING, NON_NEGATIVE_INT);
  static final byte[] PERFORMANCE_METRICS =
      kinds(NON_NEGATIVE_DOUBLE, NON_NEGATIVE_DOUBLE, NON_NEGATIVE_DOUBLE, NON_NEGATIVE_DOUBLE,
          NON_NEGATIVE_DOUBLE);
  static final byte[] INFRASTRUCTURE_METRICS = kinds(STRING, STRUCT, STRING, NON_NEGATIVE_INT, STRING);
  static final byte[] COST_DETAILS =
      kinds(STRING, STRING, NON_NEGATIVE_INT, NON_NEGATIVE_INT, NON_NEGATIVE_INT,
          NON_NEGATIVE_DOUBLE, NON_NEGATIVE_DOUBLE, NON_NEGATIVE_DOUBLE, STRING,
          NON_NEGATIVE_DOUBLE, NON_NEGATIVE_DOUBLE);

  /** Which field numbers of Event are singular: protobuf merges or replaces those when repeated. */
  private static final boolean[] SINGULAR_EVENT_FIELDS = singularFields();

  /** Reads eight bytes of an array as one long. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** The high bit of each of eight bytes, set only by bytes outside ASCII. */
  private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

  private static final int WIRE_VARINT = 0;
  private static final int WIRE_FIXED64 = 1;
  private static final int WIRE_LEN = 2;
  private static final int WIRE_FIXED32 = 5;

  private final ValidationOptions options;
  private final byte[] buf;
  private int pos;
  private int nesting;
  private int budget;

  // What the event says, once scanned.
  int eventIdStart;
  int eventIdLength;
  int tenantIdStart;
  int tenantIdLength;
  long seconds;
  int nanos;

  WireScanner(ValidationOptions options, byte[] buf) {
    this.options = options;
    this.buf = buf;
  }

  private static boolean[] singularFields() {
    int max = 0;
    for (FieldDescriptor field : Event.getDescriptor().getFields()) {
      max = Math.max(max, field.getNumber());
    }
    if (max >= 128) {
      throw new IllegalStateException("Event field " + max + " is beyond what the scanner tracks");
    }
    boolean[] singular = new boolean[max + 1];
    for (FieldDescriptor field : Event.getDescriptor().getFields()) {
      singular[field.getNumber()] = !field.isRepeated();
    }
    return singular;
  }

  private static byte[] kinds(byte... byFieldNumberFromOne) {
    byte[] kinds = new byte[byFieldNumberFromOne.length + 1];
    System.arraycopy(byFieldNumberFromOne, 0, kinds, 1, byFieldNumberFromOne.length);
    return kinds;
  }

  /** Whether the event in {@code buf[offset, offset + length)} is certainly valid. */
  boolean certainlyValid(int offset, int length) {
    if (offset < 0 || length < 0 || offset > buf.length - length) {
      return false;
    }
    try {
      pos = offset;
      nesting = 0;
      event(offset + length);
      return true;
    } catch (GiveUp e) {
      return false;
    }
  }

  private void event(int end) {
    long seenLow = 0; // singular fields 1..63 seen
    long seenHigh = 0; // singular fields 64..127 seen
    int type = 0;
    int status = 0;
    int content = 0;
    int projectIdLength = 0;
    int sessionIdLength = 0;
    int parentSpanIdLength = 0;
    boolean hasTimestamp = false;
    boolean hasRetry = false;
    int tags = 0;
    int piiCategories = 0;
    int extensions = 0;
    eventIdStart = tenantIdStart = -1;
    eventIdLength = tenantIdLength = 0;
    while (pos < end) {
      int tag = tag(end);
      int field = tag >>> 3;
      int wire = tag & 7;
      if (field < SINGULAR_EVENT_FIELDS.length && SINGULAR_EVENT_FIELDS[field]) {
        if (field < 64) {
          long bit = 1L << field;
          if ((seenLow & bit) != 0) {
            throw GIVE_UP;
          }
          seenLow |= bit;
        } else {
          long bit = 1L << (field - 64);
          if ((seenHigh & bit) != 0) {
            throw GIVE_UP;
          }
          seenHigh |= bit;
        }
      }
      switch (field) {
        case Event.EVENT_ID_FIELD_NUMBER -> {
          eventIdLength = id(wire, end);
          eventIdStart = pos - eventIdLength;
        }
        case Event.TENANT_ID_FIELD_NUMBER -> {
          tenantIdLength = id(wire, end);
          tenantIdStart = pos - tenantIdLength;
        }
        case Event.PROJECT_ID_FIELD_NUMBER -> projectIdLength = id(wire, end);
        case Event.SESSION_ID_FIELD_NUMBER -> sessionIdLength = id(wire, end);
        case Event.PARENT_SPAN_ID_FIELD_NUMBER ->
            parentSpanIdLength = id(wire, end);
        case Event.SPAN_ID_FIELD_NUMBER,
            Event.AGENT_ID_FIELD_NUMBER,
            Event.INVOCATION_ID_FIELD_NUMBER,
            Event.RESPONSE_ID_FIELD_NUMBER,
            Event.TRACE_ID_FIELD_NUMBER -> id(wire, end);
        case Event.AGENT_NAME_FIELD_NUMBER,
            Event.WORM_PROOF_ID_FIELD_NUMBER,
            Event.BRANCH_FIELD_NUMBER -> string(wire, end, options.maxStringLength());
        case Event.HASH_PREV_FIELD_NUMBER, Event.CONTENT_HASH_FIELD_NUMBER -> hash(wire, end);
        case Event.TAGS_FIELD_NUMBER -> {
          string(wire, end, options.maxStringLength());
          tags = count(tags);
        }
        case Event.PII_CATEGORIES_FIELD_NUMBER -> {
          string(wire, end, options.maxStringLength());
          piiCategories = count(piiCategories);
        }
        case Event.TYPE_FIELD_NUMBER -> {
          type = enumValue(wire, end);
          if (type == 0 || EventType.forNumber(type) == null) {
            throw GIVE_UP;
          }
        }
        case Event.STATUS_FIELD_NUMBER -> {
          status = enumValue(wire, end);
          if (status == 0 || EventStatus.forNumber(status) == null) {
            throw GIVE_UP;
          }
        }
        case Event.SEVERITY_FIELD_NUMBER -> {
          if (Severity.forNumber(enumValue(wire, end)) == null) {
            throw GIVE_UP;
          }
        }
        case Event.AUTHOR_FIELD_NUMBER -> {
          if (Author.forNumber(enumValue(wire, end)) == null) {
            throw GIVE_UP;
          }
        }
        case Event.IS_PARTIAL_FIELD_NUMBER, Event.IS_FINAL_FIELD_NUMBER -> {
          expect(wire, WIRE_VARINT);
          varint(end);
        }
        case Event.TIMESTAMP_FIELD_NUMBER -> {
          expect(wire, WIRE_LEN);
          timestamp(length(end), true);
          hasTimestamp = true;
        }
        case Event.MESSAGE_FIELD_NUMBER -> content = content(content, field, wire, end, MESSAGE_CONTENT);
        case Event.TOOL_CALL_FIELD_NUMBER -> content = content(content, field, wire, end, TOOL_CALL);
        case Event.TOOL_RESPONSE_FIELD_NUMBER -> content = content(content, field, wire, end, TOOL_RESPONSE);
        case Event.LLM_INVOCATION_FIELD_NUMBER -> content = content(content, field, wire, end, LLM_INVOCATION);
        case Event.POLICY_FIELD_NUMBER -> content = content(content, field, wire, end, POLICY_DECISION);
        case Event.DATA_ACCESS_FIELD_NUMBER -> content = content(content, field, wire, end, DATA_ACCESS);
        case Event.ERROR_FIELD_NUMBER -> content = content(content, field, wire, end, ERROR_INFO);
        case Event.AGENT_HANDOFF_FIELD_NUMBER -> content = content(content, field, wire, end, AGENT_HANDOFF);
        case Event.MCP_CALL_FIELD_NUMBER -> content = content(content, field, wire, end, MCP_CALL);
        case Event.STATE_UPDATE_FIELD_NUMBER -> {
          if (content != 0) {
            throw GIVE_UP;
          }
          content = field;
          expect(wire, WIRE_LEN);
          checkedStruct(length(end));
        }
        case Event.RETRY_FIELD_NUMBER -> {
          message(wire, end, RETRY_INFO);
          hasRetry = true;
        }
        case Event.REDACTION_FIELD_NUMBER -> {
          expect(wire, WIRE_LEN);
          redaction(length(end));
        }
        case Event.PERFORMANCE_FIELD_NUMBER -> message(wire, end, PERFORMANCE_METRICS);
        case Event.INFRASTRUCTURE_FIELD_NUMBER -> message(wire, end, INFRASTRUCTURE_METRICS);
        case Event.COST_FIELD_NUMBER -> message(wire, end, COST_DETAILS);
        case Event.METADATA_FIELD_NUMBER -> {
          expect(wire, WIRE_LEN);
          checkedStruct(length(end));
        }
        case Event.EXTENSIONS_FIELD_NUMBER -> {
          expect(wire, WIRE_LEN);
          any(length(end));
          extensions = count(extensions);
        }
        default -> skip(wire, end);
      }
    }
    if (pos != end
        || eventIdLength == 0
        || sessionIdLength == 0
        || !hasTimestamp
        || type == 0
        || status == 0
        || (options.requireTenant() && tenantIdLength == 0)
        || (options.requireProject() && projectIdLength == 0)
        || !ContentRules.isAllowed(
            EventType.forNumber(type),
            status == EventStatus.EVENT_STATUS_FAILED_VALUE,
            content == 0 ? Event.ContentCase.CONTENT_NOT_SET : Event.ContentCase.forNumber(content))
        || (type == EventType.EVENT_TYPE_RETRY_VALUE && !hasRetry)
        || (type == EventType.EVENT_TYPE_SESSION_START_VALUE && parentSpanIdLength != 0)) {
      throw GIVE_UP;
    }
  }

  /** One content message of the oneof; a second one (protobuf keeps the last) gives up. */
  private int content(int seen, int field, int wire, int end, byte[] kinds) {
    if (seen != 0) {
      throw GIVE_UP;
    }
    message(wire, end, kinds);
    return field;
  }

  /** A message whose fields are described by {@code kinds}; unknown fields are skipped. */
  private void message(int wire, int outerEnd, byte[] kinds) {
    expect(wire, WIRE_LEN);
    int end = length(outerEnd);
    enter();
    int seen = 0;
    int[] counts = null;
    while (pos < end) {
      int tag = tag(end);
      int field = tag >>> 3;
      int fieldWire = tag & 7;
      byte kind = field < kinds.length ? kinds[field] : NONE;
      if (kind != STRINGS && kind != NONE) {
        seen = once(seen, field);
      }
      switch (kind) {
        case STRING -> string(fieldWire, end, options.maxStringLength());
        case ID -> id(fieldWire, end);
        case STRINGS -> {
          string(fieldWire, end, options.maxStringLength());
          if (counts == null) {
            counts = new int[kinds.length];
          }
          counts[field] = count(counts[field]);
        }
        case NON_NEGATIVE_INT -> {
          expect(fieldWire, WIRE_VARINT);
          if ((int) varint(end) < 0) {
            throw GIVE_UP;
          }
        }
        case NON_NEGATIVE_DOUBLE -> {
          double value = fixed64(fieldWire, end);
          if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
            throw GIVE_UP;
          }
        }
        case FINITE_DOUBLE -> {
          if (!Double.isFinite(fixed64(fieldWire, end))) {
            throw GIVE_UP;
          }
        }
        case BOOL -> {
          expect(fieldWire, WIRE_VARINT);
          varint(end);
        }
        case TIMESTAMP -> {
          expect(fieldWire, WIRE_LEN);
          timestamp(length(end), false);
        }
        case STRUCT -> {
          expect(fieldWire, WIRE_LEN);
          checkedStruct(length(end));
        }
        default -> skip(fieldWire, end);
      }
    }
    leave();
  }

  private void redaction(int end) {
    enter();
    int seen = 0;
    int fields = 0;
    int methodStart = 0;
    int methodLength = 0;
    int saltIdLength = 0;
    while (pos < end) {
      int tag = tag(end);
      int field = tag >>> 3;
      int wire = tag & 7;
      switch (field) {
        case 1 -> {
          string(wire, end, options.maxStringLength());
          fields = count(fields);
        }
        case 2 -> {
          seen = once(seen, field);
          methodLength = string(wire, end, options.maxStringLength());
          methodStart = pos - methodLength;
        }
        case 3 -> {
          seen = once(seen, field);
          saltIdLength = id(wire, end);
        }
        default -> skip(wire, end);
      }
    }
    boolean ok =
        is(methodStart, methodLength, "mask")
            || is(methodStart, methodLength, "drop")
            || (is(methodStart, methodLength, "hash") && saltIdLength > 0);
    if (!ok) {
      throw GIVE_UP;
    }
    leave();
  }

  private boolean is(int start, int length, String ascii) {
    if (length != ascii.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (buf[start + i] != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** google.protobuf.Any: type_url is a bounded string, value is opaque. */
  private void any(int end) {
    enter();
    int seen = 0;
    while (pos < end) {
      int tag = tag(end);
      int field = tag >>> 3;
      int wire = tag & 7;
      switch (field) {
        case 1 -> {
          seen = once(seen, field);
          string(wire, end, options.maxStringLength());
        }
        case 2 -> {
          seen = once(seen, field);
          expect(wire, WIRE_LEN);
          pos = length(end);
        }
        default -> skip(wire, end);
      }
    }
    leave();
  }

  /** google.protobuf.Timestamp; only the event's own timestamp is kept. */
  private void timestamp(int end, boolean keep) {
    enter();
    int seen = 0;
    long s = 0;
    int n = 0;
    while (pos < end) {
      int tag = tag(end);
      int field = tag >>> 3;
      int wire = tag & 7;
      switch (field) {
        case 1 -> {
          seen = once(seen, field);
          expect(wire, WIRE_VARINT);
          s = varint(end);
        }
        case 2 -> {
          seen = once(seen, field);
          expect(wire, WIRE_VARINT);
          n = (int) varint(end);
        }
        default -> skip(wire, end);
      }
    }
    if (!Timestamps.isValid(s, n)) {
      throw GIVE_UP;
    }
    if (keep) {
      seconds = s;
      nanos = n;
    }
    leave();
  }

  // --- Struct --------------------------------------------------------------------------------

  /** A top-level Struct field: depth 1, a fresh budget of values. */
  private void checkedStruct(int end) {
    budget = options.maxStructValues();
    struct(end, 1);
  }

  private void struct(int end, int depth) {
    if (depth > options.maxStructDepth()) {
      throw GIVE_UP;
    }
    enter();
    while (pos < end) {
      int tag = tag(end);
      if (tag == ((1 << 3) | WIRE_LEN)) {
        entry(length(end), depth);
      } else {
        skip(tag & 7, end);
      }
    }
    leave();
  }

  /** A map entry of Struct.fields: key 1, value 2. Every entry spends budget, as a value would. */
  private void entry(int end, int depth) {
    enter();
    if (--budget < 0) {
      throw GIVE_UP;
    }
    int seen = 0;
    while (pos < end) {
      int tag = tag(end);
      int field = tag >>> 3;
      int wire = tag & 7;
      switch (field) {
        case 1 -> {
          seen = once(seen, field);
          string(wire, end, options.maxStringLength());
        }
        case 2 -> {
          seen = once(seen, field);
          expect(wire, WIRE_LEN);
          value(length(end), depth);
        }
        default -> skip(wire, end);
      }
    }
    leave();
  }

  private void list(int end, int depth) {
    if (depth > options.maxStructDepth()) {
      throw GIVE_UP;
    }
    enter();
    int values = 0;
    while (pos < end) {
      int tag = tag(end);
      if (tag == ((1 << 3) | WIRE_LEN)) {
        values = count(values);
        if (--budget < 0) {
          throw GIVE_UP;
        }
        value(length(end), depth);
      } else {
        skip(tag & 7, end);
      }
    }
    leave();
  }

  /** google.protobuf.Value: one kind only (protobuf keeps the last of several, merging messages). */
  private void value(int end, int depth) {
    enter();
    int seen = 0;
    while (pos < end) {
      int tag = tag(end);
      int field = tag >>> 3;
      int wire = tag & 7;
      if (field >= 1 && field <= 6) {
        seen = once(seen, 0); // the six kinds are one oneof
      }
      switch (field) {
        case 1, 4 -> { // null_value, bool_value
          expect(wire, WIRE_VARINT);
          varint(end);
        }
        case 2 -> { // number_value
          if (!Double.isFinite(fixed64(wire, end))) {
            throw GIVE_UP;
          }
        }
        case 3 -> string(wire, end, options.maxStringLength()); // string_value
        case 5 -> { // struct_value
          expect(wire, WIRE_LEN);
          struct(length(end), depth + 1);
        }
        case 6 -> { // list_value
          expect(wire, WIRE_LEN);
          list(length(end), depth + 1);
        }
        default -> skip(wire, end);
      }
    }
    leave();
  }

  // --- wire primitives -----------------------------------------------------------------------

  private void enter() {
    if (++nesting > MAX_NESTING) {
      throw GIVE_UP;
    }
  }

  private void leave() {
    nesting--;
  }

  /**
   * Marks field {@code bit} (0..31) of a message as seen; a second time gives up, since protobuf
   * would merge or replace what came first.
   */
  private static int once(int seen, int bit) {
    int mask = 1 << bit;
    if ((seen & mask) != 0) {
      throw GIVE_UP;
    }
    return seen | mask;
  }

  private static void expect(int wire, int expected) {
    if (wire != expected) {
      throw GIVE_UP;
    }
  }

  private int count(int sofar) {
    if (sofar >= options.maxRepeatedCount()) {
      throw GIVE_UP;
    }
    return sofar + 1;
  }

  /** A tag with a field number of at least 1. */
  private int tag(int end) {
    long tag = varint(end);
    if (tag < 8 || tag > 0xFFFF_FFFFL) {
      throw GIVE_UP;
    }
    return (int) tag;
  }

  private long varint(int end) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw GIVE_UP;
      }
      byte b = buf[pos++];
      result |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw GIVE_UP;
  }

  private int enumValue(int wire, int end) {
    expect(wire, WIRE_VARINT);
    return (int) varint(end);
  }

  private double fixed64(int wire, int end) {
    expect(wire, WIRE_FIXED64);
    if (end - pos < 8) {
      throw GIVE_UP;
    }
    long bits = (long) LONGS.get(buf, pos);
    pos += 8;
    return Double.longBitsToDouble(bits);
  }

  /** Reads a length prefix; returns where the value ends, leaving pos at its start. */
  private int length(int end) {
    long length = varint(end);
    if (length < 0 || length > end - pos) {
      throw GIVE_UP;
    }
    return pos + (int) length;
  }

  private void skip(int wire, int end) {
    switch (wire) {
      case WIRE_VARINT -> varint(end);
      case WIRE_FIXED64 -> {
        if (end - pos < 8) {
          throw GIVE_UP;
        }
        pos += 8;
      }
      case WIRE_LEN -> pos = length(end);
      case WIRE_FIXED32 -> {
        if (end - pos < 4) {
          throw GIVE_UP;
        }
        pos += 4;
      }
      default -> throw GIVE_UP; // groups and invalid wire types
    }
  }

  /** A hash field: empty, or 64 lowercase hex digits. */
  private void hash(int wire, int end) {
    expect(wire, WIRE_LEN);
    int stop = length(end);
    int length = stop - pos;
    if (length != 0 && length != 64) {
      throw GIVE_UP;
    }
    for (; pos < stop; pos++) {
      byte b = buf[pos];
      if (!((b >= '0' && b <= '9') || (b >= 'a' && b <= 'f'))) {
        throw GIVE_UP;
      }
    }
  }

  /**
   * A string of valid UTF-8 (protobuf refuses anything else in proto3 strings) of at most {@code
   * max} UTF-16 characters; returns its length in bytes, pos after it.
   */
  private int string(int wire, int end, int max) {
    expect(wire, WIRE_LEN);
    int stop = length(end);
    int start = pos;
    int units = utf16Length(buf, start, stop);
    if (units < 0 || units > max) {
      throw GIVE_UP;
    }
    pos = stop;
    return stop - start;
  }

  /**
   * An identifier: a string as {@link #string} reads it, of at most maxIdLength characters, none of
   * which rule {@code id-characters} forbids; returns its length in bytes, pos after it.
   */
  private int id(int wire, int end) {
    expect(wire, WIRE_LEN);
    int stop = length(end);
    int start = pos;
    int units = idUtf16Length(buf, start, stop);
    if (units < 0 || units > options.maxIdLength()) {
      throw GIVE_UP;
    }
    pos = stop;
    return stop - start;
  }

  /**
   * As {@link #utf16Length}, but -1 also when the bytes hold a character that rule {@code
   * id-characters} forbids ({@link EventValidator#isForbiddenInId}).
   */
  static int idUtf16Length(byte[] b, int from, int to) {
    int i = from;
    // Eight ASCII bytes at a time, as in utf16Length, each word also tested for a control byte.
    while (i <= to - 8) {
      long word = (long) LONGS.get(b, i);
      if ((word & HIGH_BITS) != 0) {
        break;
      }
      if (hasControlByte(word)) {
        return -1;
      }
      i += 8;
    }
    // Fewer than eight bytes left after whole ASCII words: the eight bytes that end the id cover
    // them, so an ASCII id of eight bytes or more is never read byte by byte.
    if (i > to - 8 && to - from >= 8) {
      long word = (long) LONGS.get(b, to - 8);
      if ((word & HIGH_BITS) == 0) {
        return hasControlByte(word) ? -1 : to - from;
      }
    }
    int units = utf16Length(b, i, to);
    if (units < 0) {
      return -1;
    }
    // The rest is well-formed, so C2 and E2 are lead bytes: a forbidden character is an ASCII
    // byte, a C1 control (C2 80..C2 9F) or a three-byte form of U+2000..U+2FFF (E2 xx xx).
    for (int j = i; j < to; j++) {
      int c = b[j] & 0xFF;
      int codePoint;
      if (c < 0x80) {
        codePoint = c;
      } else if (c == 0xC2) {
        codePoint = 0x80 | (b[j + 1] & 0x3F);
      } else if (c == 0xE2) {
        codePoint = 0x2000 | ((b[j + 1] & 0x3F) << 6) | (b[j + 2] & 0x3F);
      } else {
        continue;
      }
      if (EventValidator.isForbiddenInId(codePoint)) {
        return -1;
      }
    }
    return i - from + units;
  }

  /**
   * Whether a word of eight ASCII bytes holds one below 0x20 or 0x7F (DEL): subtracting 0x20 from
   * every byte sets a high bit if and only if some byte is below 0x20, and adding 1 to every byte if
   * and only if some byte is 0x7F, as no byte has its high bit set already.
   */
  private static boolean hasControlByte(long asciiWord) {
    long belowSpace = asciiWord - 0x2020_2020_2020_2020L;
    long delete = asciiWord + 0x0101_0101_0101_0101L;
    return ((belowSpace | delete) & HIGH_BITS) != 0;
  }

  /**
   * The number of UTF-16 characters the UTF-8 bytes {@code b[from, to)} decode to, or -1 when they
   * are not well-formed UTF-8 (overlong forms, surrogates and code points above U+10FFFF included).
   */
  static int utf16Length(byte[] b, int from, int to) {
    int i = from;
    // Eight ASCII bytes at a time: most strings are ASCII throughout.
    while (i <= to - 8 && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
      i += 8;
    }
    int units = i - from;
    while (i < to) {
      int c = b[i];
      if (c >= 0) {
        i++;
        units++;
        continue;
      }
      c &= 0xFF;
      if (c < 0xC2) {
        return -1; // a continuation byte, or an overlong two-byte form
      }
      if (c < 0xE0) {
        if (i + 1 >= to || !continuation(b[i + 1])) {
          return -1;
        }
        i += 2;
        units++;
      } else if (c < 0xF0) {
        if (i + 2 >= to) {
          return -1;
        }
        int c1 = b[i + 1] & 0xFF;
        if (!continuation(b[i + 1]) || !continuation(b[i + 2])
            || (c == 0xE0 && c1 < 0xA0) // overlong
            || (c == 0xED && c1 >= 0xA0)) { // a surrogate
          return -1;
        }
        i += 3;
        units++;
      } else if (c < 0xF5) {
        if (i + 3 >= to) {
          return -1;
        }
        int c1 = b[i + 1] & 0xFF;
        if (!continuation(b[i + 1]) || !continuation(b[i + 2]) || !continuation(b[i + 3])
            || (c == 0xF0 && c1 < 0x90) // overlong
            || (c == 0xF4 && c1 >= 0x90)) { // above U+10FFFF
          return -1;
        }
        i += 4;
        units += 2;
      } else {
        return -1;
      }
    }
    return units;
  }

  private static boolean continuation(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
