package ai.chaukas.spec.toolkit.internal.json;

import java.nio.charset.StandardCharsets;

/**
 * What every JSON string of the toolkit is written by: the escapes RFC 8259 requires (quotation
 * mark, reverse solidus, controls), with the short forms {@code \b \f \n \r \t} where JSON has them
 * and lowercase {@code \}{@code u00XX} otherwise. This is exactly RFC 8785's escaping, so the canonical
 * form and the printers agree on every ASCII character; they differ only beyond ASCII, where
 * {@link JsonCharWriter} escapes more.
 */
public final class JsonStrings {

  /**
   * For each ASCII character: 0 when it is written as itself, otherwise the character that follows
   * the backslash, {@code u} for {@code \}{@code u00XX}.
   */
  static final byte[] ESCAPES = new byte[128];

  static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPES[c] = 'u';
    }
    ESCAPES['\b'] = 'b';
    ESCAPES['\f'] = 'f';
    ESCAPES['\n'] = 'n';
    ESCAPES['\r'] = 'r';
    ESCAPES['\t'] = 't';
    ESCAPES['"'] = '"';
    ESCAPES['\\'] = '\\';
  }

  private JsonStrings() {}

  /**
   * Finds a UTF-16 surrogate that is not half of a pair: such a string is not Unicode, has no
   * UTF-8 form, and protobuf would store it as {@code ?}.
   *
   * @param s any string
   * @return the index of the first lone surrogate, or -1
   */
  public static int loneSurrogate(String s) {
    int length = s.length();
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }
}
