package ai.chaukas.spec.cli;

/**
 * Text that came from the input (ids, keys, values, decoder messages, file names), made safe to
 * print on one line of a terminal. A crafted file must not be able to end a line of ours and forge
 * the next ("valid", "intact"), move the cursor, recolour the screen or reorder what is shown, so
 * every character that could is written as an escape: {@code \n}, {@code \r}, {@code \t}, and
 * {@code \\uXXXX} for the other C0 and C1 controls, DEL, the line and paragraph separators, the
 * bidirectional formatting characters and unpaired surrogates. A backslash is doubled, so the
 * escaped form names exactly one original.
 */
final class Printable {

  private Printable() {}

  /** {@code text} with every character that is not safe to print escaped; {@code null} reads as "null". */
  static String of(String text) {
    if (text == null) {
      return "null";
    }
    int first = 0;
    while (first < text.length() && !needsEscape(text, first)) {
      first++;
    }
    if (first == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!needsEscape(text, i)) {
        out.append(c);
        if (Character.isHighSurrogate(c)) {
          out.append(text.charAt(++i));
        }
        continue;
      }
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\\' -> out.append("\\\\");
        default -> out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }

  private static boolean needsEscape(String text, int i) {
    char c = text.charAt(i);
    if (c >= 0x20 && c < 0x7F) {
      return c == '\\';
    }
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
      return true;
    }
    if (c == '\u200E' || c == '\u200F' || c == '\u2028' || c == '\u2029'
        || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
      return true;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
    }
    return Character.isLowSurrogate(c); // a low surrogate reached here has no high one before it
  }
}
