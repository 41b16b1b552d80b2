package ai.chaukas.spec.toolkit.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.common.v1.LLMInvocation;
import ai.chaukas.spec.toolkit.validation.FieldRules.Kind;
import org.junit.jupiter.api.Test;

/** The table refuses entries that cannot hold, and says which rules each field can break. */
class FieldRulesTest {

  private static FieldRules.Builder event() {
    return new FieldRules.Builder().in(Event.getDescriptor());
  }

  @Test
  void aKindMustFitTheFieldsType() {
    assertThatThrownBy(() -> event().rule("event_id", Kind.NON_NEGATIVE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Event.event_id (STRING) cannot be of kind NON_NEGATIVE");
    assertThatThrownBy(() -> event().rule("metadata", Kind.MESSAGE))
        .hasMessageContaining("Event.metadata (MESSAGE) cannot be of kind MESSAGE");
    assertThatThrownBy(() -> event().rule("timestamp", Kind.STRUCT))
        .hasMessageContaining("Event.timestamp");
    assertThatThrownBy(() -> new FieldRules.Builder().in(LLMInvocation.getDescriptor())
            .rule("prompt_tokens", Kind.FINITE, "only doubles can be NaN"))
        .hasMessageContaining("LLMInvocation.prompt_tokens (INT32) cannot be of kind FINITE");
  }

  @Test
  void anExemptionNeedsAReason() {
    assertThatThrownBy(() -> new FieldRules.Builder().in(LLMInvocation.getDescriptor())
            .rule("frequency_penalty", Kind.FINITE))
        .hasMessage("LLMInvocation.frequency_penalty is of kind FINITE, which needs a reason");
    assertThatThrownBy(() -> event().rule("is_final", Kind.NONE, " "))
        .hasMessageContaining("needs a reason");
  }

  @Test
  void aFieldHasOneEntryAndMustExist() {
    assertThatThrownBy(() -> event().rule("eventId", Kind.ID))
        .hasMessage("Event.eventId is not a field of the schema");
    assertThatThrownBy(() -> event().rule("event_id", Kind.ID).rule("event_id", Kind.STRING))
        .hasMessage("Event.event_id has a rule already");
    assertThat(event().rule("event_id", Kind.ID).build()).hasSize(1);
  }

  @Test
  void anEntryListsTheRulesItsValuesCanBreak() {
    assertThat(FieldRules.of(Event.getDescriptor().findFieldByName("tags")).rules())
        .containsExactly(Rule.STRING_LENGTH, Rule.REPEATED_COUNT);
    assertThat(FieldRules.of(LLMInvocation.getDescriptor().findFieldByName("temperature")).rules())
        .containsExactly(Rule.FINITE_NUMBER, Rule.NON_NEGATIVE);
    assertThat(FieldRules.of(LLMInvocation.getDescriptor().findFieldByName("prompt_tokens")).rules())
        .containsExactly(Rule.NON_NEGATIVE);
    assertThat(FieldRules.of(Event.getDescriptor().findFieldByName("extensions")).rules())
        .containsExactly(Rule.STRING_LENGTH, Rule.REPEATED_COUNT);
    assertThat(FieldRules.of(EventBatch.getDescriptor().findFieldByName("events")).rules()).isEmpty();
  }

  @Test
  void anEnumEntryKnowsTheNumbersItsEnumDefines() {
    FieldRules.Entry type = FieldRules.of(Event.getDescriptor().findFieldByName("type"));
    assertThat(type.isKnown(0)).isTrue();
    assertThat(type.isKnown(63)).isTrue();
    assertThat(type.isKnown(3)).isFalse();
    assertThat(type.isKnown(64)).isFalse();
    assertThat(type.isKnown(-1)).isFalse();
  }

  @Test
  void everyRuleIsDescribed() {
    for (Rule rule : Rule.values()) {
      assertThat(FieldRules.describe(rule).holds()).as(rule.id()).isNotBlank();
      assertThat(FieldRules.describe(rule).path()).as(rule.id()).isNotBlank();
    }
  }
}
