package ai.chaukas.spec.toolkit.json;

import com.google.gson.stream.JsonToken;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import java.io.IOException;

/**
 * The protobuf JSON mapping: lowerCamelCase or proto names, the content member named directly,
 * integers and doubles also in strings (with {@code "NaN"}, {@code "Infinity"}, {@code
 * "-Infinity"}), enums by full name or number.
 */
final class Proto3Dialect extends Dialect {

  @Override
  FieldInfo field(MessageInfo message, String name) {
    return message.proto3Field(name);
  }

  @Override
  ContentOneof taggedOneof(MessageInfo message, String name) {
    return null;
  }

  @Override
  String duplicateFieldProblem() {
    return "field is given more than once (its JSON name and proto name count as the same field)";
  }

  @Override
  String unknownFieldHint(MessageInfo message, String name) {
    return message.content != null && name.equals(ContentOneof.PROPERTY)
        ? " (proto3 JSON names the content member itself, e.g. \"toolCall\";"
            + " a \"content\" object with a \"kind\" is the OpenAPI form)"
        : "";
  }

  @Override
  String integerNotNumber(JsonDecoder in, FieldInfo field, JsonToken token) throws IOException {
    if (token == JsonToken.STRING) {
      return in.nextString();
    }
    throw in.wrongType(field.expected(), token);
  }

  @Override
  double floatingNotNumber(JsonDecoder in, FieldInfo field, JsonToken token) throws IOException {
    if (token != JsonToken.STRING) {
      throw in.wrongType(field.expected() + " or \"NaN\", \"Infinity\", \"-Infinity\"", token);
    }
    String text = in.nextString();
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity" -> Double.NEGATIVE_INFINITY;
      default -> in.finite(field, in.decimalInString(field, text));
    };
  }

  @Override
  EnumValueDescriptor enumValue(JsonDecoder in, FieldInfo field, JsonToken token) throws IOException {
    EnumInfo info = field.enumInfo;
    if (token == JsonToken.STRING) {
      String name = in.nextString();
      EnumValueDescriptor value = info.descriptor.findValueByName(name);
      if (value == null && JsonDecoder.isShortPlainInteger(name)) {
        value = byNumber(info, Long.parseLong(name));
      }
      return value != null ? value : in.unknownEnumValue(info, name);
    }
    if (token == JsonToken.NUMBER) {
      String text = in.nextNumber();
      EnumValueDescriptor value = byNumber(info, in.integerInRange(field, text, Integer.MIN_VALUE, Integer.MAX_VALUE));
      return value != null ? value : in.unknownEnumValue(info, text);
    }
    throw in.wrongType(field.expected(), token);
  }

  /** Open (proto3) enums keep unknown numbers, as protobuf does; closed ones refuse them. */
  private static EnumValueDescriptor byNumber(EnumInfo info, long number) {
    if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
      return null;
    }
    return info.descriptor.isClosed()
        ? info.descriptor.findValueByNumber((int) number)
        : info.descriptor.findValueByNumberCreatingIfUnknown((int) number);
  }

  @Override
  String enumNames(EnumInfo info) {
    return info.proto3Names;
  }

  @Override
  String unknownEnumHint(EnumInfo info, String name) {
    return !info.prefix.isEmpty() && info.forOpenApiName(name) != null
        ? "; proto3 JSON writes the full name, e.g. " + info.prefix + name
        : "";
  }
}
