package ai.chaukas.spec.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReasonTest {

  @Test
  void everyReasonHasItsOwnKebabCaseIdDerivedFromItsName() {
    for (Reason reason : Reason.values()) {
      assertThat(reason.id()).matches("[a-z0-9]+(-[a-z0-9]+)*")
          .isEqualTo(reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }
    assertThat(Arrays.stream(Reason.values()).map(Reason::id).distinct().count())
        .isEqualTo(Reason.values().length);
  }

  @Test
  void theMessageStartsWithThePathUnlessTheProblemIsAboutTheWholeValue() {
    class Refusal extends ChaukasException {
      Refusal(FieldPath path) {
        super(Reason.NOT_FINITE, path, "NaN is not a number JSON can hold", null);
      }
    }
    Refusal at = new Refusal(FieldPath.of("metadata").key("a.b"));
    assertThat(at).hasMessage("metadata[\"a.b\"]: NaN is not a number JSON can hold");
    assertThat(at.detail()).isEqualTo("NaN is not a number JSON can hold");
    assertThat(at.reason()).isEqualTo(Reason.NOT_FINITE);
    assertThat(new Refusal(FieldPath.root())).hasMessage("NaN is not a number JSON can hold");
  }
}
