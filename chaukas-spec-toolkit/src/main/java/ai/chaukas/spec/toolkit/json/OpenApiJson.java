package ai.chaukas.spec.toolkit.json;

import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.Reader;
import java.util.Objects;

/**
 * The JSON form of the OpenAPI document ({@code openapi/chaukas/spec/v1/public.yaml}), both ways,
 * for any message of the spec (Event, EventBatch, the query messages, Capabilities, the request and
 * response wrappers) by its descriptor. It differs from proto3 JSON in that:
 *
 * <ul>
 *   <li>properties are the proto field names ({@code event_id});
 *   <li>enum values have no type prefix ({@code SESSION_START}, {@code ASC}): the prefix is the
 *       zero value's name without {@code UNSPECIFIED}. The zero value is left out when printing (it
 *       is the default) and refused when parsing; an UNSPECIFIED or unknown number inside a
 *       repeated field cannot be printed;
 *   <li>the {@code Event.content} oneof is one {@code content} object whose {@code kind} names the
 *       member ({@code policy} → {@code policy_decision}, {@code error} → {@code error_info}, the
 *       others by their name) and which holds the member's fields; {@code state_update}, a bare
 *       Struct, is {@code {"kind":"state_update","state":{…}}};
 *   <li>int64 and uint64 are JSON numbers; doubles are JSON numbers, so NaN and ±Infinity cannot
 *       be printed (a {@link JsonPrintException} names the field);
 *   <li>Timestamp is an RFC 3339 UTC string with 0, 3, 6 or 9 fractional digits, Struct a plain
 *       object, Value any JSON value;
 *   <li>google.protobuf.Any ({@code Event.extensions}) is {@code {"@type": url, …}} with the packed
 *       message in proto3 JSON (proto field names when printing; both name styles when parsing),
 *       the only form defined for a message the document does not describe. The type must be in
 *       the {@link Builder#typeRegistry type registry}; otherwise printing fails with a {@link
 *       JsonPrintException} and parsing with a {@link JsonDecodeException}.
 * </ul>
 *
 * <p>Defaults are left out, as in proto3, so printing and parsing back yields an equal message.
 * Parsing is strict: unknown properties are errors unless {@link Builder#ignoringUnknownFields};
 * {@code content} needs a {@code kind} (anywhere in the object) naming a known kind; JSON null
 * means "not set". Printing writes compact JSON straight to the output, without an intermediate
 * tree. Instances are immutable and thread-safe.
 *
 * @since 1.0.5
 */
public final class OpenApiJson {

  private static final OpenApiJson DEFAULTS = builder().build();

  private final JsonDecoder.Options decoderOptions;
  private final JsonFormat.Printer anyPrinter;

  private OpenApiJson(Builder builder) {
    this.decoderOptions =
        new JsonDecoder.Options(
            Dialect.OPENAPI, builder.limits, builder.registry, builder.ignoringUnknownFields, false);
    this.anyPrinter =
        JsonFormat.printer()
            .usingTypeRegistry(builder.registry)
            .preservingProtoFieldNames()
            .omittingInsignificantWhitespace();
  }

  /**
   * Returns the codec with default settings: {@link JsonLimits#defaults()}, an empty type
   * registry, unknown properties refused.
   *
   * @return the shared default instance
   */
  public static OpenApiJson defaults() {
    return DEFAULTS;
  }

  /**
   * Starts a builder preset with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Prints a message in the OpenAPI form as compact JSON.
   *
   * @param message any message or builder
   * @return the JSON text
   * @throws JsonPrintException naming the path, when the message holds what the form cannot
   *     express: NaN or ±Infinity (in a double field or a google.protobuf.Value), an UNSPECIFIED
   *     or unknown enum number in a repeated field, an Any whose type is not in the registry, an
   *     out-of-range Timestamp, nesting beyond {@link JsonLimits#maxDepth()}
   */
  public String print(MessageOrBuilder message) {
    StringBuilder out = new StringBuilder(256);
    writer(out).write(message);
    return out.toString();
  }

  /**
   * Prints a message in the OpenAPI form as compact JSON to {@code out}. Nothing is appended when
   * printing fails.
   *
   * @param message any message or builder
   * @param out where the JSON goes
   * @throws IOException if {@code out} fails
   * @throws JsonPrintException as for {@link #print(MessageOrBuilder)}
   */
  public void print(MessageOrBuilder message, Appendable out) throws IOException {
    if (out instanceof StringBuilder builder) {
      int mark = builder.length();
      try {
        writer(builder).write(message);
      } catch (RuntimeException e) {
        builder.setLength(mark);
        throw e;
      }
    } else {
      out.append(print(message));
    }
  }

  private OpenApiWriter writer(StringBuilder out) {
    return new OpenApiWriter(
        out, decoderOptions.registry(), anyPrinter, decoderOptions.limits().maxDepth());
  }

  /**
   * Parses OpenAPI-form JSON into {@code builder}. Fields present in the JSON replace those of the
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
   * Parses OpenAPI-form JSON from a reader into {@code builder}, streaming: the input is never held
   * whole in memory.
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

  /** Builder of {@link OpenApiJson}. */
  public static final class Builder {
    private JsonLimits limits = JsonLimits.defaults();
    private JsonFormat.TypeRegistry registry = JsonFormat.TypeRegistry.getEmptyTypeRegistry();
    private boolean ignoringUnknownFields;

    private Builder() {}

    /**
     * Sets the limits that parsing (and, for depth, printing) enforces.
     *
     * @param limits the limits; default {@link JsonLimits#defaults()}
     * @return this builder
     */
    public Builder limits(JsonLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Sets the types that google.protobuf.Any values ({@code Event.extensions}) may hold.
     *
     * @param registry the registry; default empty, so that any Any fails
     * @return this builder
     */
    public Builder typeRegistry(JsonFormat.TypeRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Sets whether parsing skips unknown properties and unknown enum names (the field is then left
     * unset) instead of failing. UNSPECIFIED enum values and unknown content kinds are refused
     * either way.
     *
     * @param ignoringUnknownFields true to skip; default false
     * @return this builder
     */
    public Builder ignoringUnknownFields(boolean ignoringUnknownFields) {
      this.ignoringUnknownFields = ignoringUnknownFields;
      return this;
    }

    /**
     * Builds the codec.
     *
     * @return an immutable, thread-safe {@link OpenApiJson}
     */
    public OpenApiJson build() {
      return new OpenApiJson(this);
    }
  }
}
