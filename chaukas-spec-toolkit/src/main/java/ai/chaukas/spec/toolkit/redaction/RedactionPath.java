package ai.chaukas.spec.toolkit.redaction;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.toolkit.FieldPath;
import ai.chaukas.spec.toolkit.FieldPath.Kind;
import ai.chaukas.spec.toolkit.FieldPath.Segment;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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
 * <p>The text is the user's selector; what it selects is a {@link FieldPath} ({@link #fieldPath()}):
 * each name becomes a {@link Kind#FIELD field} or, inside a {@code Struct}, a {@code Value}, a
 * {@code ListValue} or a map, a {@link Kind#KEY key}, as the {@code Event} schema says; each index
 * an {@link Kind#INDEX index}. A name the schema does not have is kept as a field, for the {@link
 * Redactor} to refuse. Only paths that select one value are accepted: no wildcards, slices,
 * filters, unions, descendant segments or negative indices. Whether the values exist is checked
 * against an event by {@link Redactor}. {@code docs/redaction.md} gives the grammar.
 *
 * <p>Immutable. Equality is by field path, so every spelling of one path is equal. The natural
 * order compares segment by segment (indices numerically, an index before a name, a prefix before
 * its extensions).
 *
 * @since 1.0.5
 */
public final class RedactionPath implements Comparable<RedactionPath> {

  private static final RedactionPath ROOT = new RedactionPath(FieldPath.root());

  /** Messages whose contents proto3 JSON writes as free JSON, so that names inside are keys. */
  private static final Set<String> JSON_TYPES =
      Set.of("google.protobuf.Struct", "google.protobuf.Value", "google.protobuf.ListValue");

  private final FieldPath path;
  private String normalized;

  private RedactionPath(FieldPath path) {
    this.path = path;
  }

  /** The empty path {@code $}: the event itself. It is a starting point, never a redaction target. */
  public static RedactionPath root() {
    return ROOT;
  }

  /**
   * The path that selects the value at {@code path}, e.g. one a validation report names. Its names
   * are read as fields or keys by the {@code Event} schema, as {@link #parse} reads them, whatever
   * {@code path} says, so that a path equals its parsed normalized form.
   *
   * @param path the value's place in the event
   * @return the redaction path
   */
  public static RedactionPath of(FieldPath path) {
    Resolver resolver = new Resolver();
    for (Segment s : Objects.requireNonNull(path, "path").segments()) {
      if (s.kind() == Kind.INDEX) {
        resolver.index(s.index());
      } else {
        resolver.name(s.name());
      }
    }
    return new RedactionPath(resolver.path);
  }

  /**
   * The value this path selects.
   *
   * @return its fields, keys and indices, outermost first
   */
  public FieldPath fieldPath() {
    return path;
  }

  /** Whether this is {@link #root()}. */
  public boolean isRoot() {
    return path.isRoot();
  }

  /**
   * The RFC 9535 normalized path ({@link FieldPath#toNormalizedJsonPath()}): {@code $} followed by
   * {@code ['name']} and {@code [index]} segments; in names {@code '} and {@code \} are escaped
   * with a backslash, {@code \b \f \n \r \t} are written so, other characters below U+0020 as
   * <code>&#92;u00XX</code> (lowercase hex), and every other character as itself.
   */
  public String normalized() {
    String n = normalized;
    if (n == null) {
      n = path.toNormalizedJsonPath();
      normalized = n;
    }
    return n;
  }

  /** The {@link #normalized()} form. */
  @Override
  public String toString() {
    return normalized();
  }

  /** Equal when the field paths are equal, however the paths were spelled. */
  @Override
  public boolean equals(Object o) {
    return o instanceof RedactionPath p && p.path.equals(path);
  }

  @Override
  public int hashCode() {
    return path.hashCode();
  }

  /** Segment by segment: indices numerically, an index before a name, names by code point. */
  @Override
  public int compareTo(RedactionPath other) {
    List<Segment> x = path.segments();
    List<Segment> y = other.path.segments();
    int n = Math.min(x.size(), y.size());
    for (int i = 0; i < n; i++) {
      int c = compareSegments(x.get(i), y.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.size(), y.size());
  }

  /** Indices numerically, an index before a name, names by code point, then a field before a key. */
  static int compareSegments(Segment a, Segment b) {
    if (a.kind() == Kind.INDEX || b.kind() == Kind.INDEX) {
      return a.kind() == b.kind() ? Integer.compare(a.index(), b.index()) : a.kind() == Kind.INDEX ? -1 : 1;
    }
    int c = CODE_POINT_ORDER.compare(a.name(), b.name());
    return c != 0 ? c : a.kind().compareTo(b.kind());
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

  /**
   * Parses any accepted spelling (see the class comment).
   *
   * @throws RedactionException with reason {@link ai.chaukas.spec.toolkit.Reason#SYNTAX} naming
   *     the path and the 0-based {@link RedactionException#position() position} of the problem
   */
  public static RedactionPath parse(String text) {
    Objects.requireNonNull(text, "path");
    return new Parser(text).parse();
  }

  /**
   * Builds a field path one step at a time, telling fields from keys by the {@code Event} schema:
   * a name is a field of the message it is in, and a key inside a {@code Struct}, {@code Value},
   * {@code ListValue} or map.
   */
  private static final class Resolver {
    private FieldPath path = FieldPath.root();
    /** The message whose fields the next name names; null when not in a message. */
    private Descriptor message = Event.getDescriptor();
    /** The repeated field the last name named, whose elements an index selects; else null. */
    private FieldDescriptor list;
    /** Inside a Struct, Value, ListValue or map, where every name is a key. */
    private boolean json;

    void name(String name) {
      if (json) {
        path = path.key(name);
        return;
      }
      path = path.field(name);
      FieldDescriptor fd = message == null ? null : message.findFieldByName(name);
      message = null;
      list = null;
      if (fd == null) {
        return; // not a field here: the Redactor refuses it, with the schema at hand
      }
      if (fd.isMapField()) {
        json = true;
      } else if (fd.isRepeated()) {
        list = fd;
      } else {
        enter(fd);
      }
    }

    void index(int index) {
      path = path.index(index);
      FieldDescriptor element = list;
      message = null;
      list = null;
      if (element != null) {
        enter(element);
      }
    }

    /** Moves into a value of {@code fd}: a message's fields, or free JSON. */
    private void enter(FieldDescriptor fd) {
      if (fd.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        return;
      }
      String type = fd.getMessageType().getFullName();
      if (JSON_TYPES.contains(type)) {
        json = true;
      } else if (!type.startsWith("google.protobuf.")) {
        message = fd.getMessageType();
      }
    }
  }

  private static final class Parser {
    private final String text;
    private int pos;
    private final Resolver resolver = new Resolver();

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
        resolver.name(identifier());
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
      if (resolver.path.isRoot()) {
        throw error(0, "the path names the whole event; name a value inside it, e.g. $['message']['text']");
      }
      return new RedactionPath(resolver.path);
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
      resolver.name(identifier());
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
        resolver.name(quoted(c));
      } else if (c >= '0' && c <= '9') {
        resolver.index(readIndex());
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

    private int readIndex() {
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
      return RedactionException.syntax(at, "invalid path \"" + text + "\" at position " + at + ": " + what);
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
