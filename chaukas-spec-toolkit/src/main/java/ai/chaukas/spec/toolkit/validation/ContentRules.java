package ai.chaukas.spec.toolkit.validation;

import ai.chaukas.spec.common.v1.Event.ContentCase;
import ai.chaukas.spec.common.v1.EventType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which {@code content} case each event type may carry (rule {@code content-type-match}). Besides
 * these, any event whose status is FAILED may carry {@code error} instead, as the Python SDK does
 * for failed tool and model calls.
 *
 * @since 1.0.5
 */
public final class ContentRules {

  private static final Map<EventType, Set<ContentCase>> ALLOWED = new EnumMap<>(EventType.class);

  static {
    allow(EnumSet.of(ContentCase.CONTENT_NOT_SET),
        EventType.EVENT_TYPE_SESSION_START,
        EventType.EVENT_TYPE_SESSION_END,
        EventType.EVENT_TYPE_AGENT_START,
        EventType.EVENT_TYPE_AGENT_END);
    allow(EnumSet.of(ContentCase.AGENT_HANDOFF), EventType.EVENT_TYPE_AGENT_HANDOFF);
    allow(EnumSet.of(ContentCase.LLM_INVOCATION),
        EventType.EVENT_TYPE_MODEL_INVOCATION_START, EventType.EVENT_TYPE_MODEL_INVOCATION_END);
    allow(EnumSet.of(ContentCase.TOOL_CALL), EventType.EVENT_TYPE_TOOL_CALL_START);
    allow(EnumSet.of(ContentCase.TOOL_RESPONSE), EventType.EVENT_TYPE_TOOL_CALL_END);
    allow(EnumSet.of(ContentCase.MCP_CALL),
        EventType.EVENT_TYPE_MCP_CALL_START, EventType.EVENT_TYPE_MCP_CALL_END);
    allow(EnumSet.of(ContentCase.MESSAGE),
        EventType.EVENT_TYPE_INPUT_RECEIVED, EventType.EVENT_TYPE_OUTPUT_EMITTED);
    allow(EnumSet.of(ContentCase.ERROR), EventType.EVENT_TYPE_ERROR);
    allow(EnumSet.of(ContentCase.CONTENT_NOT_SET, ContentCase.ERROR), EventType.EVENT_TYPE_RETRY);
    allow(EnumSet.of(ContentCase.POLICY), EventType.EVENT_TYPE_POLICY_DECISION);
    allow(EnumSet.of(ContentCase.DATA_ACCESS), EventType.EVENT_TYPE_DATA_ACCESS);
    allow(EnumSet.of(ContentCase.STATE_UPDATE), EventType.EVENT_TYPE_STATE_UPDATE);
    allow(EnumSet.of(ContentCase.CONTENT_NOT_SET, ContentCase.MESSAGE), EventType.EVENT_TYPE_SYSTEM);
  }

  private ContentRules() {}

  private static void allow(Set<ContentCase> cases, EventType... types) {
    for (EventType type : types) {
      ALLOWED.put(type, Collections.unmodifiableSet(cases));
    }
  }

  /**
   * The content cases {@code type} allows regardless of status; empty for UNSPECIFIED and unknown
   * types, whose content is not checked.
   */
  public static Set<ContentCase> allowed(EventType type) {
    return ALLOWED.getOrDefault(type, Set.of());
  }

  /** Whether an event of this type and status may carry this content. */
  public static boolean isAllowed(EventType type, boolean failed, ContentCase content) {
    Set<ContentCase> allowed = ALLOWED.get(type);
    return allowed == null || allowed.contains(content) || (failed && content == ContentCase.ERROR);
  }
}
