package ai.chaukas.spec.toolkit.integrity;

import ai.chaukas.spec.toolkit.FieldPath;
import ai.chaukas.spec.toolkit.Reason;
import ai.chaukas.spec.toolkit.internal.ProtocNames;
import ai.chaukas.spec.toolkit.internal.json.JsonByteWriter;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The canonical JSON of a protobuf message under chaukas-hash-v1 ({@code docs/chaukas-hash-v1.md}): the
 * proto3 JSON mapping with original field names, enum names and default values left out, put into
 * RFC 8785 (JCS) form — keys sorted by UTF-16 code units, no whitespace, ECMAScript numbers,
 * minimal string escaping, UTF-8.
 *
 * <p>The bytes are written straight from the message: one field table per message type, sorted
 * once, no JSON text or tree in between. Messages that have no canonical form (NaN, unknown
 * fields, unknown enum numbers, lone surrogates, out-of-range timestamps, a Value without kind)
 * are refused with a {@link CanonicalFormException} naming the field.
 *
 * <p>Not public: {@link ContentHash} applies this to an event's hash input and gives its canonical
 * bytes and text. Thread-safe.
 */
final class CanonicalJson {

  private static final ConcurrentHashMap<Class<?>, Table> BY_CLASS = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<Descriptor, Table> BY_DESCRIPTOR = new ConcurrentHashMap<>();
  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
  private static final long MIN_SECONDS = -62_135_596_800L; // 0001-01-01T00:00:00Z
  private static final long MAX_SECONDS = 253_402_300_799L; // 9999-12-31T23:59:59Z

  private CanonicalJson() {}

  /** The canonical JSON of {@code message}, UTF-8. */
  static byte[] toBytes(Message message) {
    Writer w = new Writer(1024);
    w.root(message, null);
    return w.collected();
  }

  /** The canonical JSON of {@code message} as text. */
  static String toString(Message message) {
    return new String(toBytes(message), StandardCharsets.UTF_8);
  }

  /** The field table of {@code m}'s type, with fast accessors when m is a generated message. */
  static Table table(Message m) {
    Class<?> c = m.getClass();
    Descriptor type = m.getDescriptorForType();
    if (!(m instanceof DynamicMessage)) {
      Table t = BY_CLASS.get(c);
      if (t == null) {
        t = BY_CLASS.computeIfAbsent(c, k -> new Table(type, k, Set.of()));
      }
      if (t.type == type) {
        return t;
      }
    }
    Table t = BY_DESCRIPTOR.get(type);
    if (t == null) {
      t = BY_DESCRIPTOR.computeIfAbsent(type, d -> new Table(d, null, Set.of()));
    }
    return t;
  }

  /**
   * The fields of one message type, sorted by name (proto field names are ASCII, so String order
   * is RFC 8785's UTF-16 code unit order), optionally without some of them. When {@code owner} is
   * the generated class of the type, fields read through its public accessors instead of
   * protobuf reflection, which is several times slower.
   */
  static final class Table {
    final Descriptor type;
    final Class<?> owner;
    final Field[] fields;

    Table(Descriptor type, Class<?> owner, Set<String> excluded) {
      this.type = type;
      this.owner = owner;
      List<Field> list = new ArrayList<>();
      for (FieldDescriptor fd : type.getFields()) {
        if (!excluded.contains(fd.getName())) {
          list.add(new Field(fd, owner));
        }
      }
      list.sort(Comparator.comparing(f -> f.fd.getName()));
      fields = list.toArray(new Field[0]);
    }
  }

  /** How a field decides whether it is present and how its value is written. */
  enum Shape {
    /** Repeated (not map): present when non-empty, written as an array. */
    REPEATED,
    /** Map: present when non-empty, written as an object with sorted keys. */
    MAP,
    /** Singular with presence (messages, oneof members, proto3 optional): present when set. */
    PRESENCE,
    /** Singular proto3 scalar without presence: present when not the default value. */
    IMPLICIT
  }

