package ai.chaukas.spec.toolkit.json;

import ai.chaukas.spec.toolkit.FieldPath;
import java.util.Arrays;

/**
 * The place being read or written, kept as a mutable stack so that tracking it costs two array
 * stores per member; it becomes a {@link FieldPath} only when a problem is reported.
 */
final class PathStack {

  /** In {@link #indices}: the segment is a field. */
  private static final int FIELD = -1;
  /** In {@link #indices}: the segment is a map or Struct key, or a member name read from input. */
  private static final int KEY = -2;

  private String[] names = new String[16];
  /** The index of an index segment; {@link #FIELD} or {@link #KEY} for a named one. */
  private int[] indices = new int[16];
  private int size;

  /** Enters a field, by its proto name, or a member the JSON form itself defines. */
  void pushField(String name) {
    push(name, FIELD);
  }

  /**
   * Enters a map or Struct key, or a member name taken from the input that is no field: any text,
   * which the path then quotes if need be.
   */
  void pushKey(String key) {
    push(key, KEY);
  }

  /** Enters an array element. */
  void pushIndex(int index) {
    push(null, index);
  }

  /** Moves to another element of the array entered last. */
  void setIndex(int index) {
    indices[size - 1] = index;
  }

  /** Leaves the segment entered last. */
  void pop() {
    size--;
  }

  /** Forgets every segment; used between JSON Lines lines. */
  void clear() {
    size = 0;
  }

  /** The path as it is now. */
  FieldPath toFieldPath() {
    FieldPath path = FieldPath.root();
    for (int i = 0; i < size; i++) {
      path = switch (indices[i]) {
        case FIELD -> path.field(names[i]);
        case KEY -> path.key(names[i]);
        default -> path.index(indices[i]);
      };
    }
    return path;
  }

  private void push(String name, int index) {
    if (size == names.length) {
      names = Arrays.copyOf(names, size * 2);
      indices = Arrays.copyOf(indices, size * 2);
    }
    names[size] = name;
    indices[size] = index;
    size++;
  }
}
