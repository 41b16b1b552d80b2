package ai.chaukas.spec.toolkit.json;

import ai.chaukas.spec.toolkit.Reason;
import ai.chaukas.spec.toolkit.internal.json.JsonCharWriter;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.FieldMask;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.Parser;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.FieldMaskUtil;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes one message in the OpenAPI form straight into a StringBuilder through a {@link
 * JsonCharWriter}: fields come from the cached {@link MessageInfo} tables, Struct, Value and
 * Timestamp go through their generated accessors instead of reflection, and nothing is built in
 * between. Failures are {@link JsonPrintException}s naming the path. Not thread-safe: one per call.
 */
final class OpenApiWriter {

  private static final String CONTENT_KEY = '"' + ContentOneof.PROPERTY + "\":";

  private final JsonCharWriter out;
  private final JsonFormat.TypeRegistry registry;
  private final JsonFormat.Printer anyPrinter;
  private final int maxDepth;
  private final PathStack path = new PathStack();
  private int depth;

  OpenApiWriter(StringBuilder out, JsonFormat.TypeRegistry registry, JsonFormat.Printer anyPrinter, int maxDepth) {
    this.out = new JsonCharWriter(out);
    this.registry = registry;
    this.anyPrinter = anyPrinter;
    this.maxDepth = maxDepth;
  }

  void write(MessageOrBuilder message) {
    writeMessage(message, MessageInfo.of(message.getDescriptorForType()));
  }

  private void writeMessage(MessageOrBuilder message, MessageInfo info) {
    switch (info.wellKnown) {
      case NONE -> {
        open('{');
        writeMembers(message, info, true);
        close('}');
      }
      case TIMESTAMP -> writeTimestamp(generated(message, Timestamp.class, Timestamp.parser()));
      case DURATION -> writeDuration(generated(message, Duration.class, Duration.parser()));
      case FIELD_MASK ->
          out.string(FieldMaskUtil.toJsonString(generated(message, FieldMask.class, FieldMask.parser())));
      case STRUCT -> writeStruct(generated(message, Struct.class, Struct.parser()));
      case VALUE -> writeValue(generated(message, Value.class, Value.parser()));
      case LIST_VALUE -> writeList(generated(message, ListValue.class, ListValue.parser()));
      case WRAPPER -> writeSingular(info.fields[0], message.getField(info.fields[0].descriptor));
      case ANY -> writeAny(generated(message, Any.class, Any.parser()));
    }
  }

  /**
   * Writes the properties of {@code message} into an open object; {@code first} says whether none
   * has been written yet. Returns the same for the caller.
   */
  private boolean writeMembers(MessageOrBuilder message, MessageInfo info, boolean first) {
    FieldInfo[] fields = info.openApiFields;
    for (int i = 0; i <= fields.length; i++) {
      if (i == info.contentPosition) {
        first = writeContent(message, info.content, first);
      }
      if (i == fields.length) {
        break;
      }
      FieldInfo field = fields[i];
      // Proto3 semantics: absent and default values are left out, which keeps printing lossless.
      if (field.repeated ? message.getRepeatedFieldCount(field.descriptor) == 0 : !message.hasField(field.descriptor)) {
        continue;
      }
      if (!first) {
        out.put(',');
      }
      first = false;
      out.put(field.openApiKey);
      path.pushField(field.name);
      Object value = message.getField(field.descriptor);
      if (field.map) {
        writeMap(field, (List<?>) value);
      } else if (field.repeated) {
        writeRepeated(field, (List<?>) value);
      } else {
        writeSingular(field, value);
      }
      path.pop();
    }
    return first;
  }

  /** Writes the Event content oneof as one object tagged with its kind. */
  private boolean writeContent(MessageOrBuilder event, ContentOneof content, boolean first) {
    FieldDescriptor set = event.getOneofFieldDescriptor(content.oneof);
    if (set == null) {
      return first;
    }
    ContentOneof.Member member = content.forField(set);
    if (!first) {
      out.put(',');
    }
    out.put(CONTENT_KEY);
    path.pushField(ContentOneof.PROPERTY);
    enter();
    out.put(member.openingText());
    MessageOrBuilder value = (MessageOrBuilder) event.getField(set);
    if (member.wrapperProperty() == null) {
      writeMembers(value, member.field().message(), false);
    } else {
      path.pushField(member.wrapperProperty());
      writeMessage(value, member.field().message());
      path.pop();
    }
    close('}');
    path.pop();
    return false;
  }

