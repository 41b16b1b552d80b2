package ai.chaukas.spec.cli;

import java.util.List;

/** The field names of JSON Lines that the command line writes ({@code --json-names}). */
enum JsonNames implements CliNames.Named {
  /** The proto field names ({@code event_id}), as the Python SDK's file mode writes them. */
  PROTO,
  /** The lowerCamelCase JSON names ({@code eventId}). */
  CAMEL;

  /** Parses {@code --json-names}. */
  static final class Converter extends CliNames.Converter<JsonNames> {
    Converter() {
      super("JSON names", List.of(values()));
    }
  }
}
