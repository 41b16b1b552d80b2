package ai.chaukas.spec.toolkit.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.testing.internal.SampleEvents;
import ai.chaukas.spec.testing.internal.Values;
import ai.chaukas.spec.toolkit.FieldPath;
import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Walks the schema by its descriptors: every field of Event (and of the messages inside it) and of
 * EventBatch has an entry in {@link FieldRules}, and the validator does what the entry says. Each
 * field is broken in turn as its kind allows and must be reported at its own path, by {@code
 * validate} and, for events, by {@code validateSerialized} alike; a field exempt from a rule must
 * not be reported. A field added to the schema without an entry fails here.
 */
class FieldCoverageTest {

  private static final ValidationOptions LIMITS =
      ValidationOptions.builder().maxIdLength(40).maxStringLength(50).maxRepeatedCount(3).build();
  private static final EventValidator VALIDATOR = EventValidator.of(LIMITS);

  /** A message validated as a whole: the valid value each test breaks one field of. */
  private enum Root {
    EVENT(SampleEvents.validLlmEvent()),
    BATCH(EventBatch.newBuilder().setBatchId("b-1").addEvents(SampleEvents.validLlmEvent()).build());

    final Message valid;

    Root(Message valid) {
      this.valid = valid;
    }

    /** The violations of the root's own fields. */
    List<Violation> validate(Message m) {
      return this == EVENT ? VALIDATOR.validate((Event) m) : VALIDATOR.validate((EventBatch) m).batchViolations();
    }
  }

  /** A field that holds a value rather than a message of the spec, and how to reach it. */
  record Leaf(Root root, FieldPath path, List<FieldDescriptor> chain) {
    FieldDescriptor field() {
      return chain.get(chain.size() - 1);
    }

    FieldRules.Kind kind() {
      return FieldRules.of(field()).kind();
    }
  }

