package ai.chaukas.spec.toolkit.json;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes JSON Lines: one message per line as strict, compact proto3 JSON ({@link JsonFormat}), each
 * line ended by {@code \n}. By default the lines are what the Python SDK's file mode writes: proto
 * field names ({@code event_id}), prefixed enum names, but with RFC 3339 timestamps that end in
 * {@code Z}; {@link Builder#preservingProtoFieldNames(boolean)} switches to the lowerCamelCase JSON
 * names ({@code eventId}). A {@link JsonLinesReader} reads either back. Not thread-safe.
 *
 * <pre>{@code
 * try (JsonLinesWriter out = JsonLinesWriter.builder().build(Files.newOutputStream(path))) {
 *   out.write(event);   // {"event_id":"…","type":"EVENT_TYPE_SESSION_START",…}
 * }
 * }</pre>
 *
 * @since 1.0.5
 */
public final class JsonLinesWriter implements Closeable, Flushable {

  private final Writer out;
  private final JsonFormat.TypeRegistry registry;
  private final JsonFormat.Printer printer;

  /**
   * Creates a writer with proto field names for messages without google.protobuf.Any values.
   *
   * @param out where the lines go; closed by {@link #close()}
   */
  public JsonLinesWriter(Writer out) {
    this(out, JsonFormat.TypeRegistry.getEmptyTypeRegistry());
  }

  /**
   * Creates a writer with proto field names.
   *
   * @param out where the lines go; closed by {@link #close()}
   * @param registry the types that google.protobuf.Any values ({@code Event.extensions}) may hold
   */
  public JsonLinesWriter(Writer out, JsonFormat.TypeRegistry registry) {
    this(out, builder().typeRegistry(registry));
  }

  /**
   * Creates a writer of UTF-8 bytes with proto field names for messages without
   * google.protobuf.Any values.
   *
   * @param out where the lines go, buffered; closed by {@link #close()}
   */
  public JsonLinesWriter(OutputStream out) {
    this(out, JsonFormat.TypeRegistry.getEmptyTypeRegistry());
  }

  /**
   * Creates a writer of UTF-8 bytes with proto field names.
   *
   * @param out where the lines go, buffered; closed by {@link #close()}
   * @param registry the types that google.protobuf.Any values ({@code Event.extensions}) may hold
   */
  public JsonLinesWriter(OutputStream out, JsonFormat.TypeRegistry registry) {
    this(utf8(out), builder().typeRegistry(registry));
  }

  private JsonLinesWriter(Writer out, Builder builder) {
    this.out = Objects.requireNonNull(out, "out");
    this.registry = builder.registry;
    JsonFormat.Printer compact =
        JsonFormat.printer().usingTypeRegistry(builder.registry).omittingInsignificantWhitespace();
    this.printer = builder.preservingProtoFieldNames ? compact.preservingProtoFieldNames() : compact;
  }

  /**
   * Starts a builder: proto field names and an empty type registry, as the constructors.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  private static Writer utf8(OutputStream out) {
    return new BufferedWriter(new OutputStreamWriter(Objects.requireNonNull(out, "out"), StandardCharsets.UTF_8));
  }

  /**
   * Writes one message as one line. The line is printed in full before anything is written, so a
   * message that cannot be printed leaves the output unchanged.
   *
   * @param message the message, usually an Event
   * @throws IOException if the output fails
   * @throws JsonPrintException naming the path, if the message holds a google.protobuf.Value
   *     number that is NaN or infinite, which JSON cannot hold
   * @throws IllegalArgumentException if the message holds a google.protobuf.Any whose type is not
   *     in the registry
   */
  public void write(MessageOrBuilder message) throws IOException {
    String line;
    try {
      line = printer.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(
          "cannot write " + message.getDescriptorForType().getFullName() + " as proto3 JSON: " + e.getMessage()
              + " (pass a type registry to the JsonLinesWriter constructor or builder)",
          e);
    } catch (IllegalArgumentException e) {
      JsonPrintException located = NonFiniteNumbers.find(message, registry, e);
      throw located != null ? located : e;
    }
    out.write(line);
    out.write('\n');
  }

  /** Flushes the output. */
  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /** Flushes and closes the output. */
  @Override
  public void close() throws IOException {
    out.close();
  }

  /** Builder of {@link JsonLinesWriter}. */
  public static final class Builder {
    private JsonFormat.TypeRegistry registry = JsonFormat.TypeRegistry.getEmptyTypeRegistry();
    private boolean preservingProtoFieldNames = true;

    private Builder() {}

    /**
     * Sets the types that google.protobuf.Any values ({@code Event.extensions}) may hold.
     *
     * @param registry the registry; default empty, so that any non-empty Any fails
     * @return this builder
     */
    public Builder typeRegistry(JsonFormat.TypeRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Sets whether lines use the proto field names ({@code event_id}), as the Python SDK's file
     * mode writes, or the lowerCamelCase JSON names ({@code eventId}). A {@link JsonLinesReader}
     * reads both.
     *
     * @param preservingProtoFieldNames true for proto names (the default), false for lowerCamelCase
     * @return this builder
     */
    public Builder preservingProtoFieldNames(boolean preservingProtoFieldNames) {
      this.preservingProtoFieldNames = preservingProtoFieldNames;
      return this;
    }

    /**
     * Creates a writer of characters.
     *
     * @param out where the lines go; closed by {@link JsonLinesWriter#close()}
     * @return the writer
     */
    public JsonLinesWriter build(Writer out) {
      return new JsonLinesWriter(out, this);
    }

    /**
     * Creates a writer of UTF-8 bytes.
     *
     * @param out where the lines go, buffered; closed by {@link JsonLinesWriter#close()}
     * @return the writer
     */
    public JsonLinesWriter build(OutputStream out) {
      return new JsonLinesWriter(utf8(out), this);
    }
  }
}
