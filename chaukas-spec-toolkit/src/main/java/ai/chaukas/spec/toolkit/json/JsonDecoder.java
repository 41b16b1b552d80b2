package ai.chaukas.spec.toolkit.json;

import ai.chaukas.spec.toolkit.Reason;
import ai.chaukas.spec.toolkit.internal.json.JsonCharWriter;
import ai.chaukas.spec.toolkit.internal.json.JsonStrings;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.FieldMask;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.FieldMaskUtil;
import com.google.protobuf.util.JsonFormat;
import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.text.ParseException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streaming JSON to protobuf, for both JSON forms: tokens go from Gson's {@link JsonReader}
 * straight into {@link Message.Builder}s, guided by the cached {@link MessageInfo} tables; no JSON
 * tree is built. What the two forms spell differently comes from their {@link Dialect}, which
 * reads through the package-private methods here. Recursion depth is checked before every object
 * or array is entered, so it is bounded by {@link JsonLimits#maxDepth()}; the length of a string is
 * bounded while Gson reads it ({@link TokenLengthGuard}), and the number of values is checked
 * before the decoder builds anything for them. Every problem is a {@link JsonDecodeException} with
 * its {@link Reason} and path. Not thread-safe: one instance per call or per reader.
 */
final class JsonDecoder {

  /** What a codec decodes with; immutable, shared by all calls of the codec. */
  record Options(
      Dialect dialect,
      JsonLimits limits,
      JsonFormat.TypeRegistry registry,
      boolean ignoringUnknownFields,
      boolean lenientTimestamps) {}

  private static final String TYPE_KEY = "@type";
  private static final String ANY_VALUE_KEY = "value";
  /** Longer number text is refused before BigDecimal, whose parsing time grows with length. */
  private static final int MAX_NUMBER_LENGTH = 1000;
  private static final int MAX_SHOWN_LENGTH = 60;
  private static final Value NULL_VALUE = Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
  private static final Pattern GSON_LOCATION = Pattern.compile(" at line \\d+ column \\d+");
  /** Strict Gson's message for text outside strings that is not JSON, such as a number too long for it. */
  private static final String GSON_REFUSAL = "Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON";

  private final Options options;
  private final int maxDepth;
  private final int maxStringLength;
  private final int maxValues;
  private final PathStack path = new PathStack();
  /** The form being read: the codec's, or proto3 JSON inside an Any. */
  private Dialect dialect;
  private JsonReader in;
  private int depth;
  private TokenLengthGuard guard;
  private int values;
  /** False while buffered text is read again: its values were counted when it was buffered. */
  private boolean counting;
  /** The simple name of the message being decoded, for the message of {@link #countValue}. */
  private String rootName;

  JsonDecoder(Options options) {
    this.options = options;
    this.maxDepth = options.limits().maxDepth();
    this.maxStringLength = options.limits().maxStringLength();
    this.maxValues = options.limits().maxValues();
  }

  /** Body of a nested read, for {@link #reparse}. */
  private interface Body {
    void run() throws IOException;
  }

  /** The members of an object that had to be buffered, and the discriminator found among them. */
  private record Buffered(String json, String discriminator) {}

  /** Reads one JSON value, and nothing but whitespace after it, from {@code json}. */
  void merge(String json, Message.Builder builder) throws JsonDecodeException {
    try {
      merge(new StringReader(json), builder);
    } catch (IOException e) {
      throw new UncheckedIOException("a StringReader does not fail", e);
    }
  }

  /**
   * Reads one JSON value, and nothing but whitespace after it, from {@code source} into {@code
   * builder}. A {@link BadInputException} from {@code source}, such as malformed UTF-8 in a JSON
   * Lines line, is reported with its reason at the path being read.
   *
   * @throws IOException only when {@code source} fails
   */
  void merge(Reader source, Message.Builder builder) throws IOException, JsonDecodeException {
    guard = new TokenLengthGuard(source, maxStringLength);
    in = configure(new JsonReader(guard));
    dialect = options.dialect();
    depth = 0;
    values = 0;
    counting = true;
    rootName = builder.getDescriptorForType().getName();
    path.clear();
    try {
      MessageInfo info = MessageInfo.of(builder.getDescriptorForType());
      if (info.wellKnown == MessageInfo.WellKnown.NONE) {
        mergeObject(info, builder);
      } else {
        builder.mergeFrom(readMessage(info, builder, null));
      }
      expectEndOfInput();
    } catch (MalformedJsonException | EOFException e) {
      if (String.valueOf(e.getMessage()).startsWith(GSON_REFUSAL) && guard.inOverlongNumber()) {
        throw error(Reason.LIMIT_EXCEEDED, "number longer than " + TokenLengthGuard.MAX_NUMBER_LENGTH
            + " characters, more than any double or integer needs", e);
      }
      throw error(Reason.MALFORMED, "malformed JSON: " + gsonProblem(e), e);
    } catch (BadInputException e) {
      throw error(e.reason(), e.getMessage(), e);
    } finally {
      in = null;
      guard = null;
    }
  }

  private JsonReader configure(JsonReader reader) {
    reader.setStrictness(Strictness.STRICT);
    // Our own check runs first; Gson's is a backstop at the same depth.
    reader.setNestingLimit(maxDepth);
    return reader;
  }

  private void expectEndOfInput() throws IOException {
    try {
      if (in.peek() == JsonToken.END_DOCUMENT) {
        return;
      }
    } catch (MalformedJsonException e) {
      // Strict Gson reports text after the value as malformed; say what it is instead.
      throw error(Reason.MALFORMED, "unexpected text after the JSON value" + gsonLocation(e), e);
    }
    throw error(Reason.MALFORMED, "unexpected text after the JSON value");
  }

  /** Gson's message without its lenient-mode advice, its path (ours is better) and its URL. */
  private static String gsonProblem(IOException e) {
    String message = String.valueOf(e.getMessage());
    int see = message.indexOf("\nSee ");
    if (see >= 0) {
      message = message.substring(0, see);
    }
    int gsonPath = message.lastIndexOf(" path $");
    if (gsonPath >= 0) {
      message = message.substring(0, gsonPath);
    }
    message = message.replace(GSON_REFUSAL, "unexpected character");
    // Most documents, and every JSON Lines line, are one line: the column says it all.
    message = message.replace(" at line 1 column ", " at column ");
    return message.isEmpty() ? message : Character.toLowerCase(message.charAt(0)) + message.substring(1);
  }

  private static String gsonLocation(IOException e) {
    Matcher matcher = GSON_LOCATION.matcher(String.valueOf(e.getMessage()));
    return matcher.find() ? matcher.group().replace(" at line 1 column ", " at column ") : "";
  }

  // ---- objects and fields --------------------------------------------------------------------

  private void mergeObject(MessageInfo info, Message.Builder builder) throws IOException {
    beginObject("an object (" + info.fullName + ")");
    mergeMembers(info, builder, null, false);
    endObject();
  }

  /**
   * Reads the remaining members of an open object into {@code builder}. {@code discriminator}
   * names a member that belongs to the enclosing construct ({@code @type} of an Any, {@code kind}
   * of an OpenAPI content object): it is skipped once, and refused if {@code discriminatorRead}
   * says it was read already.
   */
  private void mergeMembers(
      MessageInfo info, Message.Builder builder, String discriminator, boolean discriminatorRead)
      throws IOException {
    boolean[] seen = new boolean[info.fields.length];
    FieldInfo[] oneofMembers = null;
    boolean contentSeen = false;
    while (in.hasNext()) {
      String name = nextName();
      if (name.equals(discriminator)) {
        path.pushField(name);
        if (discriminatorRead) {
          throw error(Reason.INVALID_VALUE, "\"" + name + "\" is given more than once");
        }
        discriminatorRead = true;
        skipToken();
        path.pop();
        continue;
      }
      FieldInfo field = dialect.field(info, name);
      if (field == null) {
        ContentOneof tagged = dialect.taggedOneof(info, name);
        if (tagged != null) {
          path.pushField(name);
          if (contentSeen) {
            throw error(Reason.INVALID_VALUE, "\"" + name + "\" is given more than once");
          }
          contentSeen = true;
          readContent(tagged, builder);
        } else {
          path.pushKey(name);
          if (!options.ignoringUnknownFields()) {
            throw error(Reason.UNKNOWN_FIELD, "unknown field \"" + shown(name) + "\" in " + info.fullName
                + dialect.unknownFieldHint(info, name));
          }
          skipValue();
        }
        path.pop();
        continue;
      }
      path.pushField(field.name);
      if (seen[field.index]) {
        throw error(Reason.INVALID_VALUE, dialect.duplicateFieldProblem());
      }
      seen[field.index] = true;
      if (in.peek() == JsonToken.NULL && (field.repeated || !acceptsNull(field))) {
        // null means "not set" for every field except those of the types that spell null.
        nextNull();
        path.pop();
        continue;
      }
      if (field.oneof != null) {
        if (oneofMembers == null) {
          oneofMembers = new FieldInfo[info.descriptor.getOneofs().size()];
        }
        FieldInfo other = oneofMembers[field.oneof.getIndex()];
        if (other != null) {
          throw error(Reason.INVALID_VALUE,
              "\"" + other.name + "\" is set already; both belong to oneof " + field.oneof.getName()
                  + ", of which at most one may be set");
        }
        oneofMembers[field.oneof.getIndex()] = field;
      }
      if (field.map) {
        readMap(field, builder);
      } else if (field.repeated) {
        readRepeated(field, builder);
      } else {
        Object value = readSingular(field, builder);
        if (value != null) {
          builder.setField(field.descriptor, value);
        }
      }
      path.pop();
    }
  }

  /** Whether JSON null is a value of the field's type rather than "not set". */
  private static boolean acceptsNull(FieldInfo field) {
    return switch (field.kind) {
      case MESSAGE -> field.message().wellKnown == MessageInfo.WellKnown.VALUE;
      case ENUM -> field.enumInfo.isNullValue;
      default -> false;
    };
  }

  private void readRepeated(FieldInfo field, Message.Builder builder) throws IOException {
    beginArray("an array of " + field.expected());
    path.pushIndex(0);
    for (int i = 0; in.hasNext(); i++) {
      path.setIndex(i);
      if (in.peek() == JsonToken.NULL && !acceptsNull(field)) {
        throw error(Reason.INVALID_VALUE, "null is not allowed in an array of " + field.expected());
      }
      Object value = readSingular(field, builder);
      if (value != null) {
        builder.addRepeatedField(field.descriptor, value);
      }
    }
    path.pop();
    endArray();
  }

  private void readMap(FieldInfo field, Message.Builder builder) throws IOException {
    FieldInfo keyField = field.mapKey();
    FieldInfo valueField = field.mapValue();
    beginObject("an object (map of " + valueField.expected() + ")");
    while (in.hasNext()) {
      String key = nextName();
      path.pushKey(key);
      Object keyValue = parseMapKey(keyField, key);
      if (in.peek() == JsonToken.NULL && !acceptsNull(valueField)) {
        throw error(Reason.INVALID_VALUE, "null is not allowed as a map value");
      }
      Message.Builder entry = builder.newBuilderForField(field.descriptor);
      Object value = readSingular(valueField, entry);
      if (value != null) {
        entry.setField(keyField.descriptor, keyValue);
        entry.setField(valueField.descriptor, value);
        builder.addRepeatedField(field.descriptor, entry.build());
      }
      path.pop();
    }
    endObject();
  }

  private Object parseMapKey(FieldInfo keyField, String key) {
    return switch (keyField.kind) {
      case STRING -> key;
      case BOOL -> switch (key) {
        case "true" -> Boolean.TRUE;
        case "false" -> Boolean.FALSE;
        default -> throw error(Reason.INVALID_VALUE, "map key must be \"true\" or \"false\"");
      };
      case INT32 -> (int) integerInRange(keyField, key, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case UINT32 -> (int) integerInRange(keyField, key, 0, 0xFFFF_FFFFL);
      case INT64 -> integerInRange(keyField, key, Long.MIN_VALUE, Long.MAX_VALUE);
      case UINT64 -> unsigned64(keyField, key);
      default -> throw error(Reason.INVALID_VALUE, "map keys of type " + keyField.kind + " are not supported");
    };
  }

  /**
   * Reads one value of the field's type; returns null for an unknown enum name that is being
   * ignored.
   */
  private Object readSingular(FieldInfo field, Message.Builder parent) throws IOException {
    return switch (field.kind) {
      case INT32 -> (int) integerInRange(field, numberText(field), Integer.MIN_VALUE, Integer.MAX_VALUE);
      case UINT32 -> (int) integerInRange(field, numberText(field), 0, 0xFFFF_FFFFL);
      case INT64 -> integerInRange(field, numberText(field), Long.MIN_VALUE, Long.MAX_VALUE);
      case UINT64 -> unsigned64(field, numberText(field));
      case BOOL -> readBoolean(field);
      case FLOAT -> readFloat(field);
      case DOUBLE -> readDouble(field);
      case STRING -> readString(field.expected());
      case BYTES -> readBytes(field);
      case ENUM -> readEnum(field);
      case MESSAGE -> readMessage(field.message(), parent, field.descriptor);
    };
  }

  // ---- scalars --------------------------------------------------------------------------------

  private String readString(String expected) throws IOException {
    JsonToken token = in.peek();
    if (token != JsonToken.STRING) {
      throw wrongType(expected, token);
    }
    return nextString();
  }

  private boolean readBoolean(FieldInfo field) throws IOException {
    JsonToken token = in.peek();
    if (token != JsonToken.BOOLEAN) {
      throw wrongType(field.expected(), token);
    }
    return nextBoolean();
  }

  private ByteString readBytes(FieldInfo field) throws IOException {
    String text = readString(field.expected());
    try {
      return ByteString.copyFrom(Base64.getDecoder().decode(text));
    } catch (IllegalArgumentException notStandard) {
      try {
        return ByteString.copyFrom(Base64.getUrlDecoder().decode(text));
      } catch (IllegalArgumentException notUrlSafe) {
        throw error(Reason.INVALID_VALUE, "not valid base64: " + notUrlSafe.getMessage());
      }
    }
  }

  /** Returns the text of an integer: a JSON number, or what the dialect takes instead. */
  private String numberText(FieldInfo field) throws IOException {
    JsonToken token = in.peek();
    return token == JsonToken.NUMBER ? nextNumber() : dialect.integerNotNumber(this, field, token);
  }

  long integerInRange(FieldInfo field, String text, long min, long max) {
    long value;
    if (isShortPlainInteger(text)) {
      value = Long.parseLong(text);
    } else {
      BigInteger big = integerValue(text);
      if (big == null) {
        throw notAnInteger(field, text);
      }
      if (big.bitLength() > 63) {
        throw outOfRange(field, text);
      }
      value = big.longValue();
    }
    if (value < min || value > max) {
      throw outOfRange(field, text);
    }
    return value;
  }

  private long unsigned64(FieldInfo field, String text) {
    if (isShortPlainInteger(text)) {
      long value = Long.parseLong(text);
      if (value < 0) {
        throw outOfRange(field, text);
      }
      return value;
    }
    BigInteger big = integerValue(text);
    if (big == null) {
      throw notAnInteger(field, text);
    }
    if (big.signum() < 0 || big.bitLength() > 64) {
      throw outOfRange(field, text);
    }
    return big.longValue();
  }

  /** Up to 18 digits with an optional minus: the common case, which cannot overflow a long. */
  static boolean isShortPlainInteger(String text) {
    int start = text.startsWith("-") ? 1 : 0;
    int length = text.length();
    if (length == start || length - start > 18) {
      return false;
    }
    for (int i = start; i < length; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the value of whole-number text in any notation JSON or proto3 allows ({@code 1e3},
   * {@code 42.0}, {@code "+7"}), or null when it is no number or not whole. Magnitudes beyond 20
   * digits come back as ±2^70, which every caller rejects as out of range, so that {@code 1e999999}
   * never becomes a million-digit BigInteger.
   */
  private static BigInteger integerValue(String text) {
    if (text.length() > MAX_NUMBER_LENGTH) {
      return null;
    }
    BigDecimal decimal;
    try {
      decimal = new BigDecimal(text);
    } catch (NumberFormatException e) {
      return null;
    }
    if (decimal.signum() == 0) {
      return BigInteger.ZERO;
    }
    long integerDigits = (long) decimal.precision() - decimal.scale();
    if (integerDigits > 20) {
      BigInteger tooLarge = BigInteger.ONE.shiftLeft(70);
      return decimal.signum() < 0 ? tooLarge.negate() : tooLarge;
    }
    if (integerDigits <= 0) {
      return null;
    }
    try {
      return decimal.toBigIntegerExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private JsonDecodeException notAnInteger(FieldInfo field, String text) {
    return error(Reason.INVALID_VALUE, "expected " + field.expected() + " but found \"" + shown(text) + "\"");
  }

  private JsonDecodeException outOfRange(FieldInfo field, String text) {
    return error(Reason.INVALID_VALUE, shown(text) + " is out of range for " + field.kind.name().toLowerCase());
  }

  private double readDouble(FieldInfo field) throws IOException {
    JsonToken token = in.peek();
    if (token != JsonToken.NUMBER) {
      return dialect.floatingNotNumber(this, field, token);
    }
    // Gson has checked the JSON number syntax.
    return finite(field, Double.parseDouble(nextNumber()));
  }

  /** Returns {@code value}, unless reading a decimal beyond the range of a double made it infinite. */
  double finite(FieldInfo field, double value) {
    if (Double.isInfinite(value)) {
      throw outOfRange(field, String.valueOf(value));
    }
    return value;
  }

  /**
   * Parses a decimal number in a string. BigDecimal decides what is a number (its syntax is the
   * one protobuf accepts); Double.parseDouble gives the value, so that {@code "-0.0"} keeps its
   * sign as it does outside a string.
   */
  double decimalInString(FieldInfo field, String text) {
    try {
      if (text.length() <= MAX_NUMBER_LENGTH) {
        new BigDecimal(text);
        return Double.parseDouble(text);
      }
    } catch (NumberFormatException e) {
      // Reported below, like too long text.
    }
    throw error(Reason.INVALID_VALUE, "expected " + field.expected() + " but found \"" + shown(text) + "\"");
  }

  private float readFloat(FieldInfo field) throws IOException {
    double value = readDouble(field);
    // Printed floats may round to slightly beyond the float range; protobuf tolerates 1e-6.
    if (Double.isFinite(value) && Math.abs(value) > Float.MAX_VALUE * (1.0 + 1e-6)) {
      throw outOfRange(field, String.valueOf(value));
    }
    return (float) value;
  }

  private EnumValueDescriptor readEnum(FieldInfo field) throws IOException {
    EnumInfo info = field.enumInfo;
    JsonToken token = in.peek();
    if (token == JsonToken.NULL && info.isNullValue) {
      nextNull();
      return info.descriptor.findValueByNumber(0);
    }
    return dialect.enumValue(this, field, token);
  }

  /** Returns null (value ignored) or throws, depending on {@code ignoringUnknownFields}. */
  EnumValueDescriptor unknownEnumValue(EnumInfo info, String name) {
    if (options.ignoringUnknownFields()) {
      return null;
    }
    throw error(Reason.UNKNOWN_ENUM_VALUE, "unknown enum value \"" + shown(name) + "\" for " + info.fullName
        + " (expected one of " + dialect.enumNames(info) + ")" + dialect.unknownEnumHint(info, name));
  }

  // ---- messages and well-known types ------------------------------------------------------------

  /**
   * Reads a value of a message type. {@code field} is null for the root, whose builder is then
   * {@code parent} itself.
   */
  private Message readMessage(MessageInfo info, Message.Builder parent, FieldDescriptor field)
      throws IOException {
    return switch (info.wellKnown) {
      case NONE -> {
        Message.Builder builder = newBuilder(parent, field);
        mergeObject(info, builder);
        yield builder.build();
      }
      case TIMESTAMP -> convert(readTimestamp(), info, parent, field);
      case DURATION -> convert(readDuration(), info, parent, field);
      case FIELD_MASK -> convert(readFieldMask(), info, parent, field);
      case STRUCT -> convert(readStruct(), info, parent, field);
      case VALUE -> convert(readValue(), info, parent, field);
      case LIST_VALUE -> convert(readListValue(), info, parent, field);
      case WRAPPER -> {
        Message.Builder builder = newBuilder(parent, field);
        FieldInfo valueField = info.fields[0];
        Object value = readSingular(valueField, builder);
        if (value != null) {
          builder.setField(valueField.descriptor, value);
        }
        yield builder.build();
      }
      case ANY -> readAny(info, newBuilder(parent, field));
    };
  }

  private static Message.Builder newBuilder(Message.Builder parent, FieldDescriptor field) {
    return field == null
        ? parent.getDefaultInstanceForType().newBuilderForType()
        : parent.newBuilderForField(field);
  }

  /**
   * Returns {@code message}, a generated well-known type, as an instance of the target type, which
   * differs only when the target comes from another descriptor pool (e.g. a DynamicMessage).
   */
  private Message convert(Message message, MessageInfo target, Message.Builder parent, FieldDescriptor field) {
    if (message.getDescriptorForType() == target.descriptor) {
      return message;
    }
    try {
      return newBuilder(parent, field).mergeFrom(message.toByteString()).build();
    } catch (InvalidProtocolBufferException e) {
      throw error(Reason.INVALID_VALUE, target.fullName + " does not have the shape of the well-known type", e);
    }
  }

  private Timestamp readTimestamp() throws IOException {
    String text = readString("an RFC 3339 timestamp string");
    try {
      return Rfc3339.parse(text, options.lenientTimestamps());
    } catch (IllegalArgumentException e) {
      throw error(Reason.INVALID_TIMESTAMP, "invalid timestamp \"" + shown(text) + "\": " + e.getMessage());
    }
  }

  private Duration readDuration() throws IOException {
    String text = readString("a duration string such as \"1.5s\"");
    try {
      return Durations.parse(text);
    } catch (ParseException | IllegalArgumentException e) {
      throw error(Reason.INVALID_VALUE,
          "invalid duration \"" + shown(text) + "\": expected seconds with an s suffix, such as \"1.5s\"");
    }
  }

  private FieldMask readFieldMask() throws IOException {
    String text = readString("a field mask string such as \"a.b,c\"");
    try {
      return FieldMaskUtil.fromJsonString(text);
    } catch (IllegalArgumentException e) {
      throw error(Reason.INVALID_VALUE, "invalid field mask \"" + shown(text) + "\": " + e.getMessage());
    }
  }

  private Struct readStruct() throws IOException {
    beginObject("an object (google.protobuf.Struct)");
    Struct.Builder struct = Struct.newBuilder();
    while (in.hasNext()) {
      String key = nextName();
      path.pushKey(key);
      struct.putFields(key, readValue());
      path.pop();
    }
    endObject();
    return struct.build();
  }

  private Value readValue() throws IOException {
    JsonToken token = in.peek();
    return switch (token) {
      case BEGIN_OBJECT -> Value.newBuilder().setStructValue(readStruct()).build();
      case BEGIN_ARRAY -> Value.newBuilder().setListValue(readListValue()).build();
      case STRING -> Value.newBuilder().setStringValue(nextString()).build();
      case NUMBER -> Value.newBuilder().setNumberValue(readValueNumber()).build();
      case BOOLEAN -> Value.newBuilder().setBoolValue(nextBoolean()).build();
      case NULL -> {
        nextNull();
        yield NULL_VALUE;
      }
      default -> throw wrongType("a JSON value", token);
    };
  }

  /**
   * Reads the number of a Value. One beyond the range of a double is refused, not made infinite:
   * JSON cannot hold a non-finite Value number, so it could never be printed.
   */
  private double readValueNumber() throws IOException {
    String text = nextNumber();
    double value = Double.parseDouble(text);
    if (!Double.isFinite(value)) {
      throw error(Reason.NOT_FINITE,
          "number " + shown(text) + " is out of range of a double; google.protobuf.Value numbers must be finite");
    }
    return value;
  }

  private ListValue readListValue() throws IOException {
    beginArray("an array (google.protobuf.ListValue)");
    ListValue.Builder list = ListValue.newBuilder();
    path.pushIndex(0);
    for (int i = 0; in.hasNext(); i++) {
      path.setIndex(i);
      list.addValues(readValue());
    }
    path.pop();
    endArray();
    return list.build();
  }

  /**
   * Reads a google.protobuf.Any: {@code {"@type": url, ...fields of the packed message}}, or
   * {@code {"@type": url, "value": ...}} when the packed message is itself a well-known type. The
   * packed message is proto3 JSON in both forms. {@code @type} usually comes first and is then
   * read in one pass; otherwise the object is buffered until the type is known.
   */
  private Message readAny(MessageInfo info, Message.Builder any) throws IOException {
    beginObject("an object with \"@type\" (google.protobuf.Any)");
    if (!in.hasNext()) {
      endObject();
      return any.build();
    }
    String first = nextName();
    if (first.equals(TYPE_KEY)) {
      path.pushField(TYPE_KEY);
      String typeUrl = readString("a type URL string");
      Descriptor type = resolveType(typeUrl);
      path.pop();
      mergeAnyPayload(info, any, typeUrl, type, true);
      endObject();
      return any.build();
    }
    Buffered buffered = bufferObject(first, TYPE_KEY);
    if (buffered.discriminator() == null) {
      throw error(Reason.INVALID_VALUE, "missing \"@type\": an Any names the type of the message it holds");
    }
    path.pushField(TYPE_KEY);
    Descriptor type = resolveType(buffered.discriminator());
    path.pop();
    reparse(buffered.json(), () -> {
      beginObject("an object");
      mergeAnyPayload(info, any, buffered.discriminator(), type, false);
      endObject();
    });
    return any.build();
  }

  private Descriptor resolveType(String typeUrl) {
    int slash = typeUrl.lastIndexOf('/');
    if (slash < 0) {
      throw error(Reason.INVALID_VALUE,
          "invalid type URL \"" + shown(typeUrl) + "\": expected type.googleapis.com/<full message name>");
    }
    String typeName = typeUrl.substring(slash + 1);
    Descriptor type = options.registry().find(typeName);
    if (type == null) {
      throw error(Reason.INVALID_VALUE, "cannot resolve type URL \"" + shown(typeUrl) + "\": " + shown(typeName)
          + " is not in the type registry (register it with the codec builder's typeRegistry(...))");
    }
    return type;
  }

  private void mergeAnyPayload(
      MessageInfo anyInfo, Message.Builder any, String typeUrl, Descriptor type, boolean typeRead)
      throws IOException {
    Dialect outer = dialect;
    dialect = Dialect.PROTO3;
    try {
      MessageInfo payloadInfo = MessageInfo.of(type);
      DynamicMessage.Builder payload = DynamicMessage.newBuilder(type);
      if (payloadInfo.wellKnown == MessageInfo.WellKnown.NONE) {
        mergeMembers(payloadInfo, payload, TYPE_KEY, typeRead);
      } else {
        mergeWellKnownPayload(payloadInfo, payload, typeRead);
      }
      any.setField(anyInfo.descriptor.findFieldByName("type_url"), typeUrl);
      any.setField(anyInfo.descriptor.findFieldByName("value"), payload.build().toByteString());
    } finally {
      dialect = outer;
    }
  }

  /** The members {@code @type} and {@code value} of an Any that holds a well-known type. */
  private void mergeWellKnownPayload(MessageInfo payloadInfo, Message.Builder payload, boolean typeRead)
      throws IOException {
    boolean valueRead = false;
    while (in.hasNext()) {
      String name = nextName();
      boolean member = name.equals(TYPE_KEY) || name.equals(ANY_VALUE_KEY);
      pushMember(name, member);
      if (name.equals(TYPE_KEY) && !typeRead) {
        typeRead = true;
        skipToken();
      } else if (name.equals(ANY_VALUE_KEY) && !valueRead) {
        valueRead = true;
        payload.mergeFrom(readMessage(payloadInfo, payload, null));
      } else if (options.ignoringUnknownFields() && !member) {
        skipValue();
      } else {
        throw error(member ? Reason.INVALID_VALUE : Reason.UNKNOWN_FIELD, "unexpected \"" + shown(name)
            + "\": an Any holding " + payloadInfo.fullName
            + " has exactly the members \"@type\" and \"value\"");
      }
      path.pop();
    }
  }

  // ---- the OpenAPI content object ---------------------------------------------------------------

  /** Reads the OpenAPI {@code content} object into the Event content oneof. */
  private void readContent(ContentOneof content, Message.Builder event) throws IOException {
    if (in.peek() == JsonToken.NULL) {
      nextNull();
      return;
    }
    beginObject("an object with a \"kind\" (one of " + content.kinds + ")");
    if (!in.hasNext()) {
      throw missingKind(content);
    }
    String first = nextName();
    if (first.equals(ContentOneof.KIND)) {
      path.pushField(ContentOneof.KIND);
      ContentOneof.Member member = memberForKind(content, readString("a string (one of " + content.kinds + ")"));
      path.pop();
      readContentBody(member, event, true);
      endObject();
      return;
    }
    Buffered buffered = bufferObject(first, ContentOneof.KIND);
    if (buffered.discriminator() == null) {
      throw missingKind(content);
    }
    path.pushField(ContentOneof.KIND);
    ContentOneof.Member member = memberForKind(content, buffered.discriminator());
    path.pop();
    reparse(buffered.json(), () -> {
      beginObject("an object");
      readContentBody(member, event, false);
      endObject();
    });
  }

  private JsonDecodeException missingKind(ContentOneof content) {
    return error(Reason.INVALID_VALUE, "the content object has no \"kind\" (expected one of " + content.kinds + ")");
  }

  private ContentOneof.Member memberForKind(ContentOneof content, String kind) {
    ContentOneof.Member member = content.forKind(kind);
    if (member != null) {
      return member;
    }
    String renamed = content.kindOfMember(kind);
    // A kind names a member of the content oneof, that is a field.
    throw error(Reason.UNKNOWN_FIELD,
        "unknown content kind \"" + shown(kind) + "\" (expected one of " + content.kinds + ")"
        + (renamed != null ? "; the kind of the proto member " + kind + " is " + renamed : ""));
  }

  private void readContentBody(ContentOneof.Member member, Message.Builder event, boolean kindRead)
      throws IOException {
    FieldInfo field = member.field();
    if (member.wrapperProperty() == null) {
      Message.Builder builder = event.newBuilderForField(field.descriptor);
      mergeMembers(field.message(), builder, ContentOneof.KIND, kindRead);
      event.setField(field.descriptor, builder.build());
      return;
    }
    Message wrapped = null;
    boolean wrappedRead = false;
    while (in.hasNext()) {
      String name = nextName();
      boolean known = name.equals(ContentOneof.KIND) || name.equals(member.wrapperProperty());
      pushMember(name, known);
      if (name.equals(ContentOneof.KIND) && !kindRead) {
        kindRead = true;
        skipToken();
      } else if (name.equals(member.wrapperProperty()) && !wrappedRead) {
        wrappedRead = true;
        if (in.peek() == JsonToken.NULL) {
          nextNull();
        } else {
          wrapped = readMessage(field.message(), event, field.descriptor);
        }
      } else if (known) {
        throw error(Reason.INVALID_VALUE, "\"" + name + "\" is given more than once");
      } else if (options.ignoringUnknownFields()) {
        skipValue();
      } else {
        throw error(Reason.UNKNOWN_FIELD, "unknown property \"" + shown(name) + "\" in a " + member.kind()
            + " content object (it has \"kind\" and \"" + member.wrapperProperty() + "\")");
      }
      path.pop();
    }
    event.setField(field.descriptor, wrapped != null ? wrapped : newBuilder(event, field.descriptor).build());
  }

  // ---- buffering, skipping and token helpers ----------------------------------------------------

  /**
   * Copies the rest of an open object into JSON text, for objects whose discriminator is not their
   * first member: the caller has consumed the {@code {} and the name {@code firstName}. Consumes
   * the object up to and including its end.
   */
  private Buffered bufferObject(String firstName, String discriminator) throws IOException {
    StringBuilder text = new StringBuilder();
    JsonCharWriter json = new JsonCharWriter(text);
    json.put('{');
    String discriminatorValue = null;
    String name = firstName;
    while (true) {
      json.string(name);
      json.put(':');
      pushMember(name, name.equals(discriminator));
      if (name.equals(discriminator)) {
        if (discriminatorValue != null) {
          throw error(Reason.INVALID_VALUE, "\"" + name + "\" is given more than once");
        }
        discriminatorValue = readString("a string");
        json.string(discriminatorValue);
      } else {
        copyValue(json);
      }
      path.pop();
      if (!in.hasNext()) {
        break;
      }
      json.put(',');
      name = nextName();
    }
    endObject();
    json.put('}');
    return new Buffered(text.toString(), discriminatorValue);
  }

  /** Decodes buffered JSON text with the body, then returns to the original input. */
  private void reparse(String json, Body body) throws IOException {
    JsonReader outer = in;
    boolean outerCounting = counting;
    in = configure(new JsonReader(new StringReader(json)));
    counting = false;
    try {
      body.run();
    } finally {
      in = outer;
      counting = outerCounting;
    }
  }

  private void skipValue() throws IOException {
    copyValue(null);
  }

  /**
   * Copies one JSON value to {@code out}, or skips it when {@code out} is null, with the same depth
   * and length checks as decoding.
   */
  private void copyValue(JsonCharWriter out) throws IOException {
    JsonToken token = in.peek();
    switch (token) {
      case BEGIN_OBJECT -> {
        beginObject("an object");
        append(out, "{");
        boolean first = true;
        while (in.hasNext()) {
          String name = nextName();
          if (out != null) {
            out.put(first ? "" : ",");
            out.string(name);
            out.put(':');
          }
          first = false;
          path.pushKey(name);
          copyValue(out);
          path.pop();
        }
        endObject();
        append(out, "}");
      }
      case BEGIN_ARRAY -> {
        beginArray("an array");
        append(out, "[");
        path.pushIndex(0);
        for (int i = 0; in.hasNext(); i++) {
          path.setIndex(i);
          append(out, i == 0 ? "" : ",");
          copyValue(out);
        }
        path.pop();
        endArray();
        append(out, "]");
      }
      case STRING -> {
        if (out == null) {
          // Gson skips a string without holding it in memory.
          skipToken();
        } else {
          out.string(nextString());
        }
      }
      case NUMBER -> append(out, nextNumber());
      case BOOLEAN -> append(out, nextBoolean() ? "true" : "false");
      case NULL -> {
        nextNull();
        append(out, "null");
      }
      default -> throw wrongType("a JSON value", token);
    }
  }

  private static void append(JsonCharWriter out, String text) {
    if (out != null) {
      out.put(text);
    }
  }

  /** Enters a member the form defines ({@code @type}, {@code kind}) as a field, any other as a key. */
  private void pushMember(String name, boolean defined) {
    if (defined) {
      path.pushField(name);
    } else {
      path.pushKey(name);
    }
  }

  private void beginObject(String expected) throws IOException {
    open(JsonToken.BEGIN_OBJECT, expected);
    in.beginObject();
  }

  private void endObject() throws IOException {
    in.endObject();
    depth--;
  }

  private void beginArray(String expected) throws IOException {
    open(JsonToken.BEGIN_ARRAY, expected);
    in.beginArray();
  }

  /** Counts and enters the object or array that {@code begin} starts, which must come next. */
  private void open(JsonToken begin, String expected) throws IOException {
    JsonToken token = in.peek();
    if (token != begin) {
      throw wrongType(expected, token);
    }
    countValue();
    enter();
  }

  private void endArray() throws IOException {
    in.endArray();
    depth--;
  }

  /** Counts a nesting level before it is entered, so that recursion never outruns the limit. */
  private void enter() {
    if (depth >= maxDepth) {
      throw error(Reason.LIMIT_EXCEEDED, "nesting deeper than " + maxDepth + " levels (JsonLimits.maxDepth)");
    }
    depth++;
  }

  /**
   * Counts a value or member name against {@link JsonLimits#maxValues()}, before anything is built
   * for it.
   */
  private void countValue() {
    if (counting && ++values > maxValues) {
      throw error(Reason.LIMIT_EXCEEDED,
          "more than " + maxValues + " JSON values in one " + rootName + " (JsonLimits.maxValues)");
    }
  }

  /** Reads a string the caller has peeked at, so that Gson has consumed its opening quote. */
  String nextString() throws IOException {
    countValue();
    guard.startToken();
    String value = in.nextString();
    guard.endToken();
    if (value.length() > maxStringLength) {
      throw error(Reason.LIMIT_EXCEEDED, TokenLengthGuard.StringTooLongException.problem(maxStringLength));
    }
    int surrogate = JsonStrings.loneSurrogate(value);
    if (surrogate >= 0) {
      throw unpairedSurrogate("string", value, surrogate);
    }
    return value;
  }

  /** Reads a member name, once {@code hasNext()} has consumed its opening quote. */
  private String nextName() throws IOException {
    countValue();
    guard.startToken();
    String name;
    try {
      name = in.nextName();
    } catch (TokenLengthGuard.StringTooLongException e) {
      throw nameTooLong();
    }
    guard.endToken();
    if (name.length() > maxStringLength) {
      throw nameTooLong();
    }
    int surrogate = JsonStrings.loneSurrogate(name);
    if (surrogate >= 0) {
      throw unpairedSurrogate("property name", name, surrogate);
    }
    return name;
  }

  String nextNumber() throws IOException {
    countValue();
    return in.nextString();
  }

  private boolean nextBoolean() throws IOException {
    countValue();
    return in.nextBoolean();
  }

  private void nextNull() throws IOException {
    countValue();
    in.nextNull();
  }

  /** Skips a string, or a value already checked by {@link #bufferObject}, without holding it. */
  private void skipToken() throws IOException {
    countValue();
    in.skipValue();
  }

  private JsonDecodeException nameTooLong() {
    return error(Reason.LIMIT_EXCEEDED,
        "property name longer than the limit of " + maxStringLength + " characters (JsonLimits.maxStringLength)");
  }

  /**
   * Protobuf would encode the surrogate as {@code ?}, so that two different inputs would become
   * the same message.
   */
  private JsonDecodeException unpairedSurrogate(String what, String text, int index) {
    return error(Reason.INVALID_STRING,
        what + " holds an unpaired UTF-16 surrogate \\u" + Integer.toHexString(text.charAt(index))
        + " at character " + (index + 1) + ", which protobuf cannot store; write the character as a"
        + " surrogate pair or leave it out");
  }

  JsonDecodeException wrongType(String expected, JsonToken found) {
    String description = switch (found) {
      case BEGIN_OBJECT -> "an object";
      case BEGIN_ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case END_DOCUMENT -> "the end of the input";
      default -> found.name();
    };
    // No value at all where one is due is not JSON; any other token is a value of the wrong type.
    Reason reason = found == JsonToken.END_DOCUMENT ? Reason.MALFORMED : Reason.INVALID_VALUE;
    return error(reason, "expected " + expected + " but found " + description);
  }

  JsonDecodeException error(Reason reason, String problem) {
    return error(reason, problem, null);
  }

  private JsonDecodeException error(Reason reason, String problem, Throwable cause) {
    return new JsonDecodeException(reason, path.toFieldPath(), problem, cause);
  }

  /** Input text for a message: quoted by the caller, cut short so that messages stay readable. */
  private static String shown(String text) {
    StringBuilder out = new StringBuilder();
    JsonCharWriter.appendEscaped(out, text.length() > MAX_SHOWN_LENGTH ? text.substring(0, MAX_SHOWN_LENGTH) : text);
    return text.length() > MAX_SHOWN_LENGTH ? out.append('…').toString() : out.toString();
  }
}