  /** Every field under {@code type}, entering the singular messages of the spec. */
  private static List<Leaf> leaves(Root root, Descriptor type, FieldPath at, List<FieldDescriptor> chain) {
    List<Leaf> out = new ArrayList<>();
    for (FieldDescriptor f : type.getFields()) {
      List<FieldDescriptor> next = new ArrayList<>(chain);
      next.add(f);
      if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isRepeated()
          && !f.getMessageType().getFile().getPackage().equals("google.protobuf")) {
        out.addAll(leaves(root, f.getMessageType(), at.field(f.getName()), next));
      } else {
        out.add(new Leaf(root, at.field(f.getName()), next));
      }
    }
    return out;
  }

  private static List<Leaf> leaves() {
    List<Leaf> all = new ArrayList<>(leaves(Root.EVENT, Event.getDescriptor(), FieldPath.root(), List.of()));
    all.addAll(leaves(Root.BATCH, EventBatch.getDescriptor(), FieldPath.root(), List.of()));
    return all;
  }

  /** Every field reachable from Event or EventBatch, messages included. */
  private static void allFields(Descriptor type, List<FieldDescriptor> out) {
    for (FieldDescriptor f : type.getFields()) {
      if (out.contains(f)) {
        continue;
      }
      out.add(f);
      if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
          && !f.getMessageType().getFile().getPackage().equals("google.protobuf")) {
        allFields(f.getMessageType(), out);
      }
    }
  }

  @Test
  void everyFieldHasAnEntry() {
    List<FieldDescriptor> fields = new ArrayList<>();
    allFields(Event.getDescriptor(), fields);
    allFields(EventBatch.getDescriptor(), fields);
    assertThat(fields).hasSizeGreaterThan(100);
    assertThat(fields.stream().filter(f -> FieldRules.of(f) == null).map(FieldDescriptor::getFullName))
        .as("fields without an entry in FieldRules: give each its kind there, then regenerate"
            + " docs/validation.md (see ValidationDocTest)")
        .isEmpty();
  }

  /** Sets the leaf of {@code root}'s valid message (creating the messages on its way) with {@code setter}. */
  private static Message with(Leaf leaf, BiConsumer<Message.Builder, FieldDescriptor> setter) {
    Message.Builder root = leaf.root().valid.toBuilder();
    Message.Builder b = root;
    List<FieldDescriptor> chain = leaf.chain();
    for (int i = 0; i < chain.size() - 1; i++) {
      b = b.getFieldBuilder(chain.get(i));
    }
    setter.accept(b, leaf.field());
    return root.build();
  }

  /** One way to break a value of a kind: the value, where it is reported, and by which rule. */
  record Break(String what, Object value, UnaryOperator<FieldPath> reportedAt, Rule rule) {}

  /**
   * The ways to break a value of {@code field}, an element of it when repeated; a null rule means
   * the value is allowed, as the field is exempt from the rule its type would have.
   */
  private static List<Break> breaks(FieldDescriptor field, FieldRules.Kind kind) {
    UnaryOperator<FieldPath> here = p -> p;
    return switch (kind) {
      case ID -> List.of(new Break("length", "z".repeat(41), here, Rule.ID_LENGTH));
      case STRING -> List.of(new Break("length", "z".repeat(51), here, Rule.STRING_LENGTH));
      case HASH -> List.of(new Break("format", "z".repeat(64), here, Rule.HASH_FORMAT));
      case NON_NEGATIVE -> switch (field.getJavaType()) {
        case DOUBLE -> List.of(
            new Break("NaN", Double.NaN, here, Rule.FINITE_NUMBER),
            new Break("infinity", Double.NEGATIVE_INFINITY, here, Rule.FINITE_NUMBER),
            new Break("negative", -1.0, here, Rule.NON_NEGATIVE));
        case INT -> List.of(new Break("negative", -1, here, Rule.NON_NEGATIVE));
        default -> List.of(new Break("negative", -1L, here, Rule.NON_NEGATIVE));
      };
      case FINITE -> List.of(
          new Break("NaN", Double.NaN, here, Rule.FINITE_NUMBER),
          new Break("infinity", Double.NEGATIVE_INFINITY, here, Rule.FINITE_NUMBER),
          new Break("negative, which is allowed", -1.0, here, null));
      case ENUM -> List.of(new Break("unknown number",
          field.getEnumType().findValueByNumberCreatingIfUnknown(99), here, Rule.KNOWN_ENUM));
      case TIMESTAMP -> List.of(new Break("range",
          Timestamp.newBuilder().setSeconds(Long.MAX_VALUE).build(), here, Rule.TIMESTAMP_RANGE));
      case STRUCT -> List.of(new Break("NaN inside",
          Struct.newBuilder().putFields("v", Values.num(Double.NaN)).build(), p -> p.key("v"),
          Rule.FINITE_NUMBER));
      case ANY -> List.of(new Break("type_url length",
          Any.newBuilder().setTypeUrl("y".repeat(51)).build(), p -> p.field("type_url"), Rule.STRING_LENGTH));
      case NONE -> field.isRepeated()
          ? List.of() // its count is the whole test: see everyFieldDoesWhatItsEntrySays
          : List.of(new Break("any value, which is allowed", sample(field), here, null));
      case MESSAGE -> throw new AssertionError(field.getFullName() + ": a message is not a leaf");
    };
  }

  /** A valid value of {@code field}'s type, for an element of a repeated field or an exempt field. */
  private static Object sample(FieldDescriptor field) {
    return switch (field.getJavaType()) {
      case STRING -> "";
      case INT -> 1;
      case LONG -> 1L;
      case DOUBLE -> 1.0;
      case BOOLEAN -> true;
      case ENUM -> field.getEnumType().getValues().get(0);
      case MESSAGE -> field.getMessageType().equals(Any.getDescriptor())
          ? Any.newBuilder().setTypeUrl("x").build()
          : DynamicMessage.getDefaultInstance(field.getMessageType());
      default -> throw new AssertionError("no sample value for " + field.getFullName());
    };
  }

  /** The violations of {@code m}; for an event, the fast path must find the same. */
  private static List<Violation> violations(Root root, Message m) throws Exception {
    List<Violation> violations = root.validate(m);
    if (root == Root.EVENT) {
      byte[] bytes = m.toByteArray();
      assertThat(VALIDATOR.validateSerialized(bytes, 0, bytes.length).violations())
          .as("from the bytes")
          .isEqualTo(violations);
    }
    return violations;
  }

  /** {@code rule} is reported at {@code path}; for a null rule, nothing is. */
  private static void assertReported(Root root, Message m, FieldPath path, Rule rule) throws Exception {
    List<Violation> violations = violations(root, m);
    if (rule == null) {
      assertThat(violations).extracting(Violation::path).doesNotContain(path);
    } else {
      assertThat(violations).as("violations when breaking %s", path).anySatisfy(v -> {
        assertThat(v.path()).isEqualTo(path);
        assertThat(v.rule()).isEqualTo(rule);
      });
    }
  }

  @TestFactory
  List<DynamicTest> everyFieldDoesWhatItsEntrySays() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Leaf leaf : leaves()) {
      FieldDescriptor f = leaf.field();
      FieldRules.Kind kind = leaf.kind();
      String name = leaf.root() + " " + leaf.path();
      if (f.isRepeated()) {
        tests.add(DynamicTest.dynamicTest(name + " count", () -> {
          Message m = with(leaf, (b, field) -> {
            for (int i = 0; i < 4; i++) {
              b.addRepeatedField(field, sample(field));
            }
          });
          assertReported(leaf.root(), m, leaf.path(), kind == FieldRules.Kind.NONE ? null : Rule.REPEATED_COUNT);
        }));
      }
      for (Break broken : breaks(f, kind)) {
        tests.add(DynamicTest.dynamicTest(name + " " + broken.what(), () -> {
          int[] index = {-1};
          Message m = with(leaf, (b, field) -> {
            if (field.isRepeated()) {
              index[0] = b.getRepeatedFieldCount(field);
              b.addRepeatedField(field, broken.value());
            } else {
              b.setField(field, broken.value());
            }
          });
          FieldPath at = index[0] < 0 ? leaf.path() : leaf.path().index(index[0]);
          assertReported(leaf.root(), m, broken.reportedAt().apply(at), broken.rule());
        }));
      }
    }
    assertThat(tests).hasSizeGreaterThan(100);
    return tests;
  }

  /**
   * Rule id-characters holds in exactly the fields of kind identifier, on both paths: a control
   * character is reported in each of them, and in no other string.
   */
  @TestFactory
  List<DynamicTest> exactlyTheIdentifiersRejectControlCharacters() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Leaf leaf : leaves()) {
      FieldDescriptor f = leaf.field();
      if (leaf.root() != Root.EVENT || f.isRepeated() || f.getJavaType() != FieldDescriptor.JavaType.STRING) {
        continue;
      }
      tests.add(DynamicTest.dynamicTest(leaf.path() + " control character", () -> {
        Message e = with(leaf, (b, field) -> b.setField(field, "id\u001Bx"));
        List<Violation> expected = leaf.kind() == FieldRules.Kind.ID
            ? List.of(new Violation(Rule.ID_CHARACTERS, leaf.path(),
                "holds control character U+001B at position 2; identifiers must be printable text"))
            : List.of();
        assertThat(violations(Root.EVENT, e)).filteredOn(v -> v.rule() == Rule.ID_CHARACTERS).isEqualTo(expected);
      }));
    }
    assertThat(tests).hasSizeGreaterThan(40);
    return tests;
  }
}
