package ai.chaukas.spec.toolkit;

import ai.chaukas.spec.toolkit.internal.json.JsonCharWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Where a value sits inside a message: a sequence of proto field names, map or {@code Struct} keys
 * and list indices. Every report of the toolkit (validation violations, JSON decoding errors,
 * canonical-form refusals, redaction errors) names its place with this type, and {@link #toString()}
 * is the one way a path is written:
 *
 * <ul>
 *   <li>field names as they are in the schema, after a dot: {@code llm_invocation.request};
 *   <li>list indices in brackets: {@code messages[1]};
 *   <li>keys after a dot when they are plain identifiers ({@code [A-Za-z_][A-Za-z0-9_]*}):
 *       {@code metadata.user_id}; any other key as a JSON string in brackets:
 *       {@code metadata["user-id"]}, {@code metadata["a.b"]}, {@code metadata[""]};
 *   <li>the root is the empty string.
 * </ul>
 *
 * <p>The written form is also valid RFC 9535 JSONPath once {@code $.} is put in front of it, and
 * {@link #parse(String)} reads it back. {@link #toNormalizedJsonPath()} gives RFC 9535's normalized
 * form, which redaction records.
 *
 * <p>Instances are immutable; appending a segment shares the parent, so building a path costs one
 * small object per segment.
 *
 * @since 1.0.5
 */
public final class FieldPath {

  /** What one segment of a path is. */
  public enum Kind {
    /** A field of a message, by its proto name. */
    FIELD,
    /** A key of a map or {@code Struct}. */
    KEY,
    /** A position in a repeated field or list. */
    INDEX
  }

  /**
   * One step of a path.
   *
   * @param kind what the step is
   * @param name the field name or key; null for an index
   * @param index the index; -1 for a field or key
   */
  public record Segment(Kind kind, String name, int index) {
    /** Checks the parts agree with the kind. */
    public Segment {
      Objects.requireNonNull(kind, "kind");
      if ((kind == Kind.INDEX) != (name == null)) {
        throw new IllegalArgumentException(kind + " segment with name " + name);
      }
      if (kind == Kind.INDEX ? index < 0 : index != -1) {
        throw new IllegalArgumentException(kind + " segment with index " + index);
      }
    }
  }

  private static final FieldPath ROOT = new FieldPath(null, null, -1, null);

  private final FieldPath parent;
  private final String name;
  private final int index;
  private final Kind kind;
  private final int depth;

  private FieldPath(FieldPath parent, String name, int index, Kind kind) {
    this.parent = parent;
    this.name = name;
    this.index = index;
    this.kind = kind;
    this.depth = parent == null ? 0 : parent.depth + 1;
  }

  /**
   * The empty path: the message itself.
   *
   * @return the root path
   */
  public static FieldPath root() {
    return ROOT;
  }

  /**
   * A path of field names, e.g. {@code FieldPath.of("tool_call", "name")}.
   *
   * @param fieldNames proto field names, outermost first
   * @return the path
   */
  public static FieldPath of(String... fieldNames) {
    FieldPath path = ROOT;
    for (String fieldName : fieldNames) {
      path = path.field(fieldName);
    }
    return path;
  }

  /**
   * This path followed by a field.
   *
   * @param fieldName the proto field name
   * @return the longer path
   */
  public FieldPath field(String fieldName) {
    return new FieldPath(this, Objects.requireNonNull(fieldName, "fieldName"), -1, Kind.FIELD);
  }

  /**
   * This path followed by a map or {@code Struct} key.
   *
   * @param key the key, any string
   * @return the longer path
   */
  public FieldPath key(String key) {
    return new FieldPath(this, Objects.requireNonNull(key, "key"), -1, Kind.KEY);
  }

  /**
   * This path followed by a list index.
   *
   * @param index the 0-based index
   * @return the longer path
   */
  public FieldPath index(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("index " + index + " is negative");
    }
    return new FieldPath(this, null, index, Kind.INDEX);
  }

  /**
   * This path followed by every segment of {@code relative}, e.g. a violation's path inside an
   * event placed under {@code events[3]}.
   *
   * @param relative the path to append
   * @return the longer path
   */
  public FieldPath resolve(FieldPath relative) {
    FieldPath path = this;
    for (Segment s : relative.segments()) {
      path = path.append(s);
    }
    return path;
  }

  /**
   * This path followed by one segment.
   *
   * @param segment the segment
   * @return the longer path
   */
  public FieldPath append(Segment segment) {
    return switch (segment.kind()) {
      case FIELD -> field(segment.name());
      case KEY -> key(segment.name());
      case INDEX -> index(segment.index());
    };
  }

  /**
   * Whether this is the empty path.
   *
   * @return true for the root
   */
  public boolean isRoot() {
    return parent == null;
  }

  /**
   * The path without its last segment.
   *
   * @return the parent; the root for the root
   */
  public FieldPath parent() {
    return parent == null ? this : parent;
  }

  /**
   * The number of segments.
   *
   * @return 0 for the root
   */
  public int size() {
    return depth;
  }

  /**
   * The last segment.
   *
   * @return the segment
   * @throws IllegalStateException for the root
   */
  public Segment last() {
    if (parent == null) {
      throw new IllegalStateException("the root path has no segment");
    }
    return new Segment(kind, name, index);
  }

  /**
   * The segments, outermost first.
   *
   * @return an unmodifiable list
   */
  public List<Segment> segments() {
    List<Segment> out = new ArrayList<>(depth);
    for (FieldPath p = this; p.parent != null; p = p.parent) {
      out.add(new Segment(p.kind, p.name, p.index));
    }
    Collections.reverse(out);
    return Collections.unmodifiableList(out);
  }

  /**
   * Whether a key is written after a dot rather than quoted in brackets.
   *
   * @param key a map or {@code Struct} key
   * @return true for {@code [A-Za-z_][A-Za-z0-9_]*}
   */
  public static boolean isPlainKey(String key) {
    if (key.isEmpty()) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      if (!letter && !(i > 0 && c >= '0' && c <= '9')) {
        return false;
      }
    }
    return true;
  }

  /** The written form described in the class comment; empty for the root. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    appendTo(out);
    return out.toString();
  }

  /**
   * Appends the written form to {@code out}.
   *
   * @param out where to write
   * @return {@code out}
   */
  public StringBuilder appendTo(StringBuilder out) {
    if (parent == null) {
      return out;
    }
    int start = out.length();
    parent.appendTo(out);
    boolean first = out.length() == start;
    switch (kind) {
      case INDEX -> out.append('[').append(index).append(']');
      case FIELD -> {
        if (!first) {
          out.append('.');
        }
        out.append(name);
      }
      case KEY -> {
        if (isPlainKey(name)) {
          if (!first) {
            out.append('.');
          }
          out.append(name);
        } else {
          out.append('[');
          JsonCharWriter.appendString(out, name);
          out.append(']');
        }
      }
    }
    return out;
  }

  /**
   * RFC 9535's normalized path: {@code $} then {@code ['name']} for each field or key and
   * {@code [index]} for each index, e.g. {@code $['metadata']['a.b'][0]}.
   *
   * @return the normalized path
   */
  public String toNormalizedJsonPath() {
    StringBuilder out = new StringBuilder("$");
    for (Segment s : segments()) {
      if (s.kind() == Kind.INDEX) {
        out.append('[').append(s.index()).append(']');
      } else {
        out.append("['");
        appendNormalizedName(out, s.name());
        out.append("']");
      }
    }
    return out.toString();
  }

  /**
   * Reads the written form back. A name after a dot is read as a field and a quoted name in
   * brackets as a key: the written form does not say whether {@code metadata.user_id} names a key
   * of a {@code Struct} or a field, so {@code parse(p.toString())} equals {@code p} when every plain
   * segment of {@code p} is a field. Code that knows the schema builds paths with {@link #field},
   * {@link #key} and {@link #index} instead.
   *
   * @param text a written path such as {@code metadata["a.b"].c[2]}; {@code $} or {@code $.} in
   *     front is allowed
   * @return the path
   * @throws IllegalArgumentException naming the offset when {@code text} is not a written path
   */
  public static FieldPath parse(String text) {
    int pos = 0;
    int n = text.length();
    if (text.startsWith("$")) {
      pos = 1;
    }
    FieldPath path = ROOT;
    boolean needName = pos == 0;
    while (pos < n) {
      char c = text.charAt(pos);
      if (c == '.' || (needName && c != '[')) {
        if (c == '.') {
          pos++;
        }
        int start = pos;
        while (pos < n && text.charAt(pos) != '.' && text.charAt(pos) != '[') {
          pos++;
        }
        String seg = text.substring(start, pos);
        if (seg.isEmpty()) {
          throw new IllegalArgumentException("empty name at offset " + start + " of \"" + text + "\"");
        }
        path = path.field(seg);
      } else if (c == '[') {
        pos++;
        if (pos < n && text.charAt(pos) == '"') {
          StringBuilder key = new StringBuilder();
          pos = readJsonString(text, pos, key);
          path = path.key(key.toString());
        } else {
          int start = pos;
          while (pos < n && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
          }
          if (start == pos) {
            throw new IllegalArgumentException("expected an index or a quoted key at offset " + start
                + " of \"" + text + "\"");
          }
          path = path.index(Integer.parseInt(text.substring(start, pos)));
        }
        if (pos >= n || text.charAt(pos) != ']') {
          throw new IllegalArgumentException("expected ']' at offset " + pos + " of \"" + text + "\"");
        }
        pos++;
      } else {
        throw new IllegalArgumentException("expected '.' or '[' at offset " + pos + " of \"" + text + "\"");
      }
      needName = false;
    }
    return path;
  }

  private static int readJsonString(String text, int pos, StringBuilder out) {
    int open = pos;
    pos++;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '"') {
        return pos + 1;
      }
      if (c == '\\' && pos + 1 < text.length()) {
        char e = text.charAt(pos + 1);
        switch (e) {
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case '/' -> out.append('/');
          case '\\' -> out.append('\\');
          case '"' -> out.append('"');
          case 'u' -> {
            if (pos + 6 > text.length()) {
              throw new IllegalArgumentException("short \\u escape at offset " + pos + " of \"" + text + "\"");
            }
            out.append((char) Integer.parseInt(text.substring(pos + 2, pos + 6), 16));
            pos += 4;
          }
          default -> throw new IllegalArgumentException("unknown escape \\" + e + " at offset " + pos
              + " of \"" + text + "\"");
        }
        pos += 2;
      } else {
        out.append(c);
        pos++;
      }
    }
    throw new IllegalArgumentException("unclosed quoted key at offset " + open + " of \"" + text + "\"");
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** RFC 9535 normalized-path name characters (section 2.7): escapes for ' \ and controls. */
  private static void appendNormalizedName(StringBuilder out, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\'' -> out.append("\\'");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            appendUnicodeEscape(out, c);
          } else {
            out.append(c);
          }
        }
      }
    }
  }

  private static void appendUnicodeEscape(StringBuilder out, char c) {
    out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof FieldPath other) || other.depth != depth) {
      return false;
    }
    FieldPath a = this;
    FieldPath b = other;
    while (a.parent != null) {
      if (a.kind != b.kind || a.index != b.index || !Objects.equals(a.name, b.name)) {
        return false;
      }
      a = a.parent;
      b = b.parent;
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (FieldPath p = this; p.parent != null; p = p.parent) {
      h = 31 * h + Objects.hash(p.kind, p.name, p.index);
    }
    return h;
  }
}
