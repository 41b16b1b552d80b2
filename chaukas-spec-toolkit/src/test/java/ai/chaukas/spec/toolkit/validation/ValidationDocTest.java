package ai.chaukas.spec.toolkit.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The rule list and the field table of {@code docs/validation.md} are rendered from {@link
 * FieldRules}: the document must hold exactly what the code says between its marker comments, and
 * {@code -Dchaukas.updateDocs=true} rewrites those sections, leaving the prose around them alone.
 */
class ValidationDocTest {

  private static final String DOCUMENT = "docs/validation.md";
  private static final String REGENERATE =
      "./mvnw -pl chaukas-spec-toolkit -am test -Dtest=ValidationDocTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dchaukas.updateDocs=true";

  @Test
  void theDocumentShowsTheRulesOfTheCode() throws IOException {
    Path document = document();
    String text = Files.readString(document);
    String rendered = section(section(text, "rules", rules()), "fields", fields());
    if (Boolean.getBoolean("chaukas.updateDocs")) {
      Files.writeString(document, rendered);
      return;
    }
    assertThat(text)
        .as("%s differs from the tables rendered from FieldRules; to rewrite its sections between"
            + " <!-- rules:begin -->/<!-- rules:end --> and <!-- fields:begin -->/<!-- fields:end -->,"
            + " run%n  %s%nand review the diff", DOCUMENT, REGENERATE)
        .isEqualTo(rendered);
  }

  /** Every rule: its id, what must hold, and the path its violations carry. */
  static String rules() {
    StringBuilder out = new StringBuilder("| id | what must hold | path |\n|---|---|---|\n");
    for (Rule rule : Rule.values()) {
      FieldRules.Description d = FieldRules.describe(rule);
      out.append("| `").append(rule.id()).append("` | ").append(d.holds()).append(" | ").append(d.path())
          .append(" |\n");
    }
    return out.toString();
  }

  /** Every field of Event, with the messages inside it, then of EventBatch: kind, rules, reason. */
  static String fields() {
    StringBuilder out = new StringBuilder();
    table("Event", Event.getDescriptor(), out);
    out.append('\n');
    table("EventBatch", EventBatch.getDescriptor(), out);
    return out.toString();
  }

  private static void table(String message, Descriptor type, StringBuilder out) {
    out.append("| `").append(message).append("` field | kind | rules | why |\n|---|---|---|---|\n");
    rows(type, "", out);
  }

  private static void rows(Descriptor type, String prefix, StringBuilder out) {
    for (FieldDescriptor field : type.getFields()) {
      FieldRules.Entry entry = FieldRules.of(field);
      assertThat(entry).as("the entry of %s (see FieldCoverageTest)", field.getFullName()).isNotNull();
      String path = prefix + field.getName();
      if (entry.kind() == FieldRules.Kind.MESSAGE) {
        rows(field.getMessageType(), path + ".", out);
        continue;
      }
      String kind = field.isRepeated() && entry.kind() != FieldRules.Kind.NONE
          ? "repeated " + entry.kind().label()
          : entry.kind().label();
      out.append("| `").append(path).append("` | ").append(kind).append(" | ")
          .append(entry.rules().stream().map(r -> "`" + r.id() + "`").collect(Collectors.joining(", ")))
          .append(" | ").append(entry.reason() == null ? "" : entry.reason()).append(" |\n");
    }
  }

  /** {@code text} with what lies between the markers of section {@code name} replaced by {@code content}. */
  private static String section(String text, String name, String content) {
    String begin = "<!-- " + name + ":begin -->\n";
    String end = "<!-- " + name + ":end -->";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    assertThat(from).as("%s holds the line %s", DOCUMENT, begin.strip()).isNotNegative();
    assertThat(to).as("%s holds %s after %s", DOCUMENT, end, begin.strip()).isGreaterThan(from);
    return text.substring(0, from + begin.length()) + content + text.substring(to);
  }

  /** The document in the source tree: tests run in the module's folder, below the repository's. */
  private static Path document() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(DOCUMENT);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(DOCUMENT + " not found above " + Path.of("").toAbsolutePath());
  }
}
