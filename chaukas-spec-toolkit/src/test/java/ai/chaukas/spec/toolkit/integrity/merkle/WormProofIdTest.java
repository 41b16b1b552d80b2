package ai.chaukas.spec.toolkit.integrity.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WormProofIdTest {

  @Test
  void roundTripsWithSlashesInTheOrigin() {
    WormProofId id = new WormProofId("audit.example.com/tenant-a/2025", 41);
    assertThat(id.toString()).isEqualTo("audit.example.com/tenant-a/2025/41");
    assertThat(WormProofId.parse("audit.example.com/tenant-a/2025/41")).isEqualTo(id);
    assertThat(WormProofId.format("log", 0)).isEqualTo("log/0");
    assertThat(WormProofId.parse("log/0")).isEqualTo(new WormProofId("log", 0));
    assertThat(WormProofId.parse("a//9223372036854775807"))
        .isEqualTo(new WormProofId("a/", Long.MAX_VALUE));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "41|has no '/'",
    "/41|the origin before the last '/' is empty",
    "log/|the leaf index after the last '/' is ''",
    "log/041|is '041'",
    "log/-1|is '-1'",
    "log/+1|is '+1'",
    "log/1.0|is '1.0'",
    "log/4 1|is '4 1'",
    "log/9223372036854775808|is '9223372036854775808'",
    "log/41/|the leaf index after the last '/' is ''"
  })
  void parseNamesTheProblem(String text, String problem) {
    assertThatThrownBy(() -> WormProofId.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(problem);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\nb/1", "a\u0000b/1"})
  void originsWithControlCharactersAreRefused(String text) {
    assertThatThrownBy(() -> WormProofId.parse(text)).hasMessageContaining("control character");
  }

  @Test
  void partsAreChecked() {
    assertThatThrownBy(() -> new WormProofId("log", -1)).hasMessageContaining("negative");
    assertThatThrownBy(() -> new WormProofId("", 1)).hasMessageContaining("origin is empty");
    assertThatThrownBy(() -> WormProofId.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> WormProofId.parse(null)).hasMessageContaining("empty");
  }
}
