package ai.chaukas.spec.toolkit.integrity;

import ai.chaukas.spec.toolkit.internal.json.EcmaScriptNumbers;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The slow, obviously-right route to canonical JSON, for differential tests only: print with
 * JsonFormat (original field names), parse with Gson, write RFC 8785 by a separate small writer.
 */
final class JcsReference {

  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();

  private JcsReference() {}

  static String of(MessageOrBuilder m) {
    try {
      return canonicalize(JsonParser.parseString(PRINTER.print(m)));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static String canonicalize(JsonElement e) {
    StringBuilder sb = new StringBuilder();
    write(e, sb);
    return sb.toString();
  }

  private static void write(JsonElement e, StringBuilder sb) {
    if (e.isJsonNull()) {
      sb.append("null");
    } else if (e.isJsonObject()) {
      JsonObject o = e.getAsJsonObject();
      List<String> keys = new ArrayList<>(o.keySet());
      Collections.sort(keys);
      sb.append('{');
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        string(keys.get(i), sb);
        sb.append(':');
        write(o.get(keys.get(i)), sb);
      }
      sb.append('}');
    } else if (e.isJsonArray()) {
      JsonArray a = e.getAsJsonArray();
      sb.append('[');
      for (int i = 0; i < a.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(a.get(i), sb);
      }
      sb.append(']');
    } else {
      JsonPrimitive p = e.getAsJsonPrimitive();
      if (p.isBoolean()) {
        sb.append(p.getAsBoolean());
      } else if (p.isNumber()) {
        sb.append(EcmaScriptNumbers.toString(Double.parseDouble(p.getAsString())));
      } else {
        string(p.getAsString(), sb);
      }
    }
  }

  private static final Map<Character, String> SHORT =
      Map.of('"', "\\\"", '\\', "\\\\", '\b', "\\b", '\f', "\\f", '\n', "\\n", '\r', "\\r", '\t', "\\t");

  private static void string(String s, StringBuilder sb) {
    sb.append('"');
    for (char c : s.toCharArray()) {
      String esc = SHORT.get(c);
      if (esc != null) {
        sb.append(esc);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }
}
