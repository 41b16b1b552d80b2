package ai.chaukas.spec.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The suite covers every rule of docs/server-semantics.md, and only those; names are unique. */
class ConformanceCoverageTest {

  private final ManagedChannel unused = InProcessChannelBuilder.forName("unused").build();

  @AfterEach
  void close() {
    unused.shutdownNow();
  }

  private static Set<String> documentedRules() throws IOException {
    try (InputStream in =
        ConformanceCoverageTest.class.getResourceAsStream("/docs/server-semantics.md")) {
      assertThat(in).as("docs/server-semantics.md on the test class path").isNotNull();
      Matcher m =
          Pattern.compile("\\*\\*([A-Z]{3}-\\d+)\\*\\*")
              .matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      Set<String> rules = new TreeSet<>();
      while (m.find()) {
        rules.add(m.group(1));
      }
      return rules;
    }
  }

  @Test
  void everyDocumentedRuleHasACheckAndEveryCheckNamesADocumentedRule() throws IOException {
    List<Check> checks = ConformanceSuite.create(unused).checks();
    Set<String> checked = checks.stream().map(Check::rule).collect(Collectors.toCollection(TreeSet::new));
    assertThat(checked).isEqualTo(documentedRules());
  }

  @Test
  void theImportantRulesHaveSeveralChecks() {
    Map<String, Long> perRule =
        ConformanceSuite.create(unused).checks().stream()
            .collect(Collectors.groupingBy(Check::rule, Collectors.counting()));
    for (String rule : List.of("ING-4", "ING-5", "QRY-2", "QRY-3", "QRY-4", "QRY-5", "QRY-6", "QRY-7", "TEN-1", "STA-2")) {
      assertThat(perRule.get(rule)).as(rule).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void checkNamesAreUniqueAndEverySuiteHasItsOwnTenants() {
    ConformanceSuite suite = ConformanceSuite.create(unused);
    List<Check> checks = suite.checks();
    assertThat(checks.stream().map(Check::name)).doesNotHaveDuplicates();
    assertThat(checks).hasSize(48);
    assertThat(suite.tenantPrefix()).matches("conformance-[0-9a-f]{12}-");
    assertThat(ConformanceSuite.create(unused).tenantPrefix()).isNotEqualTo(suite.tenantPrefix());
    assertThat(checks.get(0)).hasToString("SVC-1 eventIngestedUnderOneNameIsQueriedUnderTheOther");
  }

  @Test
  void optionsAreChecked() {
    Function<String, ConformanceSuite> withPrefix =
        prefix -> ConformanceSuite.builder(unused).tenantPrefix(prefix).build();
    assertThat(withPrefix.apply("acme_test.").tenantPrefix()).startsWith("acme_test.");
    assertThatThrownBy(() -> withPrefix.apply("a b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConformanceSuite.builder(unused).checkTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConformanceSuite.builder(unused).maxBatchEvents(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConformanceSuite.builder(unused).maxMessageBytes(512 * 1024 * 1024))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
