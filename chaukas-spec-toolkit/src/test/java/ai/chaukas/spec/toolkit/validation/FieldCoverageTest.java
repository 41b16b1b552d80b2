package ai.chaukas.spec.toolkit.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.testing.internal.SampleEvents;
import ai.chaukas.spec.testing.internal.Values;
import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Walks the Event schema by its descriptors so that no field escapes the size and number rules:
 * every string, repeated field and number of every message reachable from Event is broken in turn
 * and must be reported at its own path. A field added to the schema without a check fails here.
 * Rule id-characters must hold in exactly the fields rule id-length treats as identifiers.
 */
class FieldCoverageTest {

  private static final ValidationOptions LIMITS =
      ValidationOptions.builder().maxIdLength(40).maxStringLength(50).maxRepeatedCount(3).build();

  /** Doubles that may be negative; every other number must not be. */
  private static final Set<String> MAY_BE_NEGATIVE =
      Set.of("llm_invocation.frequency_penalty", "llm_invocation.presence_penalty");

  record Leaf(String path, List<FieldDescriptor> chain) {}

  private static List<Leaf> leaves(Descriptor type, String prefix, List<FieldDescriptor> chain) {
    List<Leaf> out = new ArrayList<>();
    for (FieldDescriptor f : type.getFields()) {
      String path = prefix + f.getName();
      List<FieldDescriptor> next = new ArrayList<>(chain);
      next.add(f);
      if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isRepeated()) {
        Descriptor t = f.getMessageType();
        if (!t.equals(Struct.getDescriptor()) && !t.equals(Timestamp.getDescriptor())) {
          out.addAll(leaves(t, path + ".", next));
          continue;
        }
      }
      out.add(new Leaf(path, next));
    }
    return out;
  }

  /** Sets the leaf (creating the messages on its way) with {@code setter}. */
  private static Event with(Leaf leaf, java.util.function.BiConsumer<Message.Builder, FieldDescriptor> setter) {
    Event.Builder root = SampleEvents.validLlmEvent().toBuilder();
    Message.Builder b = root;
    List<FieldDescriptor> chain = leaf.chain();
    for (int i = 0; i < chain.size() - 1; i++) {
      b = b.getFieldBuilder(chain.get(i));
    }
    setter.accept(b, chain.get(chain.size() - 1));
    return root.build();
  }

  private static void assertReported(Event e, String path, Rule... rules) {
    assertThat(EventValidator.of(LIMITS).validate(e))
        .as("violations when breaking %s", path)
        .anySatisfy(v -> {
          assertThat(v.path()).isEqualTo(path);
          assertThat(v.rule()).isIn((Object[]) rules);
        });
  }

  @TestFactory
  List<DynamicTest> everyFieldIsBounded() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Leaf leaf : leaves(Event.getDescriptor(), "", List.of())) {
      FieldDescriptor f = leaf.chain().get(leaf.chain().size() - 1);
      String path = leaf.path();
      if (f.isRepeated()) {
        tests.add(DynamicTest.dynamicTest(path + " count", () -> {
          Event e = with(leaf, (b, field) -> {
            for (int i = 0; i < 4; i++) {
              b.addRepeatedField(field, element(field, "x"));
            }
          });
          assertReported(e, path, Rule.REPEATED_COUNT);
        }));
        if (f.getJavaType() == FieldDescriptor.JavaType.STRING || f.getMessageType() == Any.getDescriptor()) {
          tests.add(DynamicTest.dynamicTest(path + " element length", () -> {
            int[] index = new int[1];
            Event e = with(leaf, (b, field) -> {
              index[0] = b.getRepeatedFieldCount(field);
              b.addRepeatedField(field, element(field, "y".repeat(51)));
            });
            String at = path + "[" + index[0] + "]";
            assertReported(e, f.getJavaType() == FieldDescriptor.JavaType.STRING ? at : at + ".type_url",
                Rule.STRING_LENGTH);
          }));
        }
        continue;
      }
      switch (f.getJavaType()) {
        case STRING -> tests.add(DynamicTest.dynamicTest(path + " length", () -> {
          Event e = with(leaf, (b, field) -> b.setField(field, "z".repeat(51)));
          assertReported(e, path, Rule.STRING_LENGTH, Rule.ID_LENGTH, Rule.HASH_FORMAT);
        }));
        case DOUBLE -> {
          tests.add(DynamicTest.dynamicTest(path + " NaN", () ->
              assertReported(with(leaf, (b, field) -> b.setField(field, Double.NaN)), path, Rule.FINITE_NUMBER)));
          tests.add(DynamicTest.dynamicTest(path + " infinity", () ->
              assertReported(with(leaf, (b, field) -> b.setField(field, Double.NEGATIVE_INFINITY)), path, Rule.FINITE_NUMBER)));
          tests.add(DynamicTest.dynamicTest(path + " negative", () -> {
            Event e = with(leaf, (b, field) -> b.setField(field, -1.0));
            if (MAY_BE_NEGATIVE.contains(path)) {
              assertThat(EventValidator.of(LIMITS).validate(e)).extracting(Violation::path).doesNotContain(path);
            } else {
              assertReported(e, path, Rule.NON_NEGATIVE);
            }
          }));
        }
        case INT, LONG -> tests.add(DynamicTest.dynamicTest(path + " negative", () -> {
          Event e = with(leaf, (b, field) -> b.setField(field, f.getJavaType() == FieldDescriptor.JavaType.INT ? (Object) (-1) : (Object) (-1L)));
          assertReported(e, path, Rule.NON_NEGATIVE);
        }));
        case MESSAGE -> {
          if (f.getMessageType().equals(Struct.getDescriptor())) {
            tests.add(DynamicTest.dynamicTest(path + " NaN inside", () -> {
              Event e = with(leaf, (b, field) -> b.setField(field, Struct.newBuilder().putFields("v", Values.num(Double.NaN)).build()));
              assertReported(e, path + ".v", Rule.FINITE_NUMBER);
            }));
          } else {
            tests.add(DynamicTest.dynamicTest(path + " range", () -> {
              Event e = with(leaf, (b, field) -> b.setField(field, Timestamp.newBuilder().setSeconds(Long.MAX_VALUE).build()));
              assertReported(e, path, Rule.TIMESTAMP_RANGE);
            }));
          }
        }
        default -> { } // booleans and enums: every value of a bool is fine; enums have their own rules
      }
    }
    assertThat(tests).hasSizeGreaterThan(100);
    return tests;
  }

  /**
   * Rule id-characters covers exactly the fields rule id-length treats as identifiers, on both
   * paths: a control character is reported in each of them, and in no other string.
   */
  @TestFactory
  List<DynamicTest> exactlyTheIdentifiersRejectControlCharacters() {
    EventValidator validator = EventValidator.of(LIMITS);
    List<Leaf> strings = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (Leaf leaf : leaves(Event.getDescriptor(), "", List.of())) {
      FieldDescriptor f = leaf.chain().get(leaf.chain().size() - 1);
      if (f.isRepeated() || f.getJavaType() != FieldDescriptor.JavaType.STRING) {
        continue;
      }
      strings.add(leaf);
      Event overlong = with(leaf, (b, field) -> b.setField(field, "z".repeat(41)));
      if (validator.validate(overlong).contains(
          new Violation(Rule.ID_LENGTH, leaf.path(), "identifier of 41 characters; at most 40 are allowed"))) {
        ids.add(leaf.path());
      }
    }
    assertThat(ids).containsExactlyInAnyOrder(
        "event_id", "tenant_id", "project_id", "session_id", "span_id", "parent_span_id", "trace_id",
        "agent_id", "invocation_id", "response_id", "tool_call.id", "tool_response.tool_call_id",
        "agent_handoff.from_agent_id", "agent_handoff.to_agent_id", "redaction.salt_id");

    List<DynamicTest> tests = new ArrayList<>();
    for (Leaf leaf : strings) {
      String path = leaf.path();
      tests.add(DynamicTest.dynamicTest(path + " control character", () -> {
        Event e = with(leaf, (b, field) -> b.setField(field, "id\u001Bx"));
        List<Violation> violations = validator.validate(e);
        List<Violation> expected = ids.contains(path)
            ? List.of(new Violation(Rule.ID_CHARACTERS, path,
                "holds control character U+001B at position 2; identifiers must be printable text"))
            : List.of();
        assertThat(violations).filteredOn(v -> v.rule() == Rule.ID_CHARACTERS).isEqualTo(expected);
        byte[] bytes = e.toByteArray();
        assertThat(validator.validateSerialized(bytes, 0, bytes.length).violations()).isEqualTo(violations);
      }));
    }
    return tests;
  }

  private static Object element(FieldDescriptor field, String text) {
    if (field.getJavaType() == FieldDescriptor.JavaType.STRING) {
      return text;
    }
    return Any.newBuilder().setTypeUrl(text).build();
  }
}
