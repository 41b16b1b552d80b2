package ai.chaukas.spec.toolkit.json;

/** Writing JSON string literals, fast enough for the printer's hot path. */
final class JsonText {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonText() {}

  /**
   * Appends {@code s} as a quoted JSON string. Escapes what JSON requires, plus U+2028 and U+2029
   * (so the output is also valid JavaScript) and unpaired surrogates (so that decoding the output
   * restores the exact Java string instead of a replacement character).
   */
  static void appendQuoted(StringBuilder out, String s) {
    out.append('"');
    int length = s.length();
    int runStart = 0;
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\' && c < 0x2028) {
        continue;
      }
      String escape = escape(s, i, c);
      if (escape == null) {
        continue;
      }
      out.append(s, runStart, i);
      if (escape.isEmpty()) {
        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf])
            .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
      } else {
        out.append(escape);
      }
      runStart = i + 1;
    }
    out.append(s, runStart, length).append('"');
  }

  /**
   * Returns the escape for the character at {@code i}: null when it needs none, the empty string
   * for a {@code \}{@code uXXXX} escape, otherwise the short escape.
   */
  private static String escape(String s, int i, char c) {
    switch (c) {
      case '"':
        return "\\\"";
      case '\\':
        return "\\\\";
      case '\n':
        return "\\n";
      case '\r':
        return "\\r";
      case '\t':
        return "\\t";
      case '\b':
        return "\\b";
      case '\f':
        return "\\f";
      case '\u2028':
      case '\u2029':
        return "";
      default:
        if (c < 0x20) {
          return "";
        }
        if (Character.isHighSurrogate(c)) {
          return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)) ? null : "";
        }
        if (Character.isLowSurrogate(c)) {
          return i > 0 && Character.isHighSurrogate(s.charAt(i - 1)) ? null : "";
        }
        return null;
    }
  }

  /**
   * Returns true when {@code key} can follow a dot in a path ({@code metadata.user_id}); other keys
   * are written as {@code ["a.b"]} so that the path stays unambiguous.
   */
  static boolean isPlainKey(String key) {
    if (key.isEmpty()) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c <= ' ' || c == '.' || c == '[' || c == ']' || c == '"' || c == '\\' || c == 0x7f) {
        return false;
      }
    }
    return true;
  }
}
