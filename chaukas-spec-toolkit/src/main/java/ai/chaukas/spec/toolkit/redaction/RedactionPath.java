package ai.chaukas.spec.toolkit.redaction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A path to one value of an event, over its proto3 JSON with the proto field names
 * ({@code snake_case}). Three spellings are accepted and all normalize to the RFC 9535 normalized
 * path:
 *
 * <pre>
 *   $['llm_invocation']['request']['messages'][0]['content']   RFC 9535 normalized path (what is recorded)
 *   llm_invocation.request.messages[0].content                 dotted shorthand, from the event root
 *   metadata['odd key'] or $.metadata["odd key"]               quoted names for keys that are not identifiers
 * </pre>
 *
 * <p>A path has at least one segment; each segment is a {@link Name} (a proto field or a
 * {@code Struct} key) or an {@link Index} (an element of a repeated field or a {@code ListValue}).
 * Only paths that select one value are accepted: no wildcards, slices, filters, unions, descendant
 * segments or negative indices. Parsing checks the syntax only; whether the names exist is checked
 * against an event by {@link Redactor}. {@code docs/redaction.md} gives the grammar.
 *
 * <p>Immutable. Equality is by segments, so every spelling of one path is equal. The natural order
 * compares segment by segment (indices numerically, an index before a name, a prefix before its
 * extensions).
 */
public final class RedactionPath implements Comparable<RedactionPath> {

  /** One step of a path. */
  public sealed interface Segment permits Name, Index {}