  /** The kind of message a message-typed field holds. */
  enum Wkt {
    NONE,
    STRUCT,
    VALUE,
    LIST_VALUE,
    TIMESTAMP,
    UNSUPPORTED
  }

  /** Reads field {@code i} of a repeated field. */
  @FunctionalInterface
  interface Indexed {
    Object get(Object message, int i);
  }

  /** One field of a table: descriptor, shape, its pre-encoded {@code "name":} and accessors. */
  static final class Field {
    final FieldDescriptor fd;
    final Shape shape;
    final Wkt wkt;
    final byte[] key;
    /** Generated accessors; null where the field is read by reflection. */
    final Function<Object, Object> get;
    final Predicate<Object> has;
    final ToIntFunction<Object> count;
    final Indexed at;

    Field(FieldDescriptor fd, Class<?> owner) {
      this.fd = fd;
      if (fd.isMapField()) {
        shape = Shape.MAP;
      } else if (fd.isRepeated()) {
        shape = Shape.REPEATED;
      } else if (fd.hasPresence()) {
        shape = Shape.PRESENCE;
      } else {
        shape = Shape.IMPLICIT;
      }
      wkt = fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? wktOf(fd.getMessageType()) : Wkt.NONE;
      key = ("\"" + fd.getName() + "\":").getBytes(StandardCharsets.US_ASCII);
      String name = ProtocNames.javaName(fd.getName()) + (fd.getJavaType() == FieldDescriptor.JavaType.ENUM ? "Value" : "");
      boolean bind = owner != null && shape != Shape.MAP;
      Class<?> type = accessorType(fd);
      if (shape == Shape.REPEATED) {
        get = null;
        has = null;
        count = bind ? bind(owner, "get" + ProtocNames.javaName(fd.getName()) + "Count", int.class, ToIntFunction.class, "applyAsInt") : null;
        at = bind && count != null ? bind(owner, "get" + name, type, Indexed.class, "get", int.class) : null;
      } else {
        get = bind ? bind(owner, "get" + name, type, Function.class, "apply") : null;
        has = bind && shape == Shape.PRESENCE ? bind(owner, "has" + ProtocNames.javaName(fd.getName()), boolean.class, Predicate.class, "test") : null;
        count = null;
        at = null;
      }
    }
  }

  /** What the generated accessor of {@code fd} returns (enums: their number, from getXValue). */
  private static Class<?> accessorType(FieldDescriptor fd) {
    switch (fd.getJavaType()) {
      case INT:
      case ENUM:
        return int.class;
      case LONG:
        return long.class;
      case FLOAT:
        return float.class;
      case DOUBLE:
        return double.class;
      case BOOLEAN:
        return boolean.class;
      case STRING:
        return String.class;
      case BYTE_STRING:
        return ByteString.class;
      default:
        return Message.class;
    }
  }

  /**
   * The public method {@code name} of the generated class {@code owner} as an implementation of
   * {@code iface}; null (reflection then reads the field) unless it is an instance method
   * declared for the field — not one the base class also has, which protoc would have renamed —
   * returning {@code expected}.
   */
  @SuppressWarnings("unchecked")
  private static <T> T bind(
      Class<?> owner, String name, Class<?> expected, Class<T> iface, String sam, Class<?>... params) {
    try {
      Method method = owner.getMethod(name, params);
      if (Modifier.isStatic(method.getModifiers())
          || !expected.isAssignableFrom(method.getReturnType())
          || hasMethod(owner.getSuperclass(), name, params)) {
        return null;
      }
      MethodHandle target = LOOKUP.unreflect(method);
      Class<?> ret = method.getReturnType();
      MethodType samType;
      MethodType instantiated;
      if (iface == Function.class) {
        samType = MethodType.methodType(Object.class, Object.class);
        instantiated = MethodType.methodType(ret.isPrimitive() ? MethodType.methodType(ret).wrap().returnType() : ret, owner);
      } else if (iface == Predicate.class) {
        if (ret != boolean.class) {
          return null;
        }
        samType = MethodType.methodType(boolean.class, Object.class);
        instantiated = MethodType.methodType(boolean.class, owner);
      } else if (iface == ToIntFunction.class) {
        if (ret != int.class) {
          return null;
        }
        samType = MethodType.methodType(int.class, Object.class);
        instantiated = MethodType.methodType(int.class, owner);
      } else {
        samType = MethodType.methodType(Object.class, Object.class, int.class);
        instantiated =
            MethodType.methodType(ret.isPrimitive() ? MethodType.methodType(ret).wrap().returnType() : ret, owner, int.class);
      }
      CallSite site =
          LambdaMetafactory.metafactory(LOOKUP, sam, MethodType.methodType(iface), samType, target, instantiated);
      return (T) site.getTarget().invoke();
    } catch (Throwable e) {
      return null;
    }
  }

