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
 * Writes JSON Lines: one message per line as strict, compact proto3 JSON ({@link JsonFormat} with
 * lowerCamelCase names, as the Python SDK's file mode writes, but with RFC 3339 timestamps that end
 * in {@code Z}), each line ended by {@code \n}. A {@link JsonLinesReader} reads the output back.
 * Not thread-safe.
 */
public final class JsonLinesWriter implements Closeable, Flushable {

  private final Writer out;
  private final JsonFormat.TypeRegistry registry;
  private final JsonFormat.Printer printer;

  /**
   * Creates a writer for messages without google.protobuf.Any values.
   *
   * @param out where the lines go; closed by {@link #close()}
   */
  public JsonLinesWriter(Writer out) {
    this(out, JsonFormat.TypeRegistry.getEmptyTypeRegistry());
  }

  /**
   * Creates a writer.
   *
   * @param out where the lines go; closed by {@link #close()}
   * @param registry the types that google.protobuf.Any values ({@code Event.extensions}) may hold
   */
  public JsonLinesWriter(Writer out, JsonFormat.TypeRegistry registry) {
    this.out = Objects.requireNonNull(out, "out");
    this.registry = registry;
    this.printer = JsonFormat.printer().usingTypeRegistry(registry).omittingInsignificantWhitespace();
  }

  /**
   * Creates a writer of UTF-8 bytes for messages without google.protobuf.Any values.
   *
   * @param out where the lines go, buffered; closed by {@link #close()}
   */
  public JsonLinesWriter(OutputStream out) {
    this(out, JsonFormat.TypeRegistry.getEmptyTypeRegistry());
  }

  /**
   * Creates a writer of UTF-8 bytes.
   *
   * @param out where the lines go, buffered; closed by {@link #close()}
   * @param registry the types that google.protobuf.Any values ({@code Event.extensions}) may hold
   */
  public JsonLinesWriter(OutputStream out, JsonFormat.TypeRegistry registry) {
    this(new BufferedWriter(new OutputStreamWriter(Objects.requireNonNull(out, "out"), StandardCharsets.UTF_8)), registry);
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
              + " (pass a type registry to the JsonLinesWriter constructor)",
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
}
