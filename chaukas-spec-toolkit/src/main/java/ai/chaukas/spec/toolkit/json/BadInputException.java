package ai.chaukas.spec.toolkit.json;

import ai.chaukas.spec.toolkit.Reason;
import java.io.IOException;

/**
 * Bad input found below Gson, while characters are read: malformed UTF-8 ({@link
 * Reason#MALFORMED}), or a string beyond a {@link JsonLimits} bound ({@link
 * Reason#LIMIT_EXCEEDED}). Only the place that reads the characters can see it, and they are read
 * through a {@link java.io.Reader}, so it travels through Gson as an IOException; {@link
 * JsonDecoder} then reports it as a {@link JsonDecodeException} with its reason, at the path it was
 * reading.
 */
class BadInputException extends IOException {

  private static final long serialVersionUID = 1L;

  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason why the input is refused
   * @param detail what is wrong, without path and line, as {@link JsonDecodeException#detail()}
   */
  BadInputException(Reason reason, String detail) {
    super(detail);
    this.reason = reason;
  }

  Reason reason() {
    return reason;
  }
}
