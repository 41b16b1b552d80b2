package ai.chaukas.spec.toolkit.redaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.chaukas.spec.toolkit.FieldPath;
import ai.chaukas.spec.toolkit.Reason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactionPathTest {

  private static final String NORMALIZED = "$['llm_invocation']['request']['messages'][0]['content']";

  @ParameterizedTest
  @ValueSource(strings = {
      "llm_invocation.request.messages[0].content",
      "$['llm_invocation']['request']['messages'][0]['content']",
      "$.llm_invocation.request.messages[0].content",
      "$[\"llm_invocation\"][\"request\"][\"messages\"][0][\"content\"]",
      "llm_invocation['request'].messages[ 0 ]['content']",
      "$['llm_invocation']['req\\u0075est']['messages'][0]['content']"
  })
  void everySpellingNormalizesToTheRfc9535Form(String text) {
    RedactionPath p = RedactionPath.parse(text);
    assertThat(p.normalized()).isEqualTo(NORMALIZED);
    assertThat(p.toString()).isEqualTo(NORMALIZED);
    // request is a Struct, so the names below it are keys.
    assertThat(p.fieldPath())
        .isEqualTo(FieldPath.of("llm_invocation", "request").key("messages").index(0).key("content"));
    assertThat(p).isEqualTo(RedactionPath.parse(NORMALIZED)).hasSameHashCodeAs(RedactionPath.parse(NORMALIZED));
  }

  @Test
  void quotedKeysThatAreNotIdentifiers() {
    assertThat(RedactionPath.parse("metadata['odd key']").normalized()).isEqualTo("$['metadata']['odd key']");
    assertThat(RedactionPath.parse("$.metadata[\"odd key\"]").normalized()).isEqualTo("$['metadata']['odd key']");
    assertThat(RedactionPath.parse("metadata['x-request-id']").fieldPath())
        .isEqualTo(FieldPath.of("metadata").key("x-request-id"));
    assertThat(RedactionPath.parse("metadata['']").fieldPath()).isEqualTo(FieldPath.of("metadata").key(""));
    assertThat(RedactionPath.parse("metadata['0']").fieldPath()).isEqualTo(FieldPath.of("metadata").key("0"));
  }

  @Test
  void normalizationEscapesAsRfc9535Section27Says() {
    RedactionPath p = RedactionPath.of(FieldPath.of("metadata")
        .key("it's \\ \"q\" \b\f\n\r\t \u0001\u001f é 😀 /"));
    assertThat(p.normalized())
        .isEqualTo("$['metadata']['it\\'s \\\\ \"q\" \\b\\f\\n\\r\\t \\u0001\\u001f é 😀 /']");
    assertThat(RedactionPath.parse(p.normalized())).isEqualTo(p);
    // Escapes a normalized path never uses are still read.
    assertThat(RedactionPath.parse("$[\"a\\/b\\\"c'\"]").fieldPath()).isEqualTo(FieldPath.of("a/b\"c'"));
    assertThat(RedactionPath.parse("$['\\ud83d\\ude00']").fieldPath()).isEqualTo(FieldPath.of("😀"));
  }

  @Test
  void fieldPathsAndParserAgree() {
    RedactionPath built = RedactionPath.of(FieldPath.of("tags").index(12));
    assertThat(built).isEqualTo(RedactionPath.parse("tags[12]"));
    assertThat(built.normalized()).isEqualTo("$['tags'][12]");
    assertThat(RedactionPath.root().isRoot()).isTrue();
    assertThat(RedactionPath.root().normalized()).isEqualTo("$");
    assertThat(RedactionPath.root().fieldPath().isRoot()).isTrue();
    // A field path whose names say field where the schema has a key reads as the schema says.
    RedactionPath loose = RedactionPath.of(FieldPath.of("metadata", "user", "id"));
    assertThat(loose).isEqualTo(RedactionPath.parse("metadata.user.id"));
    assertThat(loose.fieldPath()).isEqualTo(FieldPath.of("metadata").key("user").key("id"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // Struct fields: every name below is a key, through lists too.
      "metadata.a[0].b|metadata;k:a;0;k:b",
      "llm_invocation.request.messages[1].role|llm_invocation;request;k:messages;1;k:role",
      "tool_call.arguments.q|tool_call;arguments;k:q",
      // Messages and repeated messages: names are fields.
      "message.text|message;text",
      "tags[0]|tags;0",
      // Not in the schema, or below a scalar or a Timestamp: kept as fields for the Redactor to refuse.
      "nope.deeper|nope;deeper",
      "agent_name.x|agent_name;x",
      "timestamp.seconds|timestamp;seconds",
  })
  void namesAreFieldsOrKeysAsTheEventSchemaSays(String text, String expected) {
    FieldPath path = FieldPath.root();
    for (String s : expected.split(";")) {
      path = s.startsWith("k:") ? path.key(s.substring(2))
          : Character.isDigit(s.charAt(0)) ? path.index(Integer.parseInt(s)) : path.field(s);
    }
    assertThat(RedactionPath.parse(text).fieldPath()).isEqualTo(path);
    assertThat(RedactionPath.of(path)).isEqualTo(RedactionPath.parse(text));
  }

  @Test
  void naturalOrderComparesIndicesNumerically() {
    List<RedactionPath> paths = new ArrayList<>(List.of(
        RedactionPath.parse("tags[10]"), RedactionPath.parse("tags[2]"), RedactionPath.parse("agent_name"),
        RedactionPath.parse("tags"), RedactionPath.parse("metadata.b"), RedactionPath.parse("metadata.a")));
    Collections.sort(paths);
    assertThat(paths).extracting(RedactionPath::normalized).containsExactly(
        "$['agent_name']", "$['metadata']['a']", "$['metadata']['b']", "$['tags']", "$['tags'][2]", "$['tags'][10]");
  }

  @Test
  void codePointOrderDiffersFromUtf16OrderAboveTheBmp() {
    String supplementary = "😀"; // U+1F600, stored as surrogates D83D DE00
    String bmpHigh = "\uFFFD";
    assertThat(supplementary.compareTo(bmpHigh)).isNegative(); // String order
    assertThat(RedactionPath.CODE_POINT_ORDER.compare(supplementary, bmpHigh)).isPositive(); // UTF-8 order
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''|0|empty",
      "$|0|whole event",
      "$$|1|expected '.' or '['",
      "1abc|0|starts with '$' or a field name",
      "a..b|1|descendant",
      "a.*|2|wildcards",
      "a.|2|expected a name",
      "a.0|2|write an index as [0]",
      "a.-x|2|quote other keys",
      "a b|1|expected '.' or '['",
      "a[|2|expected an index or a quoted name",
      "a[-1]|2|negative indices",
      "a[01]|2|leading zeros",
      "a[0|3|expected ']'",
      "a[0,1]|3|unions",
      "a[1:2]|3|slices",
      "a[:2]|2|slices",
      "a[*]|2|wildcards",
      "a[?@.x]|2|filters",
      "a[x]|2|expected an index or a quoted name",
      "a['x|2|not closed",
      "a['x\\q']|4|unknown escape",
      "a['\\u12']|3|four hex digits",
      "a['\\ud800']|3|high surrogate",
      "a['\\udc00']|3|low surrogate",
      "a[99999999999]|2|larger than",
  })
  void syntaxErrorsSayWhereAndWhat(String text, int position, String what) {
    RedactionException e = catchThrowableOfType(() -> RedactionPath.parse(text), RedactionException.class);
    assertThat(e).as("parse(%s)", text).isNotNull();
    assertThat(e.reason()).isEqualTo(Reason.SYNTAX);
    assertThat(e.position()).isEqualTo(position);
    assertThat(e.path().isRoot()).isTrue();
    assertThat(e.getMessage()).contains("\"" + text + "\"").contains("position " + position).contains(what);
  }

  @Test
  void controlCharactersMustBeEscapedInsideQuotes() {
    assertThatThrownBy(() -> RedactionPath.parse("a['x\ny']"))
        .isInstanceOf(RedactionException.class)
        .hasMessageContaining("position 4")
        .hasMessageContaining("U+000A");
  }

  @Test
  void nullIsRefused() {
    assertThatThrownBy(() -> RedactionPath.of(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> RedactionPath.parse(null)).isInstanceOf(NullPointerException.class);
  }
}
