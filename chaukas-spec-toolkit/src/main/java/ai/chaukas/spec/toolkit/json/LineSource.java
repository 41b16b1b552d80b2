package ai.chaukas.spec.toolkit.json;

import ai.chaukas.spec.toolkit.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A view of one line of JSON Lines input at a time: {@link #read} returns the current line's
 * characters and then end-of-input, so that a decoder reads a line without it ever being held in
 * memory. A line that grows beyond the limit fails with {@link LineTooLongException}; {@link
 * #skipRestOfLine} then skips its rest in buffer-sized steps.
 *
 * <p>Bytes are decoded as strict UTF-8. Malformed bytes end the characters of their line: {@link
 * #read} delivers what comes before them and then throws a {@link BadInputException} naming their
 * column, and skipping the rest of the line skips them as bytes, up to the next {@code \n} (a byte
 * that never occurs inside a multi-byte sequence), so the lines after them read normally.
 */
final class LineSource extends Reader {

  /** The current line is longer than the limit. */
  static final class LineTooLongException extends IOException {
    private static final long serialVersionUID = 1L;

    LineTooLongException(long limit) {
      super("line longer than " + limit + " characters");
    }
  }

  private static final int BUFFER_SIZE = 8192;

  /** The characters, or null when reading bytes. */
  private final Reader chars;
  /** The bytes, or null when reading characters. */
  private final InputStream bytes;
  private final CharsetDecoder utf8;
  private final ByteBuffer byteBuffer;
  private final CharBuffer decoded;
  private boolean bytesEnded;
  /** What is wrong with the bytes that follow the buffered characters, or null. */
  private String malformed;

  private final long maxLineLength;
  private final char[] buffer = new char[BUFFER_SIZE];
  private int pos;
  private int limit;
  private boolean endOfInput;
  private boolean startOfInput = true;
  private long lineNumber;
  private long lineLength;
  private boolean lineEnded = true;
  private boolean lineTerminated = true;

  LineSource(Reader chars, long maxLineLength) {
    this.chars = chars;
    this.bytes = null;
    this.utf8 = null;
    this.byteBuffer = null;
    this.decoded = null;
    this.maxLineLength = maxLineLength;
  }

  LineSource(InputStream bytes, long maxLineLength) {
    this.chars = null;
    this.bytes = bytes;
    this.utf8 =
        StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    this.byteBuffer = ByteBuffer.allocate(BUFFER_SIZE).limit(0);
    this.decoded = CharBuffer.wrap(buffer);
    this.maxLineLength = maxLineLength;
  }

  /** Returns the 1-based number of the current line. */
  long lineNumber() {
    return lineNumber;
  }

  /**
   * Returns whether the current line was ended by {@code \n} rather than by the end of the input;
   * meaningful once the line has been read or skipped to its end.
   */
  boolean terminated() {
    return lineTerminated;
  }

  /**
   * Skips the rest of the current line and any blank lines, and stops before the first character
   * of the next line that has content.
   *
   * @return false at the end of the input
   */
  boolean nextLine() throws IOException {
    skipRestOfLine();
    while (fill() || malformed != null) {
      lineNumber++;
      lineLength = 0;
      lineEnded = false;
      lineTerminated = false;
      while (true) {
        if (!fill()) {
          if (malformed != null) {
            // The line has content: bytes that the decoder will be told about.
            startOfInput = false;
            return true;
          }
          lineEnded = true;
          return false;
        }
        char c = buffer[pos];
        if (c == '\n') {
          pos++;
          lineEnded = true;
          lineTerminated = true;
          break;
        }
        boolean byteOrderMark = c == '\uFEFF' && startOfInput;
        startOfInput = false;
        if (c != ' ' && c != '\t' && c != '\r' && !byteOrderMark) {
          return true;
        }
        pos++;
        if (!byteOrderMark) {
          lineLength++;
        }
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
      if (malformed != null) {
        throw new BadInputException(Reason.MALFORMED, "invalid UTF-8 at column " + (lineLength + 1) + " (" + malformed + ")");
      }
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
      lineTerminated = true;
    }
    lineLength += count;
    if (lineLength > maxLineLength) {
      throw new LineTooLongException(maxLineLength);
    }
    return count == 0 ? -1 : count;
  }

  /** Skips what is left of the current line, malformed bytes included. */
  void skipRestOfLine() throws IOException {
    while (!lineEnded) {
      if (!fill()) {
        if (malformed != null) {
          skipBytesToNewline();
          continue;
        }
        lineEnded = true;
        return;
      }
      int index = pos;
      int end = limit;
      char[] characters = buffer;
      while (index < end && characters[index] != '\n') {
        index++;
      }
      pos = index;
      if (index < end) {
        pos++;
        lineEnded = true;
        lineTerminated = true;
      } else if (bytes != null) {
        // The rest of a long line is skipped as bytes, without decoding it.
        skipBytesToNewline();
      }
    }
  }

  /**
   * Drops undecoded bytes up to the next {@code \n}, which is then the next character; the
   * character buffer must be empty.
   */
  private void skipBytesToNewline() throws IOException {
    malformed = null;
    utf8.reset();
    while (true) {
      byte[] array = byteBuffer.array();
      int index = byteBuffer.position();
      int end = byteBuffer.limit();
      while (index < end && array[index] != '\n') {
        index++;
      }
      byteBuffer.position(index);
      if (index < end || bytesEnded) {
        return;
      }
      readBytes();
    }
  }

  /**
   * Makes at least one character available; false at the end of the input, and before malformed
   * bytes (then {@link #malformed} says what is wrong with them).
   */
  private boolean fill() throws IOException {
    while (pos == limit) {
      if (endOfInput || malformed != null) {
        return false;
      }
      int count = chars != null ? chars.read(buffer, 0, buffer.length) : decode();
      if (count < 0) {
        endOfInput = true;
        return false;
      }
      pos = 0;
      limit = count;
    }
    return true;
  }

  /**
   * Decodes bytes into the character buffer; returns the number of characters, -1 at the end of
   * the input. Stops before malformed bytes and sets {@link #malformed}.
   */
  private int decode() throws IOException {
    decoded.clear();
    while (true) {
      CoderResult result = utf8.decode(byteBuffer, decoded, bytesEnded);
      if (result.isError()) {
        malformed = describeMalformed();
        return decoded.position();
      }
      if (decoded.position() > 0) {
        return decoded.position();
      }
      if (bytesEnded) {
        return -1;
      }
      readBytes();
    }
  }

  /** Keeps the undecoded bytes and reads more after them. */
  private void readBytes() throws IOException {
    byteBuffer.compact();
    int count = bytes.read(byteBuffer.array(), byteBuffer.position(), byteBuffer.remaining());
    if (count < 0) {
      bytesEnded = true;
    } else {
      byteBuffer.position(byteBuffer.position() + count);
    }
    byteBuffer.flip();
  }

  /** Says what is wrong with the malformed bytes at the byte buffer's position. */
  private String describeMalformed() {
    int at = byteBuffer.position();
    int lead = byteBuffer.get(at) & 0xFF;
    int next = at + 1 < byteBuffer.limit() ? byteBuffer.get(at + 1) & 0xFF : -1;
    if (lead >= 0x80 && lead <= 0xBF) {
      return "byte " + hex(lead) + " is a continuation byte without a lead byte";
    }
    if (lead == 0xC0 || lead == 0xC1) {
      return "byte " + hex(lead) + " starts an overlong encoding";
    }
    if (lead >= 0xF5) {
      return "byte " + hex(lead) + " never occurs in UTF-8";
    }
    if (next >= 0x80 && next <= 0xBF) {
      if (lead == 0xE0 && next < 0xA0 || lead == 0xF0 && next < 0x90) {
        return "bytes " + hex(lead) + " " + hex(next) + " start an overlong encoding";
      }
      if (lead == 0xED && next >= 0xA0) {
        return "bytes " + hex(lead) + " " + hex(next) + " encode a UTF-16 surrogate, which UTF-8 does not allow";
      }
      if (lead == 0xF4 && next >= 0x90) {
        return "bytes " + hex(lead) + " " + hex(next) + " encode a code point above U+10FFFF";
      }
    }
    return "byte " + hex(lead) + " starts a sequence that is cut short";
  }

  private static String hex(int b) {
    return String.format("0x%02X", b);
  }

  @Override
  public void close() throws IOException {
    if (chars != null) {
      chars.close();
    } else {
      bytes.close();
    }
  }
}