  private static boolean hasMethod(Class<?> type, String name, Class<?>... params) {
    try {
      type.getMethod(name, params);
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  static Wkt wktOf(Descriptor type) {
    switch (type.getFullName()) {
      case "google.protobuf.Struct":
        return Wkt.STRUCT;
      case "google.protobuf.Value":
        return Wkt.VALUE;
      case "google.protobuf.ListValue":
        return Wkt.LIST_VALUE;
      case "google.protobuf.Timestamp":
        return Wkt.TIMESTAMP;
      case "google.protobuf.Any":
      case "google.protobuf.Duration":
      case "google.protobuf.FieldMask":
      case "google.protobuf.DoubleValue":
      case "google.protobuf.FloatValue":
      case "google.protobuf.Int64Value":
      case "google.protobuf.UInt64Value":
      case "google.protobuf.Int32Value":
      case "google.protobuf.UInt32Value":
      case "google.protobuf.BoolValue":
      case "google.protobuf.StringValue":
      case "google.protobuf.BytesValue":
        return Wkt.UNSUPPORTED;
      default:
        return Wkt.NONE;
    }
  }

  /**
   * A refusal on its way up: each level adds its path segment, the top turns it into a {@link
   * CanonicalFormException}. No stack trace: refusals are answers, not bugs.
   */
  static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final Reason reason;
    final String detail;
    /** Innermost first: String field names, Integer indices, Key struct or map keys. */
    final transient List<Object> segments = new ArrayList<>(4);

    Refusal(Reason reason, String detail) {
      super(detail, null, false, false);
      this.reason = reason;
      this.detail = detail;
    }

    Refusal field(String name) {
      segments.add(name);
      return this;
    }

    Refusal index(int i) {
      segments.add(i);
      return this;
    }

    Refusal key(String k) {
      segments.add(new Key(k));
      return this;
    }

    CanonicalFormException toException() {
      return new CanonicalFormException(reason, path(), detail);
    }

    FieldPath path() {
      FieldPath path = FieldPath.root();
      for (int i = segments.size() - 1; i >= 0; i--) {
        Object s = segments.get(i);
        if (s instanceof Integer index) {
          path = path.index(index);
        } else if (s instanceof Key key) {
          path = path.key(key.name);
        } else {
          path = path.field((String) s);
        }
      }
      return path;
    }
  }

  private record Key(String name) {}

  /**
   * Writes the canonical bytes of messages into a reusable {@link JsonByteWriter}. In digest mode a
   * full buffer is fed to the digest, so an event of any size is hashed in constant memory;
   * otherwise the buffer grows.
   */
  static final class Writer {
    private final JsonByteWriter out;

    Writer(int capacity) {
      out = new JsonByteWriter(capacity);
    }

    /** Streams the next output into {@code d} (null: collect it in the buffer). */
    void digestInto(MessageDigest d) {
      out.digestInto(d);
    }

    /**
     * Writes {@code m} with {@code table}, or in its own JSON form when {@code table} is null;
     * turns a refusal into a CanonicalFormException.
     */
    void root(Message m, Table table) {
      try {
        if (table == null) {
          messageValue(wktOf(m.getDescriptorForType()), m);
        } else {
          message(m, table);
        }
      } catch (Refusal r) {
        out.discard();
        throw r.toException();
      }
      out.flush();
    }

    byte[] collected() {
      return out.toByteArray();
    }

    private static void checkUnknown(Message m) {
      if (!m.getUnknownFields().asMap().isEmpty()) {
        throw new Refusal(
            Reason.UNKNOWN_FIELD,
            "unknown field number(s) " + m.getUnknownFields().asMap().keySet() + " in "
                + m.getDescriptorForType().getFullName());
      }
    }

    private void message(Message m, Table table) {
      checkUnknown(m);
      out.put((byte) '{');
      boolean first = true;
      boolean generated = m.getClass() == table.owner;
      for (Field f : table.fields) {
        FieldDescriptor fd = f.fd;
        try {
          switch (f.shape) {
            case REPEATED: {
              boolean fast = generated && f.at != null;
              int n = fast ? f.count.applyAsInt(m) : m.getRepeatedFieldCount(fd);
              if (n == 0) {
                continue;
              }
              first = name(first, f);
              out.put((byte) '[');
              for (int i = 0; i < n; i++) {
                if (i > 0) {
                  out.put((byte) ',');
                }
                try {
                  value(f, fast ? f.at.get(m, i) : m.getRepeatedField(fd, i));
                } catch (Refusal r) {
                  throw r.index(i);
                }
              }
              out.put((byte) ']');
              break;
            }
            case MAP: {
              int n = m.getRepeatedFieldCount(fd);
              if (n == 0) {
                continue;
              }
              first = name(first, f);
              map(m, fd, n);
              break;
            }
            case PRESENCE:
              if (!(generated && f.has != null ? f.has.test(m) : m.hasField(fd))) {
                continue;
              }
              first = name(first, f);
              value(f, generated && f.get != null ? f.get.apply(m) : m.getField(fd));
              break;
            case IMPLICIT: {
              Object v = generated && f.get != null ? f.get.apply(m) : m.getField(fd);
              if (isDefault(v)) {
                continue;
              }
              first = name(first, f);
              value(f, v);
              break;
            }
          }
        } catch (Refusal r) {
          throw r.field(fd.getName());
        }
      }
      out.put((byte) '}');
    }

    private boolean name(boolean first, Field f) {
      if (!first) {
        out.put((byte) ',');
      }
      out.put(f.key);
      return false;
    }

    private static boolean isDefault(Object v) {
      if (v instanceof String) {
        return ((String) v).isEmpty();
      } else if (v instanceof Integer) {
        return (Integer) v == 0;
      } else if (v instanceof Long) {
        return (Long) v == 0L;
      } else if (v instanceof Boolean) {
        return !(Boolean) v;
      } else if (v instanceof Double) {
        // -0.0 is not the default: proto3 serializes it, so it is present (and prints as 0).
        return Double.doubleToRawLongBits((Double) v) == 0L;
      } else if (v instanceof Float) {
        return Float.floatToRawIntBits((Float) v) == 0;
      } else if (v instanceof EnumValueDescriptor) {
        return ((EnumValueDescriptor) v).getNumber() == 0;
      } else if (v instanceof ByteString) {
        return ((ByteString) v).isEmpty();
      }
      throw new IllegalStateException("unexpected scalar " + v.getClass());
    }

    /** One value of field {@code f} (a scalar, or a message of the field's type). */
    private void value(Field f, Object v) {
      FieldDescriptor fd = f.fd;
      switch (fd.getType()) {
        case STRING:
          string((String) v);
          break;
        case MESSAGE:
        case GROUP:
          messageValue(f.wkt, (Message) v);
          break;
        case ENUM:
          enumValue(fd, v instanceof Integer ? (Integer) v : ((EnumValueDescriptor) v).getNumber());
          break;
        case DOUBLE:
          number((Double) v);
          break;
        case FLOAT:
          floatNumber((Float) v);
          break;
        case BOOL:
          out.bool((Boolean) v);
          break;
        case INT32:
        case SINT32:
        case SFIXED32:
          out.integer((Integer) v);
          break;
        case UINT32:
        case FIXED32:
          out.integer(Integer.toUnsignedLong((Integer) v));
          break;
        case INT64:
        case SINT64:
        case SFIXED64:
          out.put((byte) '"');
          out.integer((Long) v);
          out.put((byte) '"');
          break;
        case UINT64:
        case FIXED64:
          out.put((byte) '"');
          out.unsignedInteger((Long) v);
          out.put((byte) '"');
          break;
        case BYTES:
          out.base64(((ByteString) v).toByteArray());
          break;
      }
    }

    private void enumValue(FieldDescriptor fd, int number) {
      EnumValueDescriptor known = fd.getEnumType().findValueByNumber(number);
      if (known == null) {
        throw new Refusal(
            Reason.UNKNOWN_ENUM_VALUE, number + " is not a value of " + fd.getEnumType().getFullName());
      }
      out.put((byte) '"');
      out.put(known.getName().getBytes(StandardCharsets.US_ASCII));
      out.put((byte) '"');
    }

    private void number(double d) {
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new Refusal(Reason.NOT_FINITE, d + " is not a JSON number");
      }
      out.number(d);
    }

    private void floatNumber(float f) {
      if (Float.isNaN(f) || Float.isInfinite(f)) {
        throw new Refusal(Reason.NOT_FINITE, f + " is not a JSON number");
      }
      // proto3 JSON prints a float with the fewest digits that read back as the same float;
      // that decimal (at most 9 digits) is then a double, printed the ECMAScript way.
      number(shortestFloat(f));
    }

    private void messageValue(Wkt wkt, Message m) {
      switch (wkt) {
        case STRUCT:
          struct(m instanceof Struct ? (Struct) m : reparse(m, Struct.parser()));
          break;
        case VALUE:
          jsonValue(m instanceof Value ? (Value) m : reparse(m, Value.parser()));
          break;
        case LIST_VALUE:
          list(m instanceof ListValue ? (ListValue) m : reparse(m, ListValue.parser()));
          break;
        case TIMESTAMP:
          timestamp(m instanceof Timestamp ? (Timestamp) m : reparse(m, Timestamp.parser()));
          break;
        case UNSUPPORTED:
          throw new Refusal(
              Reason.UNSUPPORTED_TYPE,
              m.getDescriptorForType().getFullName() + " has no canonical form in chaukas-hash-v1");
        case NONE:
          message(m, table(m));
          break;
      }
    }

    private static <T> T reparse(Message m, Parser<T> parser) {
      try {
        return parser.parseFrom(m.toByteString());
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("cannot read " + m.getDescriptorForType().getFullName(), e);
      }
    }

    private void struct(Struct s) {
      checkUnknown(s);
      Map<String, Value> fields = s.getFieldsMap();
      int n = fields.size();
      out.put((byte) '{');
      if (n > 0) {
        String[] keys = fields.keySet().toArray(new String[n]);
        if (n > 1) {
          Arrays.sort(keys); // String order is UTF-16 code unit order, as RFC 8785 requires
        }
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            out.put((byte) ',');
          }
          String k = keys[i];
          try {
            string(k);
            out.put((byte) ':');
            jsonValue(fields.get(k));
          } catch (Refusal r) {
            throw r.key(k);
          }
        }
      }
      out.put((byte) '}');
    }

    private void list(ListValue l) {
      checkUnknown(l);
      out.put((byte) '[');
      int n = l.getValuesCount();
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          out.put((byte) ',');
        }
        try {
          jsonValue(l.getValues(i));
        } catch (Refusal r) {
          throw r.index(i);
        }
      }
      out.put((byte) ']');
    }

    private void jsonValue(Value v) {
      checkUnknown(v);
      switch (v.getKindCase()) {
        case NULL_VALUE:
          if (v.getNullValueValue() != 0) {
            throw new Refusal(
                Reason.UNKNOWN_ENUM_VALUE,
                v.getNullValueValue() + " is not a value of google.protobuf.NullValue");
          }
          out.nullValue();
          break;
        case NUMBER_VALUE:
          number(v.getNumberValue());
          break;
        case STRING_VALUE:
          string(v.getStringValue());
          break;
        case BOOL_VALUE:
          out.bool(v.getBoolValue());
          break;
        case STRUCT_VALUE:
          struct(v.getStructValue());
          break;
        case LIST_VALUE:
          list(v.getListValue());
          break;
        case KIND_NOT_SET:
        default:
          throw new Refusal(Reason.VALUE_WITHOUT_KIND, "google.protobuf.Value has no kind set");
      }
    }

    private void timestamp(Timestamp t) {
      checkUnknown(t);
      long seconds = t.getSeconds();
      int nanos = t.getNanos();
      if (seconds < MIN_SECONDS || seconds > MAX_SECONDS || nanos < 0 || nanos > 999_999_999) {
        throw new Refusal(
            Reason.INVALID_TIMESTAMP,
            "Timestamp{seconds=" + seconds + ", nanos=" + nanos
                + "} is outside 0001-01-01T00:00:00Z … 9999-12-31T23:59:59.999999999Z");
      }
      out.timestamp(seconds, nanos);
    }

    private void map(Message m, FieldDescriptor fd, int n) {
      Descriptor entryType = fd.getMessageType();
      FieldDescriptor keyFd = entryType.findFieldByNumber(1);
      FieldDescriptor valueFd = entryType.findFieldByNumber(2);
      Field valueField = new Field(valueFd, null);
      String[] keys = new String[n];
      Message[] entries = new Message[n];
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        entries[i] = (Message) m.getRepeatedField(fd, i);
        keys[i] = mapKey(keyFd, entries[i].getField(keyFd));
        order[i] = i;
      }
      Arrays.sort(order, Comparator.comparing(i -> keys[i]));
      out.put((byte) '{');
      for (int j = 0; j < n; j++) {
        int i = order[j];
        if (j > 0) {
          out.put((byte) ',');
        }
        try {
          string(keys[i]);
          out.put((byte) ':');
          value(valueField, entries[i].getField(valueFd));
        } catch (Refusal r) {
          throw r.key(keys[i]);
        }
      }
      out.put((byte) '}');
    }

    private static String mapKey(FieldDescriptor keyFd, Object key) {
      switch (keyFd.getType()) {
        case UINT32:
        case FIXED32:
          return Integer.toUnsignedString((Integer) key);
        case UINT64:
        case FIXED64:
          return Long.toUnsignedString((Long) key);
        default:
          return String.valueOf(key);
      }
    }

    /** A JSON string: RFC 8785 escaping, UTF-8; a lone surrogate is refused. */
    private void string(String s) {
      int lone = out.string(s);
      if (lone >= 0) {
        throw new Refusal(
            Reason.INVALID_STRING,
            String.format("lone surrogate U+%04X at character %d: not valid Unicode", (int) s.charAt(lone), lone));
      }
    }
  }

  /** The double whose value is the shortest decimal that reads back as {@code f}. */
  static double shortestFloat(float f) {
    if (f == 0) {
      return 0.0;
    }
    BigDecimal exact = new BigDecimal(f);
    for (int p = 1; p <= 9; p++) {
      BigDecimal lo = exact.round(new MathContext(p, RoundingMode.FLOOR));
      BigDecimal hi = exact.round(new MathContext(p, RoundingMode.CEILING));
      boolean loOk = Float.parseFloat(lo.toString()) == f;
      boolean hiOk = Float.parseFloat(hi.toString()) == f;
      if (loOk && hiOk && lo.compareTo(hi) != 0) {
        int c = exact.subtract(lo).compareTo(hi.subtract(exact));
        BigDecimal pick = c < 0 ? lo : c > 0 ? hi : (lo.unscaledValue().testBit(0) ? hi : lo);
        return pick.doubleValue();
      } else if (loOk || hiOk) {
        return (loOk ? lo : hi).doubleValue();
      }
    }
    return f;
  }
}