  /**
   * A proto field (by its proto name) or a {@code Struct} key.
   *
   * @param name the field name or key; any string for a key, even an empty one
   */
  public record Name(String name) implements Segment {
    /** Checks that {@code name} is not null. */
    public Name {
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * An element of a repeated field or of a {@code ListValue}, counted from 0.
   *
   * @param index the 0-based index, not negative
   */
  public record Index(int index) implements Segment {
    /** Checks that {@code index} is not negative. */
    public Index {
      if (index < 0) {
        throw new IllegalArgumentException("index " + index + " is negative; indices count from 0");
      }
    }
  }

  private static final RedactionPath ROOT = new RedactionPath(List.of());

  private final List<Segment> segments;
  private String normalized;

  private RedactionPath(List<Segment> segments) {
    this.segments = segments;
  }

  /** The empty path {@code $}: the event itself. It is a starting point, never a redaction target. */
  public static RedactionPath root() {
    return ROOT;
  }

  /** This path followed by the field or key {@code name}. */
  public RedactionPath name(String name) {
    return append(new Name(name));
  }

  /** This path followed by the element {@code index}. */
  public RedactionPath index(int index) {
    return append(new Index(index));
  }

  private RedactionPath append(Segment s) {
    List<Segment> next = new ArrayList<>(segments.size() + 1);
    next.addAll(segments);
    next.add(s);
    return new RedactionPath(Collections.unmodifiableList(next));
  }

  /** The segments, in order; empty for {@link #root()}. */
  public List<Segment> segments() {
    return segments;
  }

  /** Whether this is {@link #root()}. */
  public boolean isRoot() {
    return segments.isEmpty();
  }

  /**
   * The RFC 9535 normalized path: {@code $} followed by {@code ['name']} and {@code [index]}
   * segments; in names {@code '} and {@code \} are escaped with a backslash, {@code \b \f \n \r
   * \t} are written so, other characters below U+0020 as <code>&#92;u00XX</code> (lowercase hex), and every
   * other character as itself.
   */
  public String normalized() {
    String n = normalized;
    if (n == null) {
      StringBuilder sb = new StringBuilder("$");
      for (Segment s : segments) {
        if (s instanceof Index i) {
          sb.append('[').append(i.index()).append(']');
        } else {
          sb.append("['");
          appendEscaped(sb, ((Name) s).name());
          sb.append("']");
        }
      }
      n = sb.toString();
      normalized = n;
    }
    return n;
  }

  /** The {@link #normalized()} form. */
  @Override
  public String toString() {
    return normalized();
  }

  /** Equal when the segments are equal, however the paths were spelled. */
  @Override
  public boolean equals(Object o) {
    return o instanceof RedactionPath p && p.segments.equals(segments);
  }

  @Override
  public int hashCode() {
    return segments.hashCode();
  }

  /** Segment by segment: indices numerically, an index before a name, names by code point. */
  @Override
  public int compareTo(RedactionPath other) {
    int n = Math.min(segments.size(), other.segments.size());
    for (int i = 0; i < n; i++) {
      int c = compareSegments(segments.get(i), other.segments.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(segments.size(), other.segments.size());
  }

  static int compareSegments(Segment a, Segment b) {
    if (a instanceof Index x) {
      return b instanceof Index y ? Integer.compare(x.index(), y.index()) : -1;
    }
    if (b instanceof Index) {
      return 1;
    }
    return CODE_POINT_ORDER.compare(((Name) a).name(), ((Name) b).name());
  }

  /**
   * Orders strings by Unicode code point, which is the order of their UTF-8 bytes and what Python's
   * {@code sorted()} and Go's {@code sort.Strings} give ({@link String#compareTo} differs above
   * U+FFFF).
   */
  static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  };

  private static void appendEscaped(StringBuilder sb, String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      switch (c) {
        case '\'' -> sb.append("\\'");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
  }

  /**
   * Parses any accepted spelling (see the class comment).
   *
   * @throws RedactionException of kind {@link RedactionException.Kind#SYNTAX} naming the path and
   *     the 0-based position of the problem
   */
  public static RedactionPath parse(String text) {
    Objects.requireNonNull(text, "path");
    return new Parser(text).parse();
  }

  private static final class Parser {
    private final String text;
    private int pos;
    private final List<Segment> segments = new ArrayList<>();

    Parser(String text) {
      this.text = text;
    }

    RedactionPath parse() {
      if (text.isEmpty()) {
        throw error(0, "the path is empty; name a field, e.g. message.text");
      }
      char first = text.charAt(0);
      if (first == '$') {
        pos = 1;
      } else if (isNameStart(first)) {
        segments.add(new Name(identifier()));
      } else if (first != '[') {
        throw error(0, "a path starts with '$' or a field name");
      }
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == '.') {
          dotted();
        } else if (c == '[') {
          bracketed();
        } else {
          throw error(pos, "expected '.' or '[' but found '" + printable(c) + "'");
        }
      }
      if (segments.isEmpty()) {
        throw error(0, "the path names the whole event; name a value inside it, e.g. $['message']['text']");
      }
      return new RedactionPath(List.copyOf(segments));
    }

    private void dotted() {
      pos++; // '.'
      if (pos >= text.length()) {
        throw error(pos, "expected a name after '.'");
      }
      char c = text.charAt(pos);
      if (c == '.') {
        throw error(pos - 1, "descendant segments ('..') select many values; name each value");
      }
      if (c == '*') {
        throw error(pos, "wildcards select many values; name each value");
      }
      if (c >= '0' && c <= '9') {
        throw error(pos, "expected a name after '.'; write an index as [" + c + "]");
      }
      if (!isNameStart(c)) {
        throw error(pos, "expected a name after '.'; quote other keys as ['" + printable(c) + "...']");
      }
      segments.add(new Name(identifier()));
    }

    private String identifier() {
      int start = pos;
      pos++;
      while (pos < text.length() && isNamePart(text.charAt(pos))) {
        pos++;
      }
      return text.substring(start, pos);
    }

    private void bracketed() {
      int open = pos;
      pos++; // '['
      blanks();
      if (pos >= text.length()) {
        throw error(pos, "expected an index or a quoted name after '['");
      }
      char c = text.charAt(pos);
      if (c == '\'' || c == '"') {
        segments.add(new Name(quoted(c)));
      } else if (c >= '0' && c <= '9') {
        segments.add(new Index(index()));
      } else if (c == '-') {
        throw error(pos, "negative indices are not accepted; count from the start (0 is the first element)");
      } else if (c == '*') {
        throw error(pos, "wildcards select many values; name each value");
      } else if (c == '?') {
        throw error(pos, "filters select many values; name each value");
      } else if (c == ':') {
        throw error(pos, "slices select many values; name each value");
      } else {
        throw error(pos, "expected an index or a quoted name after '[' but found '" + printable(c) + "'");
      }
      blanks();
      if (pos >= text.length()) {
        throw error(pos, "expected ']' to close the '[' at position " + open);
      }
      char close = text.charAt(pos);
      if (close == ',') {
        throw error(pos, "unions select many values; name each value in its own path");
      }
      if (close == ':') {
        throw error(pos, "slices select many values; name each value");
      }
      if (close != ']') {
        throw error(pos, "expected ']' but found '" + printable(close) + "'");
      }
      pos++;
    }

    private int index() {
      int start = pos;
      if (text.charAt(pos) == '0' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1))) {
        throw error(pos, "an index has no leading zeros");
      }
      long value = 0;
      while (pos < text.length() && isDigit(text.charAt(pos))) {
        value = value * 10 + (text.charAt(pos) - '0');
        if (value > Integer.MAX_VALUE) {
          throw error(start, "index is larger than " + Integer.MAX_VALUE);
        }
        pos++;
      }
      return (int) value;
    }

