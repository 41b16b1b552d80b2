package ai.chaukas.spec.cli;

import java.util.List;

/** How a file holds its events. */
enum InputFormat implements CliNames.Named {
  /** One proto3 JSON event per line, as the Python SDK's file mode writes. */
  JSONL,
  /** One proto3 JSON document (the protobuf JSON mapping). */
  PROTO_JSON,
  /** One JSON document in the OpenAPI form (unprefixed enums, content with a kind). */
  OPENAPI_JSON,
  /** One binary protobuf message. */
  BINARY;

  /** Parses {@code --format} and {@code --to}. */
  static final class Converter extends CliNames.Converter<InputFormat> {
    Converter() {
      super("format", List.of(values()));
    }
  }
}
