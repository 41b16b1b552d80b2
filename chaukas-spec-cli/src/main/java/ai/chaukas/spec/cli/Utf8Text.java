package ai.chaukas.spec.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Text input decoded as UTF-8 without replacing anything: a malformed byte is an error that names
 * its line and column, since two different byte sequences must never read as the same evidence.
 */
final class Utf8Text {

  private Utf8Text() {}

  /**
   * Decodes {@code length} bytes of {@code bytes}.
   *
   * @param name how the input is named in the error, e.g. the file name
   * @param firstLine the number of the line the bytes start on
   * @throws UnusableInputException naming the line and column of the first malformed byte
   */
  static String decode(byte[] bytes, int length, String name, long firstLine) throws UnusableInputException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
    CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8L, length + 1L));
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      throw new UnusableInputException(Printable.of(name) + ": " + describe(bytes, in.position(), firstLine)
          + "; the file must be UTF-8 text (chaukas never replaces bytes it cannot read)");
    }
    decoder.flush(out);
    return out.flip().toString();
  }

  /**
   * Reads a whole file of at most {@code maxBytes} bytes.
   *
   * @param label how the file is named in errors, e.g. {@code --bundle proofs.jsonl}
   */
  static String read(Path file, String label, int maxBytes) throws UnusableInputException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(maxBytes + 1);
    } catch (NoSuchFileException e) {
      throw new UnusableInputException(Printable.of(label) + ": no such file");
    } catch (IOException e) {
      throw new UnusableInputException(Printable.of(label) + ": cannot be read (" + e.getMessage() + ")", e);
    }
    if (bytes.length > maxBytes) {
      throw new UnusableInputException(Printable.of(label) + ": is larger than " + maxBytes + " bytes; this is not"
          + " the file chaukas expects here");
    }
    return decode(bytes, bytes.length, label, 1);
  }

  /**
   * {@code invalid UTF-8 at line L, column C (byte 0xXX)} for the malformed byte at {@code offset},
   * counting lines from {@code firstLine} and columns in characters from 1.
   */
  static String describe(byte[] bytes, int offset, long firstLine) {
    long line = firstLine;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    int column = 1;
    for (int i = lineStart; i < offset; i++) {
      if ((bytes[i] & 0xC0) != 0x80) {
        column++;
      }
    }
    return String.format("invalid UTF-8 at line %d, column %d (byte 0x%02X)", line, column, bytes[offset] & 0xFF);
  }
}