    /** An RFC 9535 string literal; {@code pos} is at the opening quote. */
    private String quoted(char quote) {
      int open = pos;
      pos++;
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (pos >= text.length()) {
          throw error(open, "the quoted name is not closed; add " + quote);
        }
        char c = text.charAt(pos);
        if (c == quote) {
          pos++;
          return sb.toString();
        }
        if (c == '\\') {
          pos++;
          if (pos >= text.length()) {
            throw error(pos - 1, "a backslash ends the path; escape it as \\\\");
          }
          char e = text.charAt(pos);
          switch (e) {
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case '/' -> sb.append('/');
            case '\\' -> sb.append('\\');
            case 'u' -> {
              pos++;
              sb.append(unicodeEscape());
              continue;
            }
            default -> {
              if (e == quote) {
                sb.append(e);
              } else {
                throw error(pos - 1, "unknown escape \\" + printable(e)
                    + "; use \\b \\f \\n \\r \\t \\/ \\\\ \\" + quote + " or \\uXXXX");
              }
            }
          }
          pos++;
        } else if (c < 0x20) {
          throw error(pos, "control character U+" + String.format("%04X", (int) c)
              + " must be escaped inside quotes");
        } else if (Character.isHighSurrogate(c) && pos + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(pos + 1))) {
          sb.append(c).append(text.charAt(pos + 1));
          pos += 2;
        } else if (Character.isSurrogate(c)) {
          throw error(pos, "unpaired surrogate U+" + String.format("%04X", (int) c));
        } else {
          sb.append(c);
          pos++;
        }
      }
    }

    /** After {@code \\u}: four hex digits, a surrogate pair needing a second escape. */
    private String unicodeEscape() {
      int start = pos - 2;
      char c = (char) hex4(start);
      if (Character.isLowSurrogate(c)) {
        throw error(start, "\\u" + String.format("%04x", (int) c) + " is a low surrogate without a high one");
      }
      if (!Character.isHighSurrogate(c)) {
        return String.valueOf(c);
      }
      if (pos + 1 < text.length() && text.charAt(pos) == '\\' && text.charAt(pos + 1) == 'u') {
        pos += 2;
        char low = (char) hex4(pos - 2);
        if (Character.isLowSurrogate(low)) {
          return new String(new char[] {c, low});
        }
      }
      throw error(start, "\\u" + String.format("%04x", (int) c)
          + " is a high surrogate; follow it with a \\u escape of a low surrogate (\\udc00-\\udfff)");
    }

    private int hex4(int escapeStart) {
      if (pos + 4 > text.length()) {
        throw error(escapeStart, "\\u needs four hex digits");
      }
      int v = 0;
      for (int i = 0; i < 4; i++) {
        char h = text.charAt(pos + i);
        int d = h >= '0' && h <= '9' ? h - '0'
            : h >= 'a' && h <= 'f' ? h - 'a' + 10
            : h >= 'A' && h <= 'F' ? h - 'A' + 10
            : -1;
        if (d < 0) {
          throw error(escapeStart, "\\u needs four hex digits");
        }
        v = v * 16 + d;
      }
      pos += 4;
      return v;
    }

    private void blanks() {
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          return;
        }
        pos++;
      }
    }

    private RedactionException error(int at, String what) {
      return new RedactionException(RedactionException.Kind.SYNTAX, text, at,
          "invalid path \"" + text + "\" at position " + at + ": " + what);
    }
  }

  private static boolean isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isNamePart(char c) {
    return isNameStart(c) || isDigit(c);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String printable(char c) {
    return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }
}
