package ai.chaukas.spec.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Every rule of docs/server-semantics.md has a test named after it, and no test names a rule that is not there. */
class RuleCoverageTest {

  private static final List<Class<?>> RULE_TESTS =
      List.of(
          ServicesRulesTest.class,
          IngestRulesTest.class,
          IngestLimitsTest.class,
          QueryRulesTest.class,
          TenancyRulesTest.class,
          StatsAndCapabilitiesRulesTest.class,
          ConcurrencyIT.class);

  private static Set<String> documentedRules() throws IOException {
    try (InputStream in = RuleCoverageTest.class.getResourceAsStream("/docs/server-semantics.md")) {
      assertThat(in).as("docs/server-semantics.md on the test class path").isNotNull();
      Matcher m = Pattern.compile("\\*\\*([A-Z]{3}-\\d+)\\*\\*").matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      Set<String> rules = new java.util.TreeSet<>();
      while (m.find()) {
        rules.add(m.group(1));
      }
      return rules;
    }
  }

  private static Set<String> testedRules() {
    Pattern name = Pattern.compile("([A-Z]{3})_(\\d+)_\\w+");
    return RULE_TESTS.stream()
        .flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
        .filter(m -> m.isAnnotationPresent(Test.class) || m.isAnnotationPresent(RepeatedTest.class))
        .map(Method::getName)
        .map(name::matcher)
        .filter(Matcher::matches)
        .map(m -> m.group(1) + "-" + m.group(2))
        .collect(Collectors.toSet());
  }

  @Test
  void everyDocumentedRuleHasATestNamedAfterIt() throws IOException {
    Set<String> documented = documentedRules();
    assertThat(documented).hasSizeGreaterThanOrEqualTo(20).contains("SVC-1", "ING-7", "QRY-7", "CAP-1");
    assertThat(testedRules()).containsAll(documented);
  }

  @Test
  void everyRuleTestNamesADocumentedRule() throws IOException {
    assertThat(documentedRules()).containsAll(testedRules());
  }
}
