package ai.chaukas.spec.toolkit.json;

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
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes one message in the OpenAPI form straight into a StringBuilder: fields come from the
 * cached {@link MessageInfo} tables, Struct, Value and Timestamp go through their generated
 * accessors instead of reflection, and nothing is built in between. Failures are {@link
 * JsonPrintException}s naming the path. Not thread-safe: one per call.
 */
final class OpenApiWriter {

  private final StringBuilder out;
  private final JsonFormat.TypeRegistry registry;
  private final JsonFormat.Printer anyPrinter;
  private final int maxDepth;
  private final JsonPath path = new JsonPath();
  private int depth;

  OpenApiWriter(StringBuilder out, JsonFormat.TypeRegistry registry, JsonFormat.Printer anyPrinter, int maxDepth) {
    this.out = out;
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
      case FIELD_MASK -> JsonText.appendQuoted(
          out, FieldMaskUtil.toJsonString(generated(message, FieldMask.class, FieldMask.parser())));
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
        out.append(',');
      }
      first = false;
      out.append(field.openApiKey);
      path.push(field.name);
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
      out.append(',');
    }
    out.append('"').append(ContentOneof.PROPERTY).append("\":");
    path.push(ContentOneof.PROPERTY);
    enter();
    out.append(member.openingText());
    MessageOrBuilder value = (MessageOrBuilder) event.getField(set);
    if (member.wrapperProperty() == null) {
      writeMembers(value, member.field().message(), false);
    } else {
      path.push(member.wrapperProperty());
      writeMessage(value, member.field().message());
      path.pop();
    }
    close('}');
    path.pop();
    return false;
  }

  private void writeRepeated(FieldInfo field, List<?> values) {
    open('[');
    path.pushIndex(0);
    for (int i = 0; i < values.size(); i++) {
      path.setIndex(i);
      if (i > 0) {
        out.append(',');
      }
      writeSingular(field, values.get(i));
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
        out.append(',');
      }
      first = false;
      JsonText.appendQuoted(out, keyText);
      out.append(':');
      path.push(keyText);
      writeSingular(valueField, entry.getField(valueField.descriptor));
      path.pop();
    }
    close('}');
  }

  private void writeSingular(FieldInfo field, Object value) {
    switch (field.kind) {
      case INT32 -> out.append(((Integer) value).intValue());
      case UINT32 -> out.append(Integer.toUnsignedLong((Integer) value));
      case INT64 -> out.append(((Long) value).longValue());
      case UINT64 -> out.append(Long.toUnsignedString((Long) value));
      case BOOL -> out.append(((Boolean) value).booleanValue());
      case FLOAT -> {
        float number = (Float) value;
        checkFinite(number);
        out.append(number);
      }
      case DOUBLE -> writeDouble((Double) value);
      case STRING -> JsonText.appendQuoted(out, (String) value);
      case BYTES -> out.append('"').append(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray())).append('"');
      case ENUM -> writeEnum(field.enumInfo, (EnumValueDescriptor) value);
      case MESSAGE -> writeMessage((MessageOrBuilder) value, field.message());
    }
  }

  private void writeDouble(double number) {
    checkFinite(number);
    out.append(number);
  }

  private void checkFinite(double number) {
    if (!Double.isFinite(number)) {
      throw failure(number + " cannot be written in the OpenAPI form, whose numbers are plain JSON numbers"
          + " (proto3 JSON writes it as a string)");
    }
  }

  private void writeEnum(EnumInfo info, EnumValueDescriptor value) {
    if (info.isNullValue) {
      out.append("null");
      return;
    }
    if (value.getIndex() < 0) {
      throw failure(value.getNumber() + " is not a value of " + info.fullName + "; the OpenAPI form has names only");
    }
    if (value == info.unspecified) {
      throw failure(value.getName() + " cannot be written in the OpenAPI form, which has no UNSPECIFIED value");
    }
    out.append(info.quotedOpenApiName(value));
  }

  private void writeTimestamp(Timestamp timestamp) {
    if (!Timestamps.isValid(timestamp.getSeconds(), timestamp.getNanos())) {
      throw failure("invalid timestamp (seconds " + timestamp.getSeconds() + ", nanos " + timestamp.getNanos()
          + "): outside 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z");
    }
    out.append('"');
    Rfc3339.append(out, timestamp.getSeconds(), timestamp.getNanos());
    out.append('"');
  }

  private void writeDuration(Duration duration) {
    try {
      JsonText.appendQuoted(out, Durations.toString(duration));
    } catch (IllegalArgumentException e) {
      throw failure("invalid duration: " + e.getMessage());
    }
  }

  private void writeStruct(Struct struct) {
    open('{');
    boolean first = true;
    for (Map.Entry<String, Value> field : struct.getFieldsMap().entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      JsonText.appendQuoted(out, field.getKey());
      out.append(':');
      path.push(field.getKey());
      writeValue(field.getValue());
      path.pop();
    }
    close('}');
  }

  private void writeValue(Value value) {
    switch (value.getKindCase()) {
      // An unset Value is written as null, as protobuf's own printer does.
      case NULL_VALUE, KIND_NOT_SET -> out.append("null");
      case NUMBER_VALUE -> {
        double number = value.getNumberValue();
        if (!Double.isFinite(number)) {
          throw failure(NonFiniteNumbers.problem(number));
        }
        out.append(number);
      }
      case STRING_VALUE -> JsonText.appendQuoted(out, value.getStringValue());
      case BOOL_VALUE -> out.append(value.getBoolValue());
      case STRUCT_VALUE -> writeStruct(value.getStructValue());
      case LIST_VALUE -> writeList(value.getListValue());
    }
  }

  private void writeList(ListValue list) {
    open('[');
    path.pushIndex(0);
    for (int i = 0; i < list.getValuesCount(); i++) {
      path.setIndex(i);
      if (i > 0) {
        out.append(',');
      }
      writeValue(list.getValues(i));
    }
    path.pop();
    close(']');
  }

  /**
   * Writes an Any as proto3 JSON with proto field names: the packed message is not described by
   * the OpenAPI document, so the protobuf mapping is the only defined form for it.
   */
  private void writeAny(Any any) {
    if (any.getTypeUrl().isEmpty() && any.getValue().isEmpty()) {
      out.append("{}");
      return;
    }
    String typeUrl = any.getTypeUrl();
    int slash = typeUrl.lastIndexOf('/');
    if (slash < 0) {
      throw failure("invalid type URL \"" + typeUrl + "\" in google.protobuf.Any");
    }
    String typeName = typeUrl.substring(slash + 1);
    if (registry.find(typeName) == null) {
      throw failure("cannot write google.protobuf.Any holding " + typeName
          + ": the type is not in the type registry (register it with OpenApiJson.builder().typeRegistry(...))");
    }
    try {
      out.append(anyPrinter.print(any));
    } catch (InvalidProtocolBufferException e) {
      throw failure("cannot write google.protobuf.Any holding " + typeName + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      JsonPrintException located = NonFiniteNumbers.find(any, path, registry, e);
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
      throw failure(built.getDescriptorForType().getFullName() + " does not have the shape of the well-known type");
    }
  }

  private void open(char bracket) {
    enter();
    out.append(bracket);
  }

  /** Counts a nesting level, so that output stays within what the decoders accept. */
  private void enter() {
    if (++depth > maxDepth) {
      throw failure("nesting deeper than " + maxDepth + " levels (JsonLimits.maxDepth)");
    }
  }

  private void close(char bracket) {
    depth--;
    out.append(bracket);
  }

  private JsonPrintException failure(String problem) {
    return new JsonPrintException(path.render(), problem, null);
  }
}
