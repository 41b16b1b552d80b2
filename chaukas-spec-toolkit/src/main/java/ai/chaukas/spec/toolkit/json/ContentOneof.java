package ai.chaukas.spec.toolkit.json;

import ai.chaukas.spec.common.v1.Event;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The {@code Event.content} oneof as the OpenAPI document writes it: one {@code content} object
 * whose {@code kind} names the member. Kinds are the member names except {@code policy} →
 * {@code policy_decision} and {@code error} → {@code error_info}. A member whose type has no fields
 * of its own in JSON ({@code state_update}, a bare Struct) is wrapped under a property ({@code
 * state}) so that its keys cannot collide with {@code kind}.
 */
final class ContentOneof {

  /** The property that holds the oneof in the OpenAPI form. */
  static final String PROPERTY = "content";

  /** The discriminator property. */
  static final String KIND = "kind";

  private static final String EVENT = Event.getDescriptor().getFullName();
  private static final Map<String, String> RENAMED_KINDS =
      Map.of("policy", "policy_decision", "error", "error_info");
  private static final Map<String, String> WRAPPER_PROPERTIES = Map.of("state_update", "state");

  /** One oneof member and how the OpenAPI form writes it. */
  record Member(FieldInfo field, String kind, String wrapperProperty, String openingText) {}

  final OneofDescriptor oneof;
  private final Member[] byFieldIndex;
  private final Map<String, Member> byKind = new HashMap<>();
  /** The valid kinds, for error messages. */
  final String kinds;

  private ContentOneof(MessageInfo event, OneofDescriptor oneof) {
    this.oneof = oneof;
    this.byFieldIndex = new Member[event.fields.length];
    StringJoiner kindList = new StringJoiner(", ");
    for (FieldDescriptor descriptor : oneof.getFields()) {
      FieldInfo field = event.fields[descriptor.getIndex()];
      String kind = RENAMED_KINDS.getOrDefault(field.name, field.name);
      String wrapper = null;
      if (field.kind != FieldInfo.Kind.MESSAGE
          || field.message().wellKnown != MessageInfo.WellKnown.NONE) {
        wrapper = WRAPPER_PROPERTIES.get(field.name);
        if (wrapper == null) {
          throw new IllegalStateException("no OpenAPI form for content member " + field.name);
        }
      }
      String opening = "{\"" + KIND + "\":\"" + kind + '"' + (wrapper == null ? "" : ",\"" + wrapper + "\":");
      Member member = new Member(field, kind, wrapper, opening);
      byFieldIndex[field.index] = member;
      byKind.put(kind, member);
      kindList.add(kind);
    }
    this.kinds = kindList.toString();
  }

  /** Returns the content oneof of {@code message} if it is the Event, otherwise null. */
  static ContentOneof of(MessageInfo message) {
    if (!message.fullName.equals(EVENT)) {
      return null;
    }
    for (OneofDescriptor oneof : message.descriptor.getRealOneofs()) {
      if (oneof.getName().equals(PROPERTY)) {
        return new ContentOneof(message, oneof);
      }
    }
    return null;
  }

  /** Returns the member for a kind, or null. */
  Member forKind(String kind) {
    return byKind.get(kind);
  }

  /** Returns the member for one of the oneof's fields. */
  Member forField(FieldDescriptor field) {
    return byFieldIndex[field.getIndex()];
  }

  /** Returns the kind a proto member name maps to, or null if it is no member. */
  String kindOfMember(String memberName) {
    for (Member member : byKind.values()) {
      if (member.field.name.equals(memberName)) {
        return member.kind;
      }
    }
    return null;
  }
}
