package ai.chaukas.spec.toolkit.json;

import com.google.gson.stream.JsonToken;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import java.io.IOException;

/**
 * What one JSON form spells its own way, for the one {@link JsonDecoder} that reads both: how
 * members name fields, where the Event content oneof lives, whether numbers may come as strings,
 * and how enum values are written. Everything else (the token stream, limits, paths, well-known
 * types, Any, maps, errors) is the decoder's. The packed message of a google.protobuf.Any is
 * proto3 JSON in both forms, so the decoder reads it with {@link #PROTO3}. Stateless.
 */
abstract class Dialect {

  /** The protobuf JSON mapping. */
  static final Dialect PROTO3 = new Proto3Dialect();

  /** The OpenAPI document's form: proto names, unprefixed enums, one tagged content object. */
  static final Dialect OPENAPI = new OpenApiDialect();

  /** The field {@code name} stands for in {@code message}, or null. */
  abstract FieldInfo field(MessageInfo message, String name);

  /**
   * The oneof that member {@code name} of {@code message} holds as one object tagged by its kind,
   * or null when it is no such member.
   */
  abstract ContentOneof taggedOneof(MessageInfo message, String name);

  /** The problem of a field given twice. */
  abstract String duplicateFieldProblem();

  /** What to add to "unknown field" when the name looks like the other form's: "" or " (…)". */
  abstract String unknownFieldHint(MessageInfo message, String name);

  /**
   * Reads the text of an integer when the next token, {@code token}, is not a JSON number, or
   * throws.
   */
  abstract String integerNotNumber(JsonDecoder in, FieldInfo field, JsonToken token) throws IOException;

  /** Reads a double or float when the next token, {@code token}, is not a JSON number, or throws. */
  abstract double floatingNotNumber(JsonDecoder in, FieldInfo field, JsonToken token) throws IOException;

  /**
   * Reads an enum value other than a NullValue's null; null when the value is unknown and being
   * ignored.
   */
  abstract EnumValueDescriptor enumValue(JsonDecoder in, FieldInfo field, JsonToken token) throws IOException;

  /** The enum's names as this form writes them, for messages. */
  abstract String enumNames(EnumInfo info);

  /** What to add to "unknown enum value" when the name looks like the other form's: "" or "; …". */
  abstract String unknownEnumHint(EnumInfo info, String name);
}
