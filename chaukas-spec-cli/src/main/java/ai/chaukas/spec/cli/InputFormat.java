package ai.chaukas.spec.cli;

import java.util.Locale;
import picocli.CommandLine;

/** How a file holds its events. */
enum InputFormat {
  /** One proto3 JSON event per line, as the Python SDK's file mode writes. */
  JSONL("jsonl"),
  /** One proto3 JSON document (the protobuf JSON mapping). */
  PROTO_JSON("proto-json"),
  /** One JSON document in the OpenAPI form (unprefixed enums, content with a kind). */
  OPENAPI_JSON("openapi-json"),
  /** One binary protobuf message. */
  BINARY("binary");

  private final String cliName;

  InputFormat(String cliName) {
    this.cliName = cliName;
  }

  String cliName() {
    return cliName;
  }

  static InputFormat parse(String name) {
    for (InputFormat f : values()) {
      if (f.cliName.equals(name.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown format '" + name + "'; use one of jsonl, proto-json, openapi-json, binary");
  }

  /**
   * Lets picocli parse the option, so a wrong name is a usage error that lists the accepted names
   * (picocli's own enum conversion knows only the constant names, such as PROTO_JSON).
   */
  static final class Converter implements CommandLine.ITypeConverter<InputFormat> {
    @Override
    public InputFormat convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
