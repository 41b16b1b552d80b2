package ai.chaukas.spec.toolkit.json;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.toolkit.FieldPath;
import ai.chaukas.spec.toolkit.Reason;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads JSON Lines of events, one {@link Event} per line, streaming and in constant memory: a line
 * is decoded as it is read and never held whole, and a line longer than {@link
 * JsonLimits#maxLineLength()} is skipped in buffer-sized steps and reported.
 *
 * <p>By default lines are proto3 JSON decoded by {@link ProtoJson} with timestamps accepted without
 * a zone (UTC), which is what the Python SDK's file mode writes; {@link Builder#codec(OpenApiJson)}
 * reads lines in the OpenAPI form instead. Blank lines are skipped; {@code \r\n} line ends and a
 * leading byte order mark are accepted. Bytes must be UTF-8: a line with malformed bytes is a bad
 * line, so that no two different lines can read as the same event.
 *
 * <p>Each {@link #next()} returns the next non-blank line as an {@link Entry}, which holds either
 * the event or the error with its line number; a bad line does not stop the reader unless {@link
 * Builder#failFast} is set. Not thread-safe.
 *
 * <pre>{@code
 * try (JsonLinesReader reader = JsonLinesReader.builder().build(Files.newInputStream(path))) {
 *   for (Optional<JsonLinesReader.Entry> entry; (entry = reader.next()).isPresent(); ) {
 *     if (entry.get().isOk()) store(entry.get().event()); else log(entry.get().error().getMessage());
 *   }
 * }
 * }</pre>
 *
 * @since 1.0.5
 */
public final class JsonLinesReader implements Closeable {

  private static final ProtoJson PYTHON_FILE_MODE = ProtoJson.builder().lenientTimestamps(true).build();

  /**
   * One non-blank line: exactly one of {@code event} and {@code error} is non-null.
   *
   * @param line the 1-based line number
   * @param event the decoded event, or null when the line is bad
   * @param error what is wrong with the line (its {@link JsonDecodeException#line()} is {@code
   *     line}), or null when the line is good
   * @param terminated false when the line was ended by the end of the input instead of {@code \n}
   */
  public record Entry(long line, Event event, JsonDecodeException error, boolean terminated) {

    /**
     * Creates an entry of a line ended by {@code \n}.
     *
     * @param line the 1-based line number
     * @param event the decoded event, or null when the line is bad
     * @param error what is wrong with the line, or null when the line is good
     */
    public Entry(long line, Event event, JsonDecodeException error) {
      this(line, event, error, true);
    }

    /**
     * Returns whether the line held a valid event.
     *
     * @return true when {@link #event()} is non-null
     */
    public boolean isOk() {
      return error == null;
    }

    /**
     * Returns whether the line is bad and is the last one without its {@code \n}: most likely a
     * line still being written to a live log rather than a damaged one, so worth reading again
     * once the writer has finished it. An unterminated last line that decodes is a complete
     * event, since a JSON object ends where its closing brace says.
     *
     * @return true when {@link #error()} is non-null and the input ended the line
     */
    public boolean isIncomplete() {
      return error != null && !terminated;
    }
  }

  private final LineSource source;
  private final JsonDecoder decoder;
  private final boolean failFast;
  private final long maxLineLength;

  private JsonLinesReader(LineSource source, Builder builder) {
    this.maxLineLength = builder.options.limits().maxLineLength();
    this.source = source;
    this.decoder = new JsonDecoder(builder.options);
    this.failFast = builder.failFast;
  }

  /**
   * Starts a builder: proto3 JSON with zone-less timestamps accepted, default limits, not fail-fast.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the next non-blank line.
   *
   * @return the line's event or error; empty at the end of the input
   * @throws JsonDecodeException only with {@link Builder#failFast}: the first bad line's error.
   *     Calling {@code next()} again continues after that line
   * @throws IOException if the underlying input fails
   */
  public Optional<Entry> next() throws IOException, JsonDecodeException {
    if (!source.nextLine()) {
      return Optional.empty();
    }
    long line = source.lineNumber();
    JsonDecodeException error;
    try {
      Event.Builder event = Event.newBuilder();
      decoder.merge(source, event);
      return Optional.of(new Entry(line, event.build(), null, source.terminated()));
    } catch (JsonDecodeException e) {
      error = e.atLine(line);
    } catch (LineSource.LineTooLongException e) {
      error =
          new JsonDecodeException(
                  Reason.LIMIT_EXCEEDED,
                  FieldPath.root(),
                  "line is longer than the limit of " + maxLineLength
                      + " characters (JsonLimits.maxLineLength); skipped",
                  e)
              .atLine(line);
    }
    // Skipped now rather than before the next line, to learn how the line ends.
    source.skipRestOfLine();
    if (failFast) {
      throw error;
    }
    return Optional.of(new Entry(line, null, error, source.terminated()));
  }

  /** Closes the underlying input. */
  @Override
  public void close() throws IOException {
    source.close();
  }

  /** Builder of {@link JsonLinesReader}. */
  public static final class Builder {
    private JsonDecoder.Options options = PYTHON_FILE_MODE.decoderOptions();
    private boolean failFast;

    private Builder() {}

    /**
     * Reads lines as proto3 JSON with this codec's settings (limits, type registry, unknown
     * fields, timestamps). The default is {@code
     * ProtoJson.builder().lenientTimestamps(true).build()}.
     *
     * @param codec the proto3 JSON codec
     * @return this builder
     */
    public Builder codec(ProtoJson codec) {
      this.options = codec.decoderOptions();
      return this;
    }

    /**
     * Reads lines in the OpenAPI form with this codec's settings instead of proto3 JSON.
     *
     * @param codec the OpenAPI codec
     * @return this builder
     */
    public Builder codec(OpenApiJson codec) {
      this.options = codec.decoderOptions();
      return this;
    }

    /**
     * Sets whether {@link #next()} throws at the first bad line instead of returning it.
     *
     * @param failFast true to throw; default false
     * @return this builder
     */
    public Builder failFast(boolean failFast) {
      this.failFast = failFast;
      return this;
    }

    /**
     * Creates a reader over characters.
     *
     * @param reader the JSON Lines text; closed by {@link JsonLinesReader#close()}
     * @return the reader
     */
    public JsonLinesReader build(Reader reader) {
      return new JsonLinesReader(
          new LineSource(Objects.requireNonNull(reader, "reader"), options.limits().maxLineLength()), this);
    }

    /**
     * Creates a reader over UTF-8 bytes, decoded strictly: a line with malformed bytes (an invalid
     * or cut-short sequence, an overlong encoding, an encoded surrogate, a code point above
     * U+10FFFF) is a bad line whose error names the first bad byte and its column (counted in
     * UTF-16 characters, as all columns and lengths here are), and the lines after it are read
     * normally.
     *
     * @param in the JSON Lines bytes; closed by {@link JsonLinesReader#close()}
     * @return the reader
     */
    public JsonLinesReader build(InputStream in) {
      return new JsonLinesReader(
          new LineSource(Objects.requireNonNull(in, "in"), options.limits().maxLineLength()), this);
    }
  }
}
