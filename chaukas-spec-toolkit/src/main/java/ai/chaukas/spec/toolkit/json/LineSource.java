package ai.chaukas.spec.toolkit.json;

import java.io.IOException;
import java.io.Reader;

/**
 * A view of one line of JSON Lines input at a time: {@link #read} returns the current line's
 * characters and then end-of-input, so that a decoder reads a line without it ever being held in
 * memory. A line that grows beyond the limit fails with {@link LineTooLongException}; {@link
 * #nextLine} then skips its rest in buffer-sized steps.
 */
final class LineSource extends Reader {

  /** The current line is longer than the limit. */
  static final class LineTooLongException extends IOException {
    private static final long serialVersionUID = 1L;

    LineTooLongException(long limit) {
      super("line longer than " + limit + " characters");
    }
  }

  private final Reader in;
  private final long maxLineLength;
  private final char[] buffer = new char[8192];
  private int pos;
  private int limit;
  private boolean endOfInput;
  private boolean startOfInput = true;
  private long lineNumber;
  private long lineLength;
  private boolean lineEnded = true;

  LineSource(Reader in, long maxLineLength) {
    this.in = in;
    this.maxLineLength = maxLineLength;
  }

  /** Returns the 1-based number of the current line. */
  long lineNumber() {
    return lineNumber;
  }

  /**
   * Skips the rest of the current line and any blank lines, and stops before the first character
   * of the next line that has content.
   *
   * @return false at the end of the input
   */
  boolean nextLine() throws IOException {
    skipRestOfLine();
    while (fill()) {
      lineNumber++;
      lineLength = 0;
      lineEnded = false;
      while (true) {
        if (!fill()) {
          lineEnded = true;
          return false;
        }
        char c = buffer[pos];
        if (c == '\n') {
          pos++;
          lineEnded = true;
          break;
        }
        boolean byteOrderMark = c == '\uFEFF' && startOfInput;
        startOfInput = false;
        if (c != ' ' && c != '\t' && c != '\r' && !byteOrderMark) {
          return true;
        }
        pos++;
        lineLength++;
      }
    }
    return false;
  }

  @Override
  public int read(char[] target, int offset, int length) throws IOException {
    if (lineEnded) {
      return -1;
    }
    if (length == 0) {
      return 0;
    }
    if (!fill()) {
      lineEnded = true;
      return -1;
    }
    // Locals rather than fields in the loops: they run once per character of the input.
    int start = pos;
    int end = Math.min(limit, start + length);
    int newline = start;
    while (newline < end && buffer[newline] != '\n') {
      newline++;
    }
    int count = newline - start;
    System.arraycopy(buffer, start, target, offset, count);
    pos = newline;
    if (newline < end) {
      pos++;
      lineEnded = true;
    }
    lineLength += count;
    if (lineLength > maxLineLength) {
      throw new LineTooLongException(maxLineLength);
    }
    return count == 0 ? -1 : count;
  }

  private void skipRestOfLine() throws IOException {
    while (!lineEnded) {
      if (!fill()) {
        lineEnded = true;
        return;
      }
      int index = pos;
      int end = limit;
      char[] chars = buffer;
      while (index < end && chars[index] != '\n') {
        index++;
      }
      pos = index;
      if (index < end) {
        pos++;
        lineEnded = true;
      }
    }
  }

  /** Makes at least one character available; false at the end of the input. */
  private boolean fill() throws IOException {
    while (pos == limit) {
      if (endOfInput) {
        return false;
      }
      int count = in.read(buffer, 0, buffer.length);
      if (count < 0) {
        endOfInput = true;
        return false;
      }
      pos = 0;
      limit = count;
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
