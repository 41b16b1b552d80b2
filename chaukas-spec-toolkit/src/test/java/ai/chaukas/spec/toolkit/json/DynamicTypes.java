package ai.chaukas.spec.toolkit.json;

import ai.chaukas.spec.common.v1.Event;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.WrappersProto;

/**
 * Message types built at run time, as a CLI loading a descriptor set would see them: they cover
 * what the spec's common messages lack (int64, uint64, maps, bytes, wrappers, Duration, FieldMask,
 * proto3 optional, recursion) and stand in for the client/server wrappers the toolkit cannot see.
 */
final class DynamicTypes {

  /** {@code acme.v1.Stats}: one field of every kind the codecs handle. */
  static final Descriptor STATS;

  /** {@code acme.v1.Color}'s values: COLOR_UNSPECIFIED, COLOR_RED, COLOR_GREEN. */
  static final String COLOR = "acme.v1.Color";

  /** {@code chaukas.spec.client.v1.IngestEventRequest}, rebuilt from its published shape. */
  static final Descriptor INGEST_EVENT_REQUEST;

  static {
    try {
      FileDescriptorProto stats =
          FileDescriptorProto.newBuilder()
              .setName("acme/v1/stats.proto")
              .setPackage("acme.v1")
              .setSyntax("proto3")
              .addDependency("google/protobuf/duration.proto")
              .addDependency("google/protobuf/field_mask.proto")
              .addDependency("google/protobuf/wrappers.proto")
              .addDependency("google/protobuf/timestamp.proto")
              .addEnumType(EnumDescriptorProto.newBuilder().setName("Color")
                  .addValue(EnumValueDescriptorProto.newBuilder().setName("COLOR_UNSPECIFIED").setNumber(0))
                  .addValue(EnumValueDescriptorProto.newBuilder().setName("COLOR_RED").setNumber(1))
                  .addValue(EnumValueDescriptorProto.newBuilder().setName("COLOR_GREEN").setNumber(2)))
              .addMessageType(DescriptorProto.newBuilder().setName("Stats")
                  .addNestedType(mapEntry("EventsByTypeEntry", Type.TYPE_STRING, Type.TYPE_INT64, null))
                  .addNestedType(mapEntry("FlagsEntry", Type.TYPE_BOOL, Type.TYPE_STRING, null))
                  .addNestedType(mapEntry("ChildrenEntry", Type.TYPE_INT32, Type.TYPE_MESSAGE, ".acme.v1.Stats"))
                  .addOneofDecl(OneofDescriptorProto.newBuilder().setName("_explicit"))
                  .addField(field("total_events", 1, Type.TYPE_INT64))
                  .addField(field("events_by_type", 2, Type.TYPE_MESSAGE).setLabel(Label.LABEL_REPEATED)
                      .setTypeName(".acme.v1.Stats.EventsByTypeEntry"))
                  .addField(field("avg_session_duration_ms", 3, Type.TYPE_DOUBLE))
                  .addField(field("big", 4, Type.TYPE_UINT64))
                  .addField(field("medium", 5, Type.TYPE_UINT32))
                  .addField(field("ratio", 6, Type.TYPE_FLOAT))
                  .addField(field("blob", 7, Type.TYPE_BYTES))
                  .addField(field("delta", 8, Type.TYPE_SINT32))
                  .addField(field("f64", 9, Type.TYPE_FIXED64))
                  .addField(field("color", 10, Type.TYPE_ENUM).setTypeName(".acme.v1.Color"))
                  .addField(field("colors", 11, Type.TYPE_ENUM).setTypeName(".acme.v1.Color")
                      .setLabel(Label.LABEL_REPEATED))
                  .addField(field("elapsed", 12, Type.TYPE_MESSAGE).setTypeName(".google.protobuf.Duration"))
                  .addField(field("mask", 13, Type.TYPE_MESSAGE).setTypeName(".google.protobuf.FieldMask"))
                  .addField(field("maybe", 14, Type.TYPE_MESSAGE).setTypeName(".google.protobuf.Int64Value"))
                  .addField(field("flags", 15, Type.TYPE_MESSAGE).setLabel(Label.LABEL_REPEATED)
                      .setTypeName(".acme.v1.Stats.FlagsEntry"))
                  .addField(field("children", 16, Type.TYPE_MESSAGE).setLabel(Label.LABEL_REPEATED)
                      .setTypeName(".acme.v1.Stats.ChildrenEntry"))
                  .addField(field("explicit", 17, Type.TYPE_INT32).setProto3Optional(true).setOneofIndex(0))
                  .addField(field("times", 18, Type.TYPE_MESSAGE).setLabel(Label.LABEL_REPEATED)
                      .setTypeName(".google.protobuf.Timestamp")))
              .build();
      STATS =
          FileDescriptor.buildFrom(stats, new FileDescriptor[] {
                DurationProto.getDescriptor(), FieldMaskProto.getDescriptor(), WrappersProto.getDescriptor(),
                TimestampProto.getDescriptor()})
              .findMessageTypeByName("Stats");

      FileDescriptor events = Event.getDescriptor().getFile();
      FileDescriptorProto client =
          FileDescriptorProto.newBuilder()
              .setName("chaukas/spec/client/v1/client.proto")
              .setPackage("chaukas.spec.client.v1")
              .setSyntax("proto3")
              .addDependency(events.getName())
              .addMessageType(DescriptorProto.newBuilder().setName("IngestEventRequest")
                  .addField(field("event", 1, Type.TYPE_MESSAGE).setTypeName(".chaukas.spec.common.v1.Event")))
              .build();
      INGEST_EVENT_REQUEST =
          FileDescriptor.buildFrom(client, new FileDescriptor[] {events}).findMessageTypeByName("IngestEventRequest");
    } catch (DescriptorValidationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private DynamicTypes() {}

  private static FieldDescriptorProto.Builder field(String name, int number, Type type) {
    return FieldDescriptorProto.newBuilder()
        .setName(name)
        .setNumber(number)
        .setType(type)
        .setLabel(Label.LABEL_OPTIONAL)
        .setJsonName(lowerCamel(name));
  }

  private static String lowerCamel(String name) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : name.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  private static DescriptorProto mapEntry(String name, Type key, Type value, String valueTypeName) {
    FieldDescriptorProto.Builder valueField = field("value", 2, value);
    if (valueTypeName != null) {
      valueField.setTypeName(valueTypeName);
    }
    return DescriptorProto.newBuilder()
        .setName(name)
        .setOptions(MessageOptions.newBuilder().setMapEntry(true))
        .addField(field("key", 1, key))
        .addField(valueField)
        .build();
  }
}
