package ai.chaukas.spec.toolkit.validation;

import java.util.Objects;

/**
 * One broken rule: which rule, where (a path such as {@code events[3].tool_call.name}, proto field
 * names, indices in brackets), and a sentence saying what is wrong.
 *
 * @param rule the rule broken
 * @param path the field path; empty for the event or batch as a whole
 * @param message what is wrong, for people
 */
public record Violation(Rule rule, String path, String message) {

  public Violation {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /** The rule's id. */
  public String ruleId() {
    return rule.id();
  }

  /** {@code path: [rule-id] message}. */
  @Override
  public String toString() {
    return (path.isEmpty() ? "" : path + ": ") + "[" + rule.id() + "] " + message;
  }
}
