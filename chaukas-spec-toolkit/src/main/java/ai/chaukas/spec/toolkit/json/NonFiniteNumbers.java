package ai.chaukas.spec.toolkit.json;

import ai.chaukas.spec.toolkit.FieldPath;
import ai.chaukas.spec.toolkit.Reason;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.util.List;
import java.util.Map;

/**
 * Finds a google.protobuf.Value number that is NaN or infinite, which JSON cannot hold, to name its
 * path once {@link JsonFormat} has refused to print it without saying where. Searches only after
 * printing has failed, so that printing itself pays nothing.
 */
final class NonFiniteNumbers {

  private NonFiniteNumbers() {}

  /** A non-finite number and where it is. */
  private record Found(double number, FieldPath path) {}

  /** What is wrong with a non-finite Value number, in every printer's failure. */
  static String problem(double number) {
    return "number " + number + " cannot be written as JSON: google.protobuf.Value numbers must be finite";
  }

  /**
   * Returns the failure for the first non-finite Value number in {@code message}, or null when it
   * holds none.
   *
   * @param registry the types google.protobuf.Any values may hold; others are not searched
   * @param cause the printer's failure
   */
  static JsonPrintException find(MessageOrBuilder message, JsonFormat.TypeRegistry registry, Throwable cause) {
    return find(message, FieldPath.root(), registry, cause);
  }

  /** As {@link #find(MessageOrBuilder, JsonFormat.TypeRegistry, Throwable)} for a message at {@code path}. */
  static JsonPrintException find(
      MessageOrBuilder message, FieldPath path, JsonFormat.TypeRegistry registry, Throwable cause) {
    Found found = search(message, path, registry);
    return found == null
        ? null
        : new JsonPrintException(Reason.NOT_FINITE, found.path(), problem(found.number()), cause);
  }

  private static Found search(MessageOrBuilder message, FieldPath path, JsonFormat.TypeRegistry registry) {
    Descriptor type = message.getDescriptorForType();
    MessageInfo.WellKnown wellKnown = MessageInfo.of(type).wellKnown;
    if (wellKnown == MessageInfo.WellKnown.VALUE) {
      FieldDescriptor number = type.findFieldByName("number_value");
      if (message.hasField(number)) {
        double value = (Double) message.getField(number);
        return Double.isFinite(value) ? null : new Found(value, path);
      }
    } else if (wellKnown == MessageInfo.WellKnown.ANY) {
      return searchAny(message, path, registry);
    }
    // In JSON a Value is its kind, a Struct its entries and a ListValue its elements: no names.
    boolean named = wellKnown != MessageInfo.WellKnown.VALUE && wellKnown != MessageInfo.WellKnown.STRUCT
        && wellKnown != MessageInfo.WellKnown.LIST_VALUE;
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      FieldDescriptor descriptor = field.getKey();
      if (descriptor.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      FieldPath fieldPath = named ? path.field(descriptor.getName()) : path;
      Found found;
      if (descriptor.isMapField()) {
        found = searchMap(descriptor, (List<?>) field.getValue(), fieldPath, registry);
      } else if (descriptor.isRepeated()) {
        found = searchList((List<?>) field.getValue(), fieldPath, registry);
      } else {
        found = search((MessageOrBuilder) field.getValue(), fieldPath, registry);
      }
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static Found searchList(List<?> elements, FieldPath path, JsonFormat.TypeRegistry registry) {
    for (int i = 0; i < elements.size(); i++) {
      Found found = search((MessageOrBuilder) elements.get(i), path.index(i), registry);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static Found searchMap(
      FieldDescriptor field, List<?> entries, FieldPath path, JsonFormat.TypeRegistry registry) {
    Descriptor entryType = field.getMessageType();
    FieldDescriptor key = entryType.findFieldByName("key");
    FieldDescriptor value = entryType.findFieldByName("value");
    if (value.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
      return null;
    }
    for (Object element : entries) {
      Message entry = (Message) element;
      Object keyValue = entry.getField(key);
      String keyText = switch (key.getType()) {
        case UINT32, FIXED32 -> Integer.toUnsignedString((Integer) keyValue);
        case UINT64, FIXED64 -> Long.toUnsignedString((Long) keyValue);
        default -> keyValue.toString();
      };
      Found found = search((MessageOrBuilder) entry.getField(value), path.key(keyText), registry);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** Searches the packed message; its members are written inline, a well-known type under "value". */
  private static Found searchAny(MessageOrBuilder any, FieldPath path, JsonFormat.TypeRegistry registry) {
    Descriptor anyType = any.getDescriptorForType();
    String typeUrl = (String) any.getField(anyType.findFieldByName("type_url"));
    Descriptor type = registry.find(typeUrl.substring(typeUrl.lastIndexOf('/') + 1));
    if (type == null) {
      return null;
    }
    DynamicMessage payload;
    try {
      payload = DynamicMessage.parseFrom(type, (ByteString) any.getField(anyType.findFieldByName("value")));
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
    boolean wellKnown = MessageInfo.of(type).wellKnown != MessageInfo.WellKnown.NONE;
    return search(payload, wellKnown ? path.field("value") : path, registry);
  }
}
