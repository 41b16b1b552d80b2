package ai.chaukas.spec.tests;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventsProto;
import ai.chaukas.spec.common.v1.QueryProto;
import ai.chaukas.spec.server.v1.GetEventStatsResponse;
import ai.chaukas.spec.server.v1.IngestEventBatchResponse;
import ai.chaukas.spec.server.v1.IngestEventResponse;
import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document and the proto messages agree field by field, in both directions: names,
 * types, enum values (prefix stripped) and the kinds of the {@code content} union.
 */
class OpenApiAgreementTest {

  private static final String REF = "#/components/schemas/";

  /** Oneof members whose OpenAPI kind differs from the proto field name. */
  private static final Map<String, String> KIND_OF_MEMBER = Map.of("policy", "policy_decision", "error", "error_info");

  /** Schemas with no proto message of the same name, and why. */
  private static final Set<String> SCHEMAS_WITHOUT_MESSAGE =
      Set.of(
          "EventContent", // the content oneof as a discriminated union
          "StateUpdate", // the state_update member, a bare Struct, wrapped as {kind, state}
          "Error"); // HTTP error body

  private static Map<String, Object> document;
  private static Map<String, Map<String, Object>> schemas;

  @SuppressWarnings("unchecked")
  @BeforeAll
  static void load() throws Exception {
    try (InputStream in = OpenApiAgreementTest.class.getResourceAsStream("/openapi/chaukas/spec/v1/public.yaml")) {
      assertThat(in).as("openapi/chaukas/spec/v1/public.yaml on the test classpath").isNotNull();
      document = new Yaml().load(in);
    }
    schemas = (Map<String, Map<String, Object>>) ((Map<String, Object>) document.get("components")).get("schemas");
  }

  /** Every message the OpenAPI document must describe, by schema name. */
  private static Map<String, Descriptor> messages() {
    Map<String, Descriptor> out = new LinkedHashMap<>();
    for (Descriptor d : EventsProto.getDescriptor().getMessageTypes()) {
      out.put(d.getName(), d);
    }
    for (Descriptor d : QueryProto.getDescriptor().getMessageTypes()) {
      out.put(d.getName(), d);
    }
    for (Descriptor d :
        List.of(
            IngestEventResponse.getDescriptor(),
            IngestEventBatchResponse.getDescriptor(),
            GetEventStatsResponse.getDescriptor())) {
      out.put(d.getName(), d);
    }
    return out;
  }

  private static List<EnumDescriptor> enums() {
    List<EnumDescriptor> out = new ArrayList<>(EventsProto.getDescriptor().getEnumTypes());
    out.addAll(QueryProto.getDescriptor().getEnumTypes());
    return out;
  }

  private static String kindOf(FieldDescriptor member) {
    return KIND_OF_MEMBER.getOrDefault(member.getName(), member.getName());
  }

