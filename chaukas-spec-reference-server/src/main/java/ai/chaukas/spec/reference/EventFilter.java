package ai.chaukas.spec.reference;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.QueryFilter;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.List;
import java.util.Map;

/**
 * The non-time fields of a {@link QueryFilter} as a predicate (QRY-2). The tenant is not checked
 * here: each tenant has its own index. The time range is not either: it bounds the index range.
 */
final class EventFilter {

  private final QueryFilter filter;

  EventFilter(QueryFilter filter) {
    this.filter = filter;
  }

  /** Whether {@code event} matches every set field of the filter. */
  boolean matches(Event event) {
    return exact(filter.getProjectId(), event.getProjectId())
        && exact(filter.getSessionId(), event.getSessionId())
        && exact(filter.getAgentId(), event.getAgentId())
        && exact(filter.getSpanId(), event.getSpanId())
        && exact(filter.getTraceId(), event.getTraceId())
        && anyOf(filter.getTypesValueList(), event.getTypeValue())
        && anyOf(filter.getStatusesValueList(), event.getStatusValue())
        && anyOf(filter.getSeveritiesValueList(), event.getSeverityValue())
        && event.getTagsList().containsAll(filter.getTagsList())
        && (filter.getTextQuery().isEmpty() || containsText(event, filter.getTextQuery()));
  }

  private static boolean exact(String wanted, String actual) {
    return wanted.isEmpty() || wanted.equals(actual);
  }

  private static boolean anyOf(List<Integer> wanted, int actual) {
    return wanted.isEmpty() || wanted.contains(actual);
  }

  /**
   * Whether any string in {@code message} contains {@code needle}, ignoring case character by
   * character ({@link String#regionMatches(boolean, int, String, int, int)}): string fields at any
   * depth, repeated elements, and the string values of {@code Struct}s (not their keys). Enum names
   * and bytes are not strings and are not searched.
   */
  static boolean containsText(Message message, String needle) {
    if (message instanceof Struct struct) {
      return struct.getFieldsMap().values().stream().anyMatch(v -> containsText(v, needle));
    }
    if (message instanceof ListValue list) {
      return list.getValuesList().stream().anyMatch(v -> containsText(v, needle));
    }
    if (message instanceof Value value) {
      return switch (value.getKindCase()) {
        case STRING_VALUE -> containsIgnoreCase(value.getStringValue(), needle);
        case STRUCT_VALUE -> containsText(value.getStructValue(), needle);
        case LIST_VALUE -> containsText(value.getListValue(), needle);
        default -> false;
      };
    }
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      FieldDescriptor descriptor = field.getKey();
      if (descriptor.isRepeated()) {
        for (Object element : (List<?>) field.getValue()) {
          if (fieldContains(descriptor, element, needle)) {
            return true;
          }
        }
      } else if (fieldContains(descriptor, field.getValue(), needle)) {
        return true;
      }
    }
    return false;
  }

  private static boolean fieldContains(FieldDescriptor descriptor, Object value, String needle) {
    return switch (descriptor.getJavaType()) {
      case STRING -> containsIgnoreCase((String) value, needle);
      case MESSAGE -> containsText((Message) value, needle);
      default -> false;
    };
  }

  static boolean containsIgnoreCase(String haystack, String needle) {
    int last = haystack.length() - needle.length();
    for (int i = 0; i <= last; i++) {
      if (haystack.regionMatches(true, i, needle, 0, needle.length())) {
        return true;
      }
    }
    return false;
  }
}
