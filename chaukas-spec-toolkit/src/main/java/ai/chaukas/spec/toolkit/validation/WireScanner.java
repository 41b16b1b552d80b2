package ai.chaukas.spec.toolkit.validation;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.RedactionInfo;
import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import com.google.protobuf.WireFormat;
import com.google.protobuf.util.Timestamps;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads an event's wire bytes and decides whether {@link EventValidator} would find it valid,
 * without building any message. It answers only "certainly valid", having noted the event's id,
 * tenant and timestamp, or "not certain": a violation, a singular field sent twice (which protobuf
 * would merge), two fields of one oneof (protobuf keeps the last), a known field with another wire
 * type (which protobuf would keep as unknown), malformed bytes or deep nesting all make it give up,
 * and the caller parses and validates the event to learn the exact verdict. Every check errs
 * towards giving up, so "certainly valid" is never wrong.
 *
 * <p>How each field number is read comes from {@link FieldRules}, looked up through the
 * descriptors once, when the class loads; the rules that relate fields are checked from what {@link
 * #note} keeps of the fields they concern. The well-known types inside (Struct, Timestamp, Any) are
 * read by their own field numbers. One instance reads one event; not thread-safe.
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

  /** Field numbers above this are not indexed; a message of the spec with one fails to load. */
  private static final int MAX_FIELD_NUMBER = 1024;

  /** One field as the scanner reads it: its entry's kind and what the wire must show. */
  private static final class Field {
    final int number;
    /** The field's position in its message, for the bit marking it seen. */
    final int bit;
    final FieldRules.Kind kind;
    final FieldRules.Entry rule;
    final FieldDescriptor.JavaType javaType;
    final boolean repeated;
    final int wireType;
    /** Index of the field's oneof in its message; -1 when it is in none. */
    final int oneof;
    /** For a message field: its type's layout. */
    Layout nested;

    Field(FieldDescriptor fd, FieldRules.Entry rule) {
      this.number = fd.getNumber();
      this.bit = fd.getIndex();
      this.rule = rule;
      // A field the table does not list has no rule: it is read for its shape only, like NONE.
      this.kind = rule == null ? FieldRules.Kind.NONE : rule.kind();
      this.javaType = fd.getJavaType();
      this.repeated = fd.isRepeated();
      this.wireType = fd.getLiteType().getWireType();
      this.oneof = fd.getContainingOneof() == null ? -1 : fd.getContainingOneof().getIndex();
    }
  }

  /** The fields of one message type, by field number. */
  private static final class Layout {
    final Field[] byNumber;
    final int fieldCount;

    Layout(Descriptor type, Map<Descriptor, Layout> done) {
      done.put(type, this);
      if (type.getFields().size() > 64) {
        throw new IllegalStateException(type.getFullName() + " has more fields than the scanner tracks");
      }
      int max = 0;
      for (FieldDescriptor fd : type.getFields()) {
        max = Math.max(max, fd.getNumber());
      }
      if (max > MAX_FIELD_NUMBER) {
        throw new IllegalStateException(type.getFullName() + " field " + max + " is beyond what the scanner indexes");
      }
      byNumber = new Field[max + 1];
      fieldCount = type.getFields().size();
      for (FieldDescriptor fd : type.getFields()) {
        Field field = new Field(fd, FieldRules.of(fd));
        if (field.kind == FieldRules.Kind.MESSAGE) {
          Layout nested = done.get(fd.getMessageType());
          field.nested = nested != null ? nested : new Layout(fd.getMessageType(), done);
        }
        byNumber[fd.getNumber()] = field;
      }
    }

    Field field(int number) {
      return number < byNumber.length ? byNumber[number] : null;
    }
  }

  private static final Map<Descriptor, Layout> LAYOUTS = new HashMap<>();
  private static final Layout EVENT = new Layout(Event.getDescriptor(), LAYOUTS);
  private static final Layout REDACTION = LAYOUTS.get(RedactionInfo.getDescriptor());
  private static final int CONTENT =
      Event.getDescriptor().findFieldByNumber(Event.MESSAGE_FIELD_NUMBER).getContainingOneof().getIndex();

  /** Reads eight bytes of an array as one long. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** The high bit of each of eight bytes, set only by bytes outside ASCII. */
  private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

  private static final int WIRE_VARINT = WireFormat.WIRETYPE_VARINT;
  private static final int WIRE_FIXED64 = WireFormat.WIRETYPE_FIXED64;
  private static final int WIRE_LEN = WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int WIRE_FIXED32 = WireFormat.WIRETYPE_FIXED32;

  private final ValidationOptions options;
  private final byte[] buf;
  private int pos;
  private int nesting;
  private int budget;
  /** The last Timestamp read. */
  private long lastSeconds;
  private int lastNanos;

  // What the event says, once scanned.
  int eventIdStart;
  int eventIdLength;
  int tenantIdStart;
  int tenantIdLength;
  long seconds;
  int nanos;

  // What the rules across fields need of the event.
  private int type;
  private int status;
  private int content;
  private int projectIdLength;
  private int sessionIdLength;
  private int parentSpanIdLength;
  private boolean hasTimestamp;
  private boolean hasRetry;

  // What rule redaction-method needs of the event's RedactionInfo.
  private int methodStart;
  private int methodLength;
  private int saltIdLength;

  WireScanner(ValidationOptions options, byte[] buf) {
    this.options = options;
    this.buf = buf;
  }

  /** Whether the event in {@code buf[offset, offset + length)} is certainly valid. */
  boolean certainlyValid(int offset, int length) {
    if (offset < 0 || length < 0 || offset > buf.length - length) {
      return false;
    }
    try {
      pos = offset;
      nesting = 0;
      message(EVENT, offset + length);
      return true;
    } catch (GiveUp e) {
      return false;
    }
  }

  /**
   * A message whose fields {@code layout} describes, ending at {@code end}; unknown fields are
   * skipped. The rules across fields are checked once its last field is read.
   */
  private void message(Layout layout, int end) {
    enter();
    start(layout);
    long seen = 0;
    long oneofs = 0;
    int[] counts = null;
    while (pos < end) {
      int tag = tag(end);
      int number = tag >>> 3;
      int wire = tag & 7;
      Field field = layout.field(number);
      if (field == null) {
        skip(wire, end);
        continue;
      }
      if (field.repeated) {
        if (counts == null) {
          counts = new int[layout.fieldCount];
        }
        counts[field.bit] = count(counts[field.bit]);
      } else {
        seen = once(seen, field.bit);
      }
      if (field.oneof >= 0) {
        oneofs = once(oneofs, field.oneof);
      }
      note(layout, field, read(field, wire, end));
    }
    finish(layout);
    leave();
  }

  /**
   * Reads one value of {@code field} and checks it by its kind. Returns what the rules across
   * fields may need: a string's length in bytes (pos is then just after it), an enum's number.
   */
  private int read(Field field, int wire, int end) {
    switch (field.kind) {
      case ID -> {
        return id(wire, end);
      }
      case STRING -> {
        return string(wire, end, options.maxStringLength());
      }
      case HASH -> hash(wire, end);
      case TIMESTAMP -> {
        expect(wire, WIRE_LEN);
        timestamp(length(end));
      }
      case NON_NEGATIVE -> {
        switch (field.javaType) {
          case DOUBLE -> {
            double value = fixed64(wire, end);
            if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
              throw GIVE_UP;
            }
          }
          case INT -> {
            expect(wire, WIRE_VARINT);
            if ((int) varint(end) < 0) {
              throw GIVE_UP;
            }
          }
          default -> {
            expect(wire, WIRE_VARINT);
            if (varint(end) < 0) {
              throw GIVE_UP;
            }
          }
        }
      }
      case FINITE -> {
        if (!Double.isFinite(fixed64(wire, end))) {
          throw GIVE_UP;
        }
      }
      case ENUM -> {
        expect(wire, WIRE_VARINT);
        int number = (int) varint(end);
        if (!field.rule.isKnown(number)) {
          throw GIVE_UP;
        }
        return number;
      }
      case STRUCT -> {
        expect(wire, WIRE_LEN);
        checkedStruct(length(end));
      }
      case ANY -> {
        expect(wire, WIRE_LEN);
        any(length(end));
      }
      case MESSAGE -> {
        expect(wire, WIRE_LEN);
        message(field.nested, length(end));
      }
      case NONE -> {
        expect(wire, field.wireType);
        skip(wire, end);
      }
    }
    return 0;
  }

  // --- the rules across fields ---------------------------------------------------------------

  private void start(Layout layout) {
    if (layout == EVENT) {
      eventIdStart = tenantIdStart = -1;
      eventIdLength = tenantIdLength = 0;
      type = status = content = 0;
      projectIdLength = sessionIdLength = parentSpanIdLength = 0;
      hasTimestamp = hasRetry = false;
    } else if (layout == REDACTION) {
      methodStart = methodLength = saltIdLength = 0;
    }
  }

  /** Keeps what the rules across fields need of a field just read, {@code value} its result. */
  private void note(Layout layout, Field field, int value) {
    if (layout == EVENT) {
      if (field.oneof == CONTENT) {
        content = field.number;
        return;
      }
      switch (field.number) {
        case Event.EVENT_ID_FIELD_NUMBER -> {
          eventIdLength = value;
          eventIdStart = pos - value;
        }
        case Event.TENANT_ID_FIELD_NUMBER -> {
          tenantIdLength = value;
          tenantIdStart = pos - value;
        }
        case Event.PROJECT_ID_FIELD_NUMBER -> projectIdLength = value;
        case Event.SESSION_ID_FIELD_NUMBER -> sessionIdLength = value;
        case Event.PARENT_SPAN_ID_FIELD_NUMBER -> parentSpanIdLength = value;
        case Event.TYPE_FIELD_NUMBER -> type = value;
        case Event.STATUS_FIELD_NUMBER -> status = value;
        case Event.TIMESTAMP_FIELD_NUMBER -> {
          hasTimestamp = true;
          seconds = lastSeconds;
          nanos = lastNanos;
        }
        case Event.RETRY_FIELD_NUMBER -> hasRetry = true;
        default -> { }
      }
    } else if (layout == REDACTION) {
      switch (field.number) {
        case RedactionInfo.METHOD_FIELD_NUMBER -> {
          methodLength = value;
          methodStart = pos - value;
        }
        case RedactionInfo.SALT_ID_FIELD_NUMBER -> saltIdLength = value;
        default -> { }
      }
    }
  }

  /** Gives up unless the rules across the fields of the message just read hold. */
  private void finish(Layout layout) {
    if (layout == EVENT) {
      if (eventIdLength == 0
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
    } else if (layout == REDACTION) {
      boolean ok =
          is(methodStart, methodLength, "mask")
              || is(methodStart, methodLength, "drop")
              || (is(methodStart, methodLength, "hash") && saltIdLength > 0);
      if (!ok) {
        throw GIVE_UP;
      }
    }
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
    long seen = 0;
    while (pos < end) {
      int tag = tag(end);
      int field = tag >>> 3;
      int wire = tag & 7;
      switch (field) {
        case Any.TYPE_URL_FIELD_NUMBER -> {
          seen = once(seen, field);
          string(wire, end, options.maxStringLength());
        }
        case Any.VALUE_FIELD_NUMBER -> {
          seen = once(seen, field);
          expect(wire, WIRE_LEN);
          pos = length(end);
        }
        default -> skip(wire, end);
      }
    }
    leave();
  }

  /** google.protobuf.Timestamp, kept in lastSeconds and lastNanos. */
  private void timestamp(int end) {
    enter();
    long seen = 0;
    long s = 0;
    int n = 0;
    while (pos < end) {
      int tag = tag(end);
      int field = tag >>> 3;
      int wire = tag & 7;
      switch (field) {
        case Timestamp.SECONDS_FIELD_NUMBER -> {
          seen = once(seen, field);
          expect(wire, WIRE_VARINT);
          s = varint(end);
        }
        case Timestamp.NANOS_FIELD_NUMBER -> {
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
    lastSeconds = s;
    lastNanos = n;
    leave();
  }

  // --- Struct --------------------------------------------------------------------------------

  /** The tag of Struct.fields, ListValue.values and a map entry's value: each a length-delimited field. */
  private static final int STRUCT_FIELDS_TAG = (Struct.FIELDS_FIELD_NUMBER << 3) | WIRE_LEN;
  private static final int LIST_VALUES_TAG = (ListValue.VALUES_FIELD_NUMBER << 3) | WIRE_LEN;
  /** The field numbers of a map entry (protobuf's encoding of Struct.fields). */
  private static final int ENTRY_KEY = 1;
  private static final int ENTRY_VALUE = 2;

  /** A top-level Struct field: depth 1, a fresh budget of values. */
  private void checkedStruct(int end) {
    budget = options.maxStructValues();
    struct(end, 1);
  }

  private void struct(int end, int depth) {
    enterNested(depth);
    while (pos < end) {
      int tag = tag(end);
      if (tag == STRUCT_FIELDS_TAG) {
        entry(length(end), depth);
      } else {
        skip(tag & 7, end);
      }
    }
    leave();
  }

  /** Enters a Struct or ListValue, unless it is nested deeper than the options allow. */
  private void enterNested(int depth) {
    if (depth > options.maxStructDepth()) {
      throw GIVE_UP;
    }
    enter();
  }

  /** Spends one value of the current top-level Struct's budget. */
  private void spend() {
    if (--budget < 0) {
      throw GIVE_UP;
    }
  }

  /** A map entry of Struct.fields. Every entry spends budget, as a value would. */
  private void entry(int end, int depth) {
    enter();
    spend();
    long seen = 0;
    while (pos < end) {
      int tag = tag(end);
      int field = tag >>> 3;
      int wire = tag & 7;
      switch (field) {
        case ENTRY_KEY -> {
          seen = once(seen, field);
          string(wire, end, options.maxStringLength());
        }
        case ENTRY_VALUE -> {
          seen = once(seen, field);
          expect(wire, WIRE_LEN);
          structValue(length(end), depth);
        }
        default -> skip(wire, end);
      }
    }
    leave();
  }

  private void list(int end, int depth) {
    enterNested(depth);
    int values = 0;
    while (pos < end) {
      int tag = tag(end);
      if (tag == LIST_VALUES_TAG) {
        values = count(values);
        spend();
        structValue(length(end), depth);
      } else {
        skip(tag & 7, end);
      }
    }
    leave();
  }

  /** google.protobuf.Value: one kind only (protobuf keeps the last of several, merging messages). */
  private void structValue(int end, int depth) {
    enter();
    long seen = 0;
    while (pos < end) {
      int tag = tag(end);
      int field = tag >>> 3;
      int wire = tag & 7;
      if (field >= Value.NULL_VALUE_FIELD_NUMBER && field <= Value.LIST_VALUE_FIELD_NUMBER) {
        seen = once(seen, 0); // the six kinds are one oneof
      }
      switch (field) {
        case Value.NULL_VALUE_FIELD_NUMBER, Value.BOOL_VALUE_FIELD_NUMBER -> {
          expect(wire, WIRE_VARINT);
          varint(end);
        }
        case Value.NUMBER_VALUE_FIELD_NUMBER -> {
          if (!Double.isFinite(fixed64(wire, end))) {
            throw GIVE_UP;
          }
        }
        case Value.STRING_VALUE_FIELD_NUMBER -> string(wire, end, options.maxStringLength());
        case Value.STRUCT_VALUE_FIELD_NUMBER -> {
          expect(wire, WIRE_LEN);
          struct(length(end), depth + 1);
        }
        case Value.LIST_VALUE_FIELD_NUMBER -> {
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
   * Marks {@code bit} (0..63: a field, or a oneof, of a message) as seen; a second time gives up,
   * since protobuf would merge or replace what came first.
   */
  private static long once(long seen, int bit) {
    long mask = 1L << bit;
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
