package ai.chaukas.spec.reference.internal;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.toolkit.validation.SerializedEvent;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;

/**
 * The fields of an event that the stores on disk index besides its tenant, id and timestamp.
 *
 * @param projectId the event's {@code project_id}
 * @param sessionId the event's {@code session_id}
 * @param type the number of the event's {@code type}
 */
record IndexedFields(String projectId, String sessionId, int type) {

  private static final int PROJECT_ID_TAG =
      Event.PROJECT_ID_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int SESSION_ID_TAG =
      Event.SESSION_ID_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int TYPE_TAG = Event.TYPE_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_VARINT;

  /**
   * The indexed fields of a valid event, read from its top-level fields without parsing the rest:
   * a full parse of a ~1.5 KB event (its Structs, maps and lists) costs more than its insert. As in
   * a parse, the last occurrence of a field wins.
   */
  static IndexedFields of(SerializedEvent event) throws IOException {
    CodedInputStream in = event.bytes().newCodedInput();
    String projectId = "";
    String sessionId = "";
    int type = 0;
    for (int tag; (tag = in.readTag()) != 0; ) {
      if (tag == PROJECT_ID_TAG) {
        projectId = in.readStringRequireUtf8();
      } else if (tag == SESSION_ID_TAG) {
        sessionId = in.readStringRequireUtf8();
      } else if (tag == TYPE_TAG) {
        type = in.readEnum();
      } else {
        in.skipField(tag);
      }
    }
    return new IndexedFields(projectId, sessionId, type);
  }
}
