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
  private final Needle text;

  EventFilter(QueryFilter filter) {
    this.filter = filter;
    this.text = filter.getTextQuery().isEmpty() ? null : new Needle(filter.getTextQuery());
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
        && (text == null || containsText(event, text));
  }

  private static boolean exact(String wanted, String actual) {
    return wanted.isEmpty() || wanted.equals(actual);
  }

  private static boolean anyOf(List<Integer> wanted, int actual) {
    return wanted.isEmpty() || wanted.contains(actual);
  }

  /**
   * Whether any string in {@code message} contains {@code needle}, ignoring case character by
   * character: string fields at any depth, repeated elements, and the string values of {@code
   * Struct}s (not their keys). Enum names and bytes are not strings and are not searched.
   */
  static boolean containsText(Message message, Needle needle) {
    if (message instanceof Struct struct) {
      return struct.getFieldsMap().values().stream().anyMatch(v -> containsText(v, needle));
    }
    if (message instanceof ListValue list) {
      return list.getValuesList().stream().anyMatch(v -> containsText(v, needle));
    }
    if (message instanceof Value value) {
      return switch (value.getKindCase()) {
        case STRING_VALUE -> needle.isIn(value.getStringValue());
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

  private static boolean fieldContains(FieldDescriptor descriptor, Object value, Needle needle) {
    return switch (descriptor.getJavaType()) {
      case STRING -> needle.isIn((String) value);
      case MESSAGE -> containsText((Message) value, needle);
      default -> false;
    };
  }

  /**
   * A text to find, ignoring case as {@link String#regionMatches(boolean, int, String, int, int)}
   * does (two characters are equal when their upper cases are, or the lower cases of those), in
   * time linear in the text searched whatever the needle: Knuth-Morris-Pratt over case-folded
   * characters, where a naive scan costs the text's length times the needle's.
   */
  static final class Needle {
    private final char[] folded;
    /** {@code border[i]}: the length of the longest proper border of {@code folded[0..i]}. */
    private final int[] border;

    Needle(String text) {
      folded = new char[text.length()];
      for (int i = 0; i < folded.length; i++) {
        folded[i] = fold(text.charAt(i));
      }
      border = new int[folded.length];
      for (int i = 1, k = 0; i < folded.length; i++) {
        while (k > 0 && folded[i] != folded[k]) {
          k = border[k - 1];
        }
        if (folded[i] == folded[k]) {
          k++;
        }
        border[i] = k;
      }
    }

    /** Whether {@code haystack} contains this needle, ignoring case. */
    boolean isIn(String haystack) {
      if (folded.length == 0) {
        return true;
      }
      for (int i = 0, k = 0; i < haystack.length(); i++) {
        char c = fold(haystack.charAt(i));
        while (k > 0 && c != folded[k]) {
          k = border[k - 1];
        }
        if (c == folded[k] && ++k == folded.length) {
          return true;
        }
      }
      return false;
    }

    private static char fold(char c) {
      return Character.toLowerCase(Character.toUpperCase(c));
    }
  }
}
