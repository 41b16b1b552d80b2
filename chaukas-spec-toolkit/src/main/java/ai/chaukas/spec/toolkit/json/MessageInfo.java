package ai.chaukas.spec.toolkit.json;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Field tables of one message type, computed once per descriptor and shared by every codec: the
 * per-call work of printing and parsing is then lookups in arrays and hash maps.
 */
final class MessageInfo {

  /** Message types that JSON writes in a special form rather than as an object of fields. */
  enum WellKnown {
    NONE,
    ANY,
    TIMESTAMP,
    DURATION,
    FIELD_MASK,
    STRUCT,
    VALUE,
    LIST_VALUE,
    WRAPPER
  }

  private static final Map<Descriptor, MessageInfo> CACHE = new ConcurrentHashMap<>();

  final Descriptor descriptor;
  final String fullName;
  final WellKnown wellKnown;
  /** All fields in declaration order. */
  final FieldInfo[] fields;
  /** Fields the OpenAPI form writes as properties, in declaration order; without content members. */
  final FieldInfo[] openApiFields;
  /** The Event content oneof, or null for every other message. */
  final ContentOneof content;
  /** Position in {@link #openApiFields} before which the OpenAPI form writes {@code content}. */
  final int contentPosition;
  private final Map<String, FieldInfo> byProto3Name = new HashMap<>();
  private final Map<String, FieldInfo> byOpenApiName = new HashMap<>();

  private MessageInfo(Descriptor descriptor) {
    this.descriptor = descriptor;
    this.fullName = descriptor.getFullName();
    this.wellKnown = wellKnown(fullName);
    List<FieldDescriptor> declared = descriptor.getFields();
    this.fields = new FieldInfo[declared.size()];
    for (FieldDescriptor field : declared) {
      FieldInfo info = new FieldInfo(field);
      fields[info.index] = info;
      byProto3Name.put(field.getJsonName(), info);
      byProto3Name.put(field.getName(), info);
    }
    this.content = ContentOneof.of(this);
    List<FieldInfo> openApi = new ArrayList<>();
    int position = -1;
    for (FieldInfo field : fields) {
      if (content != null && field.oneof == content.oneof) {
        if (position < 0) {
          position = openApi.size();
        }
        continue;
      }
      openApi.add(field);
      byOpenApiName.put(field.name, field);
    }
    this.openApiFields = openApi.toArray(new FieldInfo[0]);
    this.contentPosition = position;
  }

  static MessageInfo of(Descriptor descriptor) {
    // Not computeIfAbsent: building the Event's info looks up its content members' infos, and
    // ConcurrentHashMap refuses such a recursive update.
    MessageInfo info = CACHE.get(descriptor);
    if (info == null) {
      info = new MessageInfo(descriptor);
      CACHE.putIfAbsent(descriptor, info);
    }
    return info;
  }

  private static WellKnown wellKnown(String fullName) {
    return switch (fullName) {
      case "google.protobuf.Any" -> WellKnown.ANY;
      case "google.protobuf.Timestamp" -> WellKnown.TIMESTAMP;
      case "google.protobuf.Duration" -> WellKnown.DURATION;
      case "google.protobuf.FieldMask" -> WellKnown.FIELD_MASK;
      case "google.protobuf.Struct" -> WellKnown.STRUCT;
      case "google.protobuf.Value" -> WellKnown.VALUE;
      case "google.protobuf.ListValue" -> WellKnown.LIST_VALUE;
      case "google.protobuf.DoubleValue",
          "google.protobuf.FloatValue",
          "google.protobuf.Int64Value",
          "google.protobuf.UInt64Value",
          "google.protobuf.Int32Value",
          "google.protobuf.UInt32Value",
          "google.protobuf.BoolValue",
          "google.protobuf.StringValue",
          "google.protobuf.BytesValue" -> WellKnown.WRAPPER;
      default -> WellKnown.NONE;
    };
  }

  /** Looks a proto3 JSON name up: the lowerCamelCase JSON name or the proto field name. */
  FieldInfo proto3Field(String name) {
    return byProto3Name.get(name);
  }

  /** Looks an OpenAPI property up: proto field names, content members excluded. */
  FieldInfo openApiField(String name) {
    return byOpenApiName.get(name);
  }
}
