package ai.chaukas.spec.toolkit.json;

import java.io.IOException;

/**
 * Bad input found below Gson, while characters are read: malformed UTF-8, or a token or document
 * beyond a {@link JsonLimits} bound. It travels through Gson as an IOException, and {@link
 * JsonDecoder} reports it as a {@link JsonDecodeException} at the path it was reading.
 */
class BadInputException extends IOException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param problem what is wrong, without path and line, as {@link JsonDecodeException#problem()}
   */
  BadInputException(String problem) {
    super(problem);
  }
}
