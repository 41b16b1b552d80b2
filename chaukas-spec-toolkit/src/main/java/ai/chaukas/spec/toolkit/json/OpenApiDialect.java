package ai.chaukas.spec.toolkit.json;

import ai.chaukas.spec.toolkit.Reason;
import com.google.gson.stream.JsonToken;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import java.io.IOException;

/**
 * The OpenAPI document's form: proto field names, the Event content oneof as one {@code content}
 * object tagged by {@code kind}, numbers only as JSON numbers, enums by their names without the
 * type prefix and never UNSPECIFIED.
 */
final class OpenApiDialect extends Dialect {

  @Override
  FieldInfo field(MessageInfo message, String name) {
    return message.openApiField(name);
  }

  @Override
  ContentOneof taggedOneof(MessageInfo message, String name) {
    return name.equals(ContentOneof.PROPERTY) ? message.content : null;
  }

  @Override
  String duplicateFieldProblem() {
    return "field is given more than once";
  }

  @Override
  String unknownFieldHint(MessageInfo message, String name) {
    FieldInfo field = message.proto3Field(name);
    if (field == null) {
      return "";
    }
    if (message.content != null && field.oneof == message.content.oneof) {
      return " (the OpenAPI form writes the content oneof as \"content\": {\"kind\": \""
          + message.content.forField(field.descriptor).kind() + "\", ...})";
    }
    return " (the OpenAPI form uses proto field names: \"" + field.name + "\")";
  }

  @Override
  String integerNotNumber(JsonDecoder in, FieldInfo field, JsonToken token) {
    if (token == JsonToken.STRING) {
      throw in.error(Reason.INVALID_VALUE, "expected " + field.expected()
          + " but found a string (the OpenAPI form writes numbers, int64 included, as JSON numbers)");
    }
    throw in.wrongType(field.expected(), token);
  }

  @Override
  double floatingNotNumber(JsonDecoder in, FieldInfo field, JsonToken token) {
    throw in.wrongType(field.expected(), token);
  }

  @Override
  EnumValueDescriptor enumValue(JsonDecoder in, FieldInfo field, JsonToken token) throws IOException {
    EnumInfo info = field.enumInfo;
    if (token != JsonToken.STRING) {
      throw in.wrongType("one of " + info.openApiNames + " (" + info.fullName + ")", token);
    }
    String name = in.nextString();
    EnumValueDescriptor value = info.forOpenApiName(name);
    if (value != null && value == info.unspecified) {
      throw in.error(Reason.INVALID_VALUE, "\"" + name + "\" is not allowed for " + info.fullName
          + " in the OpenAPI form; leave the field out instead (expected one of " + info.openApiNames + ")");
    }
    return value != null ? value : in.unknownEnumValue(info, name);
  }

  @Override
  String enumNames(EnumInfo info) {
    return info.openApiNames;
  }

  @Override
  String unknownEnumHint(EnumInfo info, String name) {
    return !info.prefix.isEmpty() && name.startsWith(info.prefix)
        ? "; the OpenAPI form leaves out the prefix " + info.prefix
        : "";
  }
}
