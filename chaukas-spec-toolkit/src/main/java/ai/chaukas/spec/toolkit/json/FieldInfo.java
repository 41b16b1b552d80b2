package ai.chaukas.spec.toolkit.json;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;

/** What the codecs need to know about one field, computed once per descriptor. */
final class FieldInfo {

  /** JSON-relevant field types; the protobuf types that are written alike share a kind. */
  enum Kind {
    INT32,
    UINT32,
    INT64,
    UINT64,
    BOOL,
    FLOAT,
    DOUBLE,
    STRING,
    BYTES,
    ENUM,
    MESSAGE
  }

  final FieldDescriptor descriptor;
  final int index;
  /** The proto field name, used in paths and by the OpenAPI form. */
  final String name;
  final Kind kind;
  final boolean repeated;
  final boolean map;
  /** The real (not synthetic) oneof the field belongs to, or null. */
  final OneofDescriptor oneof;
  /** For enum fields, otherwise null. */
  final EnumInfo enumInfo;
  /** {@code "name":}, ready to append. */
  final String openApiKey;
  /** Resolved on first use, so that recursive message types do not recurse here. */
  private MessageInfo message;

  FieldInfo(FieldDescriptor descriptor) {
    this.descriptor = descriptor;
    this.index = descriptor.getIndex();
    this.name = descriptor.getName();
    this.kind = kindOf(descriptor.getType());
    this.repeated = descriptor.isRepeated();
    this.map = descriptor.isMapField();
    this.oneof = descriptor.getRealContainingOneof();
    this.enumInfo = kind == Kind.ENUM ? EnumInfo.of(descriptor.getEnumType()) : null;
    this.openApiKey = '"' + name + "\":";
  }

  private static Kind kindOf(FieldDescriptor.Type type) {
    return switch (type) {
      case INT32, SINT32, SFIXED32 -> Kind.INT32;
      case UINT32, FIXED32 -> Kind.UINT32;
      case INT64, SINT64, SFIXED64 -> Kind.INT64;
      case UINT64, FIXED64 -> Kind.UINT64;
      case BOOL -> Kind.BOOL;
      case FLOAT -> Kind.FLOAT;
      case DOUBLE -> Kind.DOUBLE;
      case STRING -> Kind.STRING;
      case BYTES -> Kind.BYTES;
      case ENUM -> Kind.ENUM;
      case MESSAGE, GROUP -> Kind.MESSAGE;
    };
  }

  /** Returns the field's message type; only for {@link Kind#MESSAGE}. */
  MessageInfo message() {
    // A benign race: every thread computes the same cached instance.
    MessageInfo resolved = message;
    if (resolved == null) {
      resolved = MessageInfo.of(descriptor.getMessageType());
      message = resolved;
    }
    return resolved;
  }

  /** Returns the key field of a map entry; only for map fields. */
  FieldInfo mapKey() {
    return message().fields[0];
  }

  /** Returns the value field of a map entry; only for map fields. */
  FieldInfo mapValue() {
    return message().fields[1];
  }

  /** Returns a short description of the JSON the field expects, for error messages. */
  String expected() {
    return switch (kind) {
      case INT32 -> "an integer (int32)";
      case UINT32 -> "an integer (uint32)";
      case INT64 -> "an integer (int64)";
      case UINT64 -> "an integer (uint64)";
      case BOOL -> "a boolean";
      case FLOAT -> "a number (float)";
      case DOUBLE -> "a number (double)";
      case STRING -> "a string";
      case BYTES -> "a base64 string";
      case ENUM -> "an enum name (" + enumInfo.fullName + ")";
      case MESSAGE -> "an object (" + descriptor.getMessageType().getFullName() + ")";
    };
  }
}