  private void writeRepeated(FieldInfo field, List<?> values) {
    writeArray(values, value -> writeSingular(field, value));
  }

  /** Writes {@code values} as a JSON array, each element at its index on the path. */
  private <T> void writeArray(List<T> values, Consumer<T> writeElement) {
    open('[');
    path.pushIndex(0);
    for (int i = 0; i < values.size(); i++) {
      path.setIndex(i);
      if (i > 0) {
        out.put(',');
      }
      writeElement.accept(values.get(i));
    }
    path.pop();
    close(']');
  }

  private void writeMap(FieldInfo field, List<?> entries) {
    FieldInfo keyField = field.mapKey();
    FieldInfo valueField = field.mapValue();
    open('{');
    boolean first = true;
    for (Object element : entries) {
      Message entry = (Message) element;
      Object key = entry.getField(keyField.descriptor);
      String keyText = switch (keyField.kind) {
        case UINT32 -> Integer.toUnsignedString((Integer) key);
        case UINT64 -> Long.toUnsignedString((Long) key);
        default -> key.toString();
      };
      if (!first) {
        out.put(',');
      }
      first = false;
      out.string(keyText);
      out.put(':');
      path.pushKey(keyText);
      writeSingular(valueField, entry.getField(valueField.descriptor));
      path.pop();
    }
    close('}');
  }

  private void writeSingular(FieldInfo field, Object value) {
    switch (field.kind) {
      case INT32 -> out.integer((Integer) value);
      case UINT32 -> out.integer(Integer.toUnsignedLong((Integer) value));
      case INT64 -> out.integer((Long) value);
      case UINT64 -> out.unsignedInteger((Long) value);
      case BOOL -> out.bool((Boolean) value);
      case FLOAT -> {
        float number = (Float) value;
        checkFinite(number);
        out.number(number);
      }
      case DOUBLE -> writeDouble((Double) value);
      case STRING -> out.string((String) value);
      case BYTES -> out.base64(((ByteString) value).toByteArray());
      case ENUM -> writeEnum(field.enumInfo, (EnumValueDescriptor) value);
      case MESSAGE -> writeMessage((MessageOrBuilder) value, field.message());
    }
  }

  private void writeDouble(double number) {
    checkFinite(number);
    out.number(number);
  }

  private void checkFinite(double number) {
    if (!Double.isFinite(number)) {
      throw failure(Reason.NOT_FINITE,
          number + " cannot be written in the OpenAPI form, whose numbers are plain JSON numbers"
          + " (proto3 JSON writes it as a string)");
    }
  }

  private void writeEnum(EnumInfo info, EnumValueDescriptor value) {
    if (info.isNullValue) {
      out.nullValue();
      return;
    }
    if (value.getIndex() < 0) {
      throw failure(Reason.UNKNOWN_ENUM_VALUE,
          value.getNumber() + " is not a value of " + info.fullName + "; the OpenAPI form has names only");
    }
    if (value == info.unspecified) {
      throw failure(Reason.INVALID_VALUE,
          value.getName() + " cannot be written in the OpenAPI form, which has no UNSPECIFIED value");
    }
    out.put(info.quotedOpenApiName(value));
  }

  private void writeTimestamp(Timestamp timestamp) {
    if (!Timestamps.isValid(timestamp.getSeconds(), timestamp.getNanos())) {
      throw failure(Reason.INVALID_TIMESTAMP, "invalid timestamp (seconds " + timestamp.getSeconds() + ", nanos "
          + timestamp.getNanos() + "): outside 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z");
    }
    out.timestamp(timestamp.getSeconds(), timestamp.getNanos());
  }