  private static boolean isContentSchema(String name) {
    Descriptor event = Event.getDescriptor();
    return event.getOneofs().get(0).getFields().stream()
            .anyMatch(f -> f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                && f.getMessageType().getName().equals(name))
        && !name.equals("Struct");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(String schema) {
    assertThat(schemas).as("components.schemas").containsKey(schema);
    return (Map<String, Object>) schemas.get(schema).get("properties");
  }

  @Test
  void everySchemaHasItsMessageOrEnumAndBack() {
    Set<String> expected = new LinkedHashSet<>(messages().keySet());
    enums().forEach(e -> expected.add(e.getName()));
    expected.addAll(SCHEMAS_WITHOUT_MESSAGE);
    assertThat(schemas.keySet()).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void enumValuesAreTheProtoValuesWithoutPrefix() {
    for (EnumDescriptor e : enums()) {
      String prefix = e.findValueByNumber(0).getName().replaceFirst("UNSPECIFIED$", "");
      List<String> expected =
          e.getValues().stream()
              .filter(v -> v.getNumber() != 0)
              .map(EnumValueDescriptor::getName)
              .peek(v -> assertThat(v).startsWith(prefix))
              .map(v -> v.substring(prefix.length()))
              .collect(Collectors.toList());
      assertThat(schemas.get(e.getName())).as(e.getName()).containsEntry("type", "string");
      assertThat(schemas.get(e.getName()).get("enum")).as(e.getName()).isEqualTo(expected);
    }
  }

  @Test
  void messagePropertiesMatchProtoFieldsBothWays() {
    for (Map.Entry<String, Descriptor> entry : messages().entrySet()) {
      String name = entry.getKey();
      Descriptor message = entry.getValue();
      Map<String, Object> props = properties(name);
      assertThat(props).as("properties of %s", name).isNotNull();

      Map<String, FieldDescriptor> fields = new LinkedHashMap<>();
      for (FieldDescriptor f : message.getFields()) {
        if (message == Event.getDescriptor() && f.getContainingOneof() != null) {
          continue; // carried by `content`
        }
        fields.put(f.getName(), f);
      }
      Set<String> expectedNames = new LinkedHashSet<>(fields.keySet());
      if (isContentSchema(name)) {
        expectedNames.add("kind");
      }
      if (message == Event.getDescriptor()) {
        expectedNames.add("content");
      }
      assertThat(props.keySet()).as("properties of %s", name).containsExactlyInAnyOrderElementsOf(expectedNames);

      fields.forEach((fieldName, field) -> assertType(name + "." + fieldName, props.get(fieldName), field));
    }
  }

  @Test
  void contentUnionHasOneKindPerOneofMember() {
    Map<String, Object> content = schemas.get("EventContent");
    @SuppressWarnings("unchecked")
    Map<String, Object> discriminator = (Map<String, Object>) content.get("discriminator");
    assertThat(discriminator).containsEntry("propertyName", "kind");
    @SuppressWarnings("unchecked")
    Map<String, String> mapping = (Map<String, String>) discriminator.get("mapping");

    List<FieldDescriptor> members = Event.getDescriptor().getOneofs().get(0).getFields();
    assertThat(mapping.keySet())
        .containsExactlyInAnyOrderElementsOf(members.stream().map(OpenApiAgreementTest::kindOf).collect(Collectors.toList()));
    @SuppressWarnings("unchecked")
    List<Map<String, String>> oneOf = (List<Map<String, String>>) content.get("oneOf");
    assertThat(oneOf.stream().map(m -> m.get("$ref")).collect(Collectors.toSet()))
        .isEqualTo(Set.copyOf(mapping.values()));

    for (FieldDescriptor member : members) {
      String kind = kindOf(member);
      String schemaName = mapping.get(kind).substring(REF.length());
      Map<String, Object> props = properties(schemaName);
      @SuppressWarnings("unchecked")
      Map<String, Object> kindProperty = (Map<String, Object>) props.get("kind");
      assertThat(kindProperty).as("%s.kind", schemaName).containsEntry("enum", List.of(kind));
      assertThat((List<Object>) schemas.get(schemaName).get("required")).as("%s.required", schemaName).contains("kind");
      if (member.getMessageType().equals(Struct.getDescriptor())) {
        assertThat(schemaName).isEqualTo("StateUpdate");
        assertThat(props.keySet()).containsExactlyInAnyOrder("kind", "state");
        assertType("StateUpdate.state", props.get("state"), member);
      } else {
        assertThat(schemaName).isEqualTo(member.getMessageType().getName());
      }
    }
  }

  @Test
  void eventRequiresWhatTheSpecRequires() {
    assertThat((List<Object>) schemas.get("Event").get("required"))
        .containsExactlyInAnyOrder("event_id", "type", "status", "timestamp", "session_id");
    @SuppressWarnings("unchecked")
    Map<String, Object> contentRef = (Map<String, Object>) properties("Event").get("content");
    assertThat(contentRef).containsEntry("$ref", REF + "EventContent");
  }

  @Test
  void restSurfaceIsComplete() {
    assertThat(document).containsEntry("openapi", "3.0.3");
    @SuppressWarnings("unchecked")
    Map<String, Object> info = (Map<String, Object>) document.get("info");
    assertThat(String.valueOf(info.get("version"))).isEqualTo("1.0.5");
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
    assertThat(paths.keySet())
        .containsExactlyInAnyOrder("/healthz", "/v1/capabilities", "/v1/events", "/v1/events/batch", "/v1/query");
    assertThat(paths.get("/healthz")).containsKey("get");
    assertThat(paths.get("/v1/capabilities")).containsKey("get");
    assertThat(paths.get("/v1/events")).containsKey("post");
    assertThat(paths.get("/v1/events/batch")).containsKey("post");
    assertThat(paths.get("/v1/query")).containsKey("post");
  }

  /** Asserts that an OpenAPI property has the JSON type of a proto field. */
  @SuppressWarnings("unchecked")
  private static void assertType(String at, Object property, FieldDescriptor field) {
    assertThat(property).as(at).isInstanceOf(Map.class);
    Map<String, Object> p = (Map<String, Object>) property;
    if (field.isMapField()) {
      assertThat(p).as(at).containsEntry("type", "object");
      FieldDescriptor value = field.getMessageType().findFieldByName("value");
      assertScalarOrRef(at + "{}", (Map<String, Object>) p.get("additionalProperties"), value);
    } else if (field.isRepeated()) {
      assertThat(p).as(at).containsEntry("type", "array");
      assertScalarOrRef(at + "[]", (Map<String, Object>) p.get("items"), field);
    } else {
      assertScalarOrRef(at, p, field);
    }
  }

  private static void assertScalarOrRef(String at, Map<String, Object> p, FieldDescriptor field) {
    assertThat(p).as(at).isNotNull();
    switch (field.getJavaType()) {
      case STRING:
        assertThat(p).as(at).containsEntry("type", "string").doesNotContainKeys("format", "enum");
        break;
      case BOOLEAN:
        assertThat(p).as(at).containsEntry("type", "boolean");
        break;
      case INT:
        assertThat(p).as(at).containsEntry("type", "integer").containsEntry("format", "int32");
        break;
      case LONG:
        assertThat(p).as(at).containsEntry("type", "integer").containsEntry("format", "int64");
        break;
      case DOUBLE:
        assertThat(p).as(at).containsEntry("type", "number").containsEntry("format", "double");
        break;
      case ENUM:
        assertThat(p).as(at).containsEntry("$ref", REF + field.getEnumType().getName());
        break;
      case MESSAGE:
        Descriptor type = field.getMessageType();
        if (type.equals(Timestamp.getDescriptor())) {
          assertThat(p).as(at).containsEntry("type", "string").containsEntry("format", "date-time");
        } else if (type.equals(Struct.getDescriptor())) {
          assertThat(p).as(at).containsEntry("type", "object").containsEntry("additionalProperties", true);
        } else if (type.equals(Any.getDescriptor())) {
          assertThat(p).as(at).containsEntry("type", "object").containsEntry("required", List.of("@type"));
        } else {
          assertThat(p).as(at).containsEntry("$ref", REF + type.getName());
        }
        break;
      default:
        throw new AssertionError(at + ": no OpenAPI mapping for " + field.getType());
    }
  }
}
