package ai.chaukas.spec.toolkit.json;

import java.util.Arrays;

/**
 * The location being read or written, kept as a stack of segments. Rendering happens only when an
 * error is reported, so tracking costs two array stores per field.
 */
final class JsonPath {

  private String[] names = new String[16];
  private int[] indices = new int[16];
  private int size;

  /** Enters a field or key. */
  void push(String name) {
    grow();
    names[size] = name;
    size++;
  }

  /** Enters an array element. */
  void pushIndex(int index) {
    grow();
    names[size] = null;
    indices[size] = index;
    size++;
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

  private void grow() {
    if (size == names.length) {
      names = Arrays.copyOf(names, size * 2);
      indices = Arrays.copyOf(indices, size * 2);
    }
  }

  /** Renders the path, e.g. {@code events[3].metadata["a.b"]}; empty at the root. */
  String render() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < size; i++) {
      String name = names[i];
      if (name == null) {
        out.append('[').append(indices[i]).append(']');
      } else if (JsonText.isPlainKey(name)) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(name);
      } else {
        out.append('[');
        JsonText.appendQuoted(out, name);
        out.append(']');
      }
    }
    return out.toString();
  }
}