  private void writeDuration(Duration duration) {
    try {
      out.string(Durations.toString(duration));
    } catch (IllegalArgumentException e) {
      throw failure(Reason.INVALID_VALUE, "invalid duration: " + e.getMessage());
    }
  }

  private void writeStruct(Struct struct) {
    open('{');
    boolean first = true;
    for (Map.Entry<String, Value> field : struct.getFieldsMap().entrySet()) {
      if (!first) {
        out.put(',');
      }
      first = false;
      out.string(field.getKey());
      out.put(':');
      path.pushKey(field.getKey());
      writeValue(field.getValue());
      path.pop();
    }
    close('}');
  }

  private void writeValue(Value value) {
    switch (value.getKindCase()) {
      // An unset Value is written as null, as protobuf's own printer does.
      case NULL_VALUE, KIND_NOT_SET -> out.nullValue();
      case NUMBER_VALUE -> {
        double number = value.getNumberValue();
        if (!Double.isFinite(number)) {
          throw failure(Reason.NOT_FINITE, NonFiniteNumbers.problem(number));
        }
        out.number(number);
      }
      case STRING_VALUE -> out.string(value.getStringValue());
      case BOOL_VALUE -> out.bool(value.getBoolValue());
      case STRUCT_VALUE -> writeStruct(value.getStructValue());
      case LIST_VALUE -> writeList(value.getListValue());
    }
  }

  private void writeList(ListValue list) {
    writeArray(list.getValuesList(), this::writeValue);
  }

  /**
   * Writes an Any as proto3 JSON with proto field names: the packed message is not described by
   * the OpenAPI document, so the protobuf mapping is the only defined form for it.
   */
  private void writeAny(Any any) {
    if (any.getTypeUrl().isEmpty() && any.getValue().isEmpty()) {
      out.put("{}");
      return;
    }
    String typeUrl = any.getTypeUrl();
    int slash = typeUrl.lastIndexOf('/');
    if (slash < 0) {
      throw failure(Reason.INVALID_VALUE, "invalid type URL \"" + typeUrl + "\" in google.protobuf.Any");
    }
    String typeName = typeUrl.substring(slash + 1);
    if (registry.find(typeName) == null) {
      throw failure(Reason.INVALID_VALUE, "cannot write google.protobuf.Any holding " + typeName
          + ": the type is not in the type registry (register it with OpenApiJson.builder().typeRegistry(...))");
    }
    try {
      out.put(anyPrinter.print(any));
    } catch (InvalidProtocolBufferException e) {
      throw failure(Reason.INVALID_VALUE,
          "cannot write google.protobuf.Any holding " + typeName + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      JsonPrintException located = NonFiniteNumbers.find(any, path.toFieldPath(), registry, e);
      throw located != null ? located : e;
    }
  }

  /**
   * Returns the message as the generated class of its well-known type, converting messages of
   * other descriptor pools (DynamicMessage) and builders.
   */
  private <T extends Message> T generated(MessageOrBuilder message, Class<T> type, Parser<T> parser) {
    if (type.isInstance(message)) {
      return type.cast(message);
    }
    Message built = message instanceof Message m ? m : ((Message.Builder) message).build();
    if (type.isInstance(built)) {
      return type.cast(built);
    }
    try {
      return parser.parseFrom(built.toByteString());
    } catch (InvalidProtocolBufferException e) {
      throw failure(Reason.INVALID_VALUE,
          built.getDescriptorForType().getFullName() + " does not have the shape of the well-known type");
    }
  }

  private void open(char bracket) {
    enter();
    out.put(bracket);
  }

  /** Counts a nesting level, so that output stays within what the decoders accept. */
  private void enter() {
    if (++depth > maxDepth) {
      throw failure(Reason.LIMIT_EXCEEDED, "nesting deeper than " + maxDepth + " levels (JsonLimits.maxDepth)");
    }
  }

  private void close(char bracket) {
    depth--;
    out.put(bracket);
  }

  private JsonPrintException failure(Reason reason, String problem) {
    return new JsonPrintException(reason, path.toFieldPath(), problem, null);
  }
}
