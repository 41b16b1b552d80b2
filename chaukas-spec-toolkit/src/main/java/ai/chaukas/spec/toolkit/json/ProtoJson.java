package ai.chaukas.spec.toolkit.json;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.Reader;
import java.util.Objects;

/**
 * The protobuf JSON mapping ("proto3 JSON") for any message, both ways.
 *
 * <p>Printing is {@link JsonFormat}'s, compact: lowerCamelCase JSON names like the Python SDK's
 * {@code MessageToDict} (or the proto field names with {@link Builder#preservingProtoFieldNames}),
 * prefixed enum names, int64 as strings, NaN and ±Infinity as strings, defaults left out.
 *
 * <p>Parsing is this package's own streaming decoder and accepts what {@code JsonFormat.parser()}
 * accepts for valid input: lowerCamelCase and proto field names, enum names and numbers (unknown
 * numbers of open enums are kept), integers as numbers or strings (also {@code 1e3} or {@code
 * 42.0}), doubles as numbers or strings including {@code "NaN"}, {@code "Infinity"} and {@code
 * "-Infinity"}, RFC 3339 timestamps, Duration, FieldMask, wrappers, Struct/Value/ListValue, maps,
 * Any with {@code @type} (first or anywhere in the object; its type must be in the {@link
 * Builder#typeRegistry type registry}), and JSON null as "not set" (as NULL_VALUE for Value and
 * NullValue). It is stricter than JsonFormat where the mapping is: a field given twice (JsonFormat
 * keeps the last), also under both its names, two members of one oneof, a number or boolean where
 * a string is expected and a string where a boolean is expected (JsonFormat converts these), and
 * input beyond {@link JsonLimits} are errors, each reported as a {@link JsonDecodeException} naming
 * the path. {@code -0.0} keeps its sign, as in the binary encoding (JsonFormat drops it).
 * Instances are immutable and thread-safe.
 *
 * @since 1.0.5
 */
public final class ProtoJson {

  private static final ProtoJson DEFAULTS = builder().build();

  private final JsonDecoder.Options decoderOptions;
  private final JsonFormat.Printer printer;

  private ProtoJson(Builder builder) {
    this.decoderOptions =
        new JsonDecoder.Options(
            Dialect.PROTO3,
            builder.limits,
            builder.registry,
            builder.ignoringUnknownFields,
            builder.lenientTimestamps);
    JsonFormat.Printer compact =
        JsonFormat.printer().usingTypeRegistry(builder.registry).omittingInsignificantWhitespace();
    this.printer = builder.preservingProtoFieldNames ? compact.preservingProtoFieldNames() : compact;
  }

  /**
   * Returns the strict codec: {@link JsonLimits#defaults()}, an empty type registry, unknown fields
   * refused, timestamps must carry a zone, lowerCamelCase names when printing.
   *
   * @return the shared default instance
   */
  public static ProtoJson defaults() {
    return DEFAULTS;
  }

  /**
   * Starts a builder preset with the {@link #defaults()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Prints a message as compact proto3 JSON.
   *
   * @param message any message or builder
   * @return the JSON text
   * @throws JsonPrintException naming the path, if the message holds a google.protobuf.Value
   *     number that is NaN or infinite, which JSON cannot hold (double fields are written as the
   *     strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"})
   * @throws IllegalArgumentException if the message holds a google.protobuf.Any whose type is not
   *     in the type registry
   */
  public String print(MessageOrBuilder message) {
    try {
      return printer.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(
          "cannot print " + message.getDescriptorForType().getFullName() + " as proto3 JSON: " + e.getMessage()
              + " (register the types that google.protobuf.Any fields hold with ProtoJson.builder().typeRegistry(...))",
          e);
    } catch (IllegalArgumentException e) {
      JsonPrintException located = NonFiniteNumbers.find(message, decoderOptions.registry(), e);
      throw located != null ? located : e;
    }
  }

  /**
   * Parses proto3 JSON into {@code builder}. Fields present in the JSON replace those of the
   * builder; repeated fields are appended to.
   *
   * @param json one JSON value; only whitespace may follow it
   * @param builder a builder of the message the JSON describes
   * @param <B> the builder type
   * @return {@code builder}
   * @throws JsonDecodeException if the JSON is malformed, does not fit the message, or exceeds
   *     the limits
   */
  public <B extends Message.Builder> B merge(String json, B builder) throws JsonDecodeException {
    new JsonDecoder(decoderOptions).merge(json, builder);
    return builder;
  }

  /**
   * Parses proto3 JSON from a reader into {@code builder}, streaming: the input is never held whole
   * in memory.
   *
   * @param json one JSON value; only whitespace may follow it
   * @param builder a builder of the message the JSON describes
   * @param <B> the builder type
   * @return {@code builder}
   * @throws JsonDecodeException if the JSON is malformed, does not fit the message, or exceeds
   *     the limits
   * @throws IOException if {@code json} fails
   */
  public <B extends Message.Builder> B merge(Reader json, B builder) throws JsonDecodeException, IOException {
    new JsonDecoder(decoderOptions).merge(json, builder);
    return builder;
  }

  /** Options of the decoder, for {@link JsonLinesReader}. */
  JsonDecoder.Options decoderOptions() {
    return decoderOptions;
  }

  /** Builder of {@link ProtoJson}; starts from the strict {@link #defaults()}. */
  public static final class Builder {
    private JsonLimits limits = JsonLimits.defaults();
    private JsonFormat.TypeRegistry registry = JsonFormat.TypeRegistry.getEmptyTypeRegistry();
    private boolean ignoringUnknownFields;
    private boolean lenientTimestamps;
    private boolean preservingProtoFieldNames;

    private Builder() {}

    /**
     * Sets the limits that parsing enforces.
     *
     * @param limits the limits; default {@link JsonLimits#defaults()}
     * @return this builder
     */
    public Builder limits(JsonLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Sets the types that google.protobuf.Any values ({@code Event.extensions}) may hold, for
     * printing and parsing.
     *
     * @param registry the registry; default empty, so that any non-empty Any fails
     * @return this builder
     */
    public Builder typeRegistry(JsonFormat.TypeRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Sets whether parsing skips unknown fields and unknown enum names (the field is then left
     * unset), as {@code JsonFormat.parser().ignoringUnknownFields()} does.
     *
     * @param ignoringUnknownFields true to skip; default false
     * @return this builder
     */
    public Builder ignoringUnknownFields(boolean ignoringUnknownFields) {
      this.ignoringUnknownFields = ignoringUnknownFields;
      return this;
    }

    /**
     * Sets whether parsing accepts timestamps without a zone designator, meaning UTC ({@code
     * 2026-11-25T18:34:52.199304}), as the Python SDK's file mode writes them.
     *
     * @param lenientTimestamps true to accept; default false (the mapping requires a zone)
     * @return this builder
     */
    public Builder lenientTimestamps(boolean lenientTimestamps) {
      this.lenientTimestamps = lenientTimestamps;
      return this;
    }

    /**
     * Sets whether printing uses the proto field names ({@code event_id}) instead of the
     * lowerCamelCase JSON names ({@code eventId}). Parsing accepts both either way.
     *
     * @param preservingProtoFieldNames true for proto names; default false
     * @return this builder
     */
    public Builder preservingProtoFieldNames(boolean preservingProtoFieldNames) {
      this.preservingProtoFieldNames = preservingProtoFieldNames;
      return this;
    }

    /**
     * Builds the codec.
     *
     * @return an immutable, thread-safe {@link ProtoJson}
     */
    public ProtoJson build() {
      return new ProtoJson(this);
    }
  }
}
