package ai.chaukas.spec.toolkit.json;

import ai.chaukas.spec.toolkit.Reason;
import java.io.IOException;
import java.io.Reader;

/**
 * Sits between the input and Gson and bounds the memory of one string or property name, which
 * Gson builds whole before the decoder can look at its length.
 *
 * <p>The decoder brackets every string it reads with {@link #startToken} and {@link #endToken}.
 * Gson asks for characters in between only when the string goes on beyond its buffer (1,024
 * characters), so the characters asked for then continue the string. From the second such read
 * on, which only a string longer than the buffer needs, the guard follows them, counting an
 * escape as the one character it stands for, and fails once they alone hold more than the limit.
 * Gson therefore never holds more than the limit plus two buffers; the decoder checks the exact
 * length of what Gson returns. Outside strings longer than the buffer the guard costs nothing per
 * character.
 *
 * <p>Numbers need no guard: Gson reads a number only within its buffer and calls a longer one
 * malformed. The guard tells the decoder when that is why, so that it can say so.
 */
final class TokenLengthGuard extends Reader {

  /** A string or property name is longer than {@link JsonLimits#maxStringLength()}. */
  static final class StringTooLongException extends BadInputException {
    private static final long serialVersionUID = 1L;

    StringTooLongException(int limit) {
      super(Reason.LIMIT_EXCEEDED, problem(limit));
    }

    static String problem(int limit) {
      return "string longer than the limit of " + limit + " characters (JsonLimits.maxStringLength)";
    }
  }

  /** The longest number Gson reads: one character less than its buffer. */
  static final int MAX_NUMBER_LENGTH = 1023;

  /**
   * Hex digits of a {@code \}{@code u} escape that began before the guard was following the string
   * are counted as characters, up to four too many; the guard allows for them.
   */
  private static final int SLACK = 4;

  private static final int IN_STRING = 0;
  /** After a backslash. */
  private static final int ESCAPED = 1;
  private static final int ENDED = 2;

  private final Reader in;
  private final int maxStringLength;
  private boolean inToken;
  /** Reads during the current string. */
  private int tokenReads;
  private int state;
  /** Hex digits still to come in a {@code \}{@code u} escape; they belong to its one character. */
  private int hexDigits;
  /** Characters of the string followed so far, as decoded. */
  private long length;
  /** Backslashes at the end of what has been delivered: an odd number escapes what comes next. */
  private long trailingBackslashes;
  /** Characters that may belong to a number at the end of what has been delivered. */
  private long trailingNumber;

  TokenLengthGuard(Reader in, int maxStringLength) {
    this.in = in;
    this.maxStringLength = maxStringLength;
  }

  /** The decoder is about to read the string whose opening quote Gson has consumed. */
  void startToken() {
    inToken = true;
    tokenReads = 0;
  }

  /** The decoder has read the string, or failed to. */
  void endToken() {
    inToken = false;
  }

  /**
   * Returns whether Gson is stuck in a number longer than it reads: more number characters end
   * what it has been given than its buffer holds, so it is in the middle of them.
   */
  boolean inOverlongNumber() {
    return trailingNumber > MAX_NUMBER_LENGTH;
  }

  @Override
  public int read(char[] target, int offset, int count) throws IOException {
    int read = in.read(target, offset, count);
    if (read <= 0) {
      return read;
    }
    int end = offset + read;
    if (inToken && ++tokenReads >= 2) {
      if (tokenReads == 2) {
        // What Gson holds ends inside the string, escaped if after an odd run of backslashes.
        state = trailingBackslashes % 2 == 1 ? ESCAPED : IN_STRING;
        hexDigits = 0;
        length = 0;
      }
      if (state != ENDED) {
        follow(target, offset, end);
      }
    }
    int run = end;
    while (run > offset && target[run - 1] == '\\') {
      run--;
    }
    trailingBackslashes = run == offset ? trailingBackslashes + read : end - run;
    run = end;
    while (run > offset && isNumberCharacter(target[run - 1])) {
      run--;
    }
    trailingNumber = run == offset ? trailingNumber + read : end - run;
    return read;
  }

  private static boolean isNumberCharacter(char c) {
    return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
  }

  /** Follows the string through {@code chars[from, end)}, up to its closing quote. */
  private void follow(char[] chars, int from, int end) throws StringTooLongException {
    int i = from;
    while (i < end) {
      if (hexDigits > 0) {
        int digits = Math.min(hexDigits, end - i);
        hexDigits -= digits;
        i += digits;
      } else if (state == ESCAPED) {
        if (chars[i] == 'u') {
          hexDigits = 4;
        }
        state = IN_STRING;
        i++;
      } else {
        int start = i;
        char c = 0;
        while (i < end && (c = chars[i]) != '"' && c != '\\') {
          i++;
        }
        length += i - start;
        if (i < end) {
          if (c == '"') {
            state = ENDED;
            break;
          }
          // An escape is one character of the string.
          length++;
          state = ESCAPED;
          i++;
        }
      }
    }
    if (length > maxStringLength + SLACK) {
      throw new StringTooLongException(maxStringLength);
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
