package ai.chaukas.spec.toolkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FieldPathTest {

  @Test
  void fieldsIndicesAndPlainKeysAreWrittenWithDotsAndBrackets() {
    FieldPath path = FieldPath.of("llm_invocation", "request").field("messages").index(1).key("user_id");
    assertThat(path).hasToString("llm_invocation.request.messages[1].user_id");
    assertThat(FieldPath.root()).hasToString("");
    assertThat(FieldPath.root().index(3).field("event_id")).hasToString("[3].event_id");
  }

  @Test
  void aKeyThatIsNotAnIdentifierIsQuotedAsAJsonString() {
    FieldPath metadata = FieldPath.of("metadata");
    assertThat(metadata.key("user-id")).hasToString("metadata[\"user-id\"]");
    assertThat(metadata.key("a.b")).hasToString("metadata[\"a.b\"]");
    assertThat(metadata.key("")).hasToString("metadata[\"\"]");
    assertThat(metadata.key("9lives")).hasToString("metadata[\"9lives\"]");
    assertThat(metadata.key("say \"hi\"\n")).hasToString("metadata[\"say \\\"hi\\\"\\n\"]");
    assertThat(metadata.key("\u202e\u0000")).hasToString("metadata[\"\u202e\\u0000\"]");
    assertThat(metadata.key("\ud800")).hasToString("metadata[\"\\ud800\"]");
  }

  @Test
  void theWrittenFormParsesBack() {
    FieldPath path = FieldPath.of("tool_call").field("arguments").key("a.b").index(2).key("x y");
    assertThat(FieldPath.parse(path.toString())).isEqualTo(path);
    assertThat(FieldPath.parse("$.tool_call.name")).isEqualTo(FieldPath.of("tool_call", "name"));
    assertThat(FieldPath.parse("[3].event_id")).isEqualTo(FieldPath.root().index(3).field("event_id"));
    assertThat(FieldPath.parse("")).isEqualTo(FieldPath.root());
  }

  @Test
  void aMalformedPathIsRefusedNamingTheOffset() {
    assertThatThrownBy(() -> FieldPath.parse("a..b")).hasMessageContaining("offset 2");
    assertThatThrownBy(() -> FieldPath.parse("a[x]")).hasMessageContaining("offset 2");
    assertThatThrownBy(() -> FieldPath.parse("a[\"b]")).hasMessageContaining("unclosed");
  }

  @Test
  void theNormalizedJsonPathFollowsRfc9535() {
    FieldPath path = FieldPath.of("metadata").key("it's").index(0).key("a\\b");
    assertThat(path.toNormalizedJsonPath()).isEqualTo("$['metadata']['it\\'s'][0]['a\\\\b']");
    assertThat(FieldPath.root().toNormalizedJsonPath()).isEqualTo("$");
  }

  @Test
  void pathsAreValuesAndShareTheirParents() {
    FieldPath a = FieldPath.of("x").key("y").index(0);
    FieldPath b = FieldPath.of("x").key("y").index(0);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(FieldPath.of("x", "y").index(0));
    assertThat(a.size()).isEqualTo(3);
    assertThat(a.parent()).isEqualTo(FieldPath.of("x").key("y"));
    assertThat(a.last()).isEqualTo(new FieldPath.Segment(FieldPath.Kind.INDEX, null, 0));
    assertThat(FieldPath.root().index(1).resolve(FieldPath.of("tool_call", "name")))
        .hasToString("[1].tool_call.name");
  }
}
