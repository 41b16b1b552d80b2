package ai.chaukas.spec.toolkit.validation;

import ai.chaukas.spec.toolkit.FieldPath;
import java.util.Objects;

/**
 * One broken rule: which rule, where (a {@link FieldPath} such as {@code events[3].tool_call.name}),
 * and a sentence saying what is wrong.
 *
 * @param rule the rule broken
 * @param path where; the root for the event or batch as a whole
 * @param message what is wrong, for people
 * @since 1.0.5
 */
public record Violation(Rule rule, FieldPath path, String message) {

  public Violation {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /** The rule's id. */
  public String ruleId() {
    return rule.id();
  }

  /** {@code path: [rule-id] message}, or {@code [rule-id] message} at the root. */
  @Override
  public String toString() {
    return (path.isRoot() ? "" : path + ": ") + "[" + rule.id() + "] " + message;
  }
}
