package ai.chaukas.spec.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Options of the commands that write events ({@code convert}, {@code chain}, {@code redact}), the
 * only ones that write JSON Lines of events.
 */
final class OutputOptions {

  // Typed, so that picocli rejects a wrong name as a usage error before the command runs.
  @Option(names = "--to", paramLabel = "FORMAT", converter = InputFormat.Converter.class,
      description = "Output format: jsonl, proto-json, openapi-json or binary (default: jsonl when -o ends in"
          + " .jsonl or .ndjson, binary when it ends in .bin or .pb, else the inputs' format when they all"
          + " have the same, else jsonl).")
  InputFormat to;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write here instead of standard output. The file is replaced only when the command"
          + " succeeds, so it may also be one of the inputs.")
  Path output;

  @Option(names = "--output-container", paramLabel = "MESSAGE", converter = Container.Converter.class,
      description = "Message to write for document formats: event, batch, ingest-event or ingest-batch"
          + " (default: the input's when there is one JSON or binary input, else batch).")
  Container outputContainer;

  @Option(names = "--proto-names",
      description = "proto-json: original field names (event_id) instead of lowerCamelCase (eventId).")
  boolean protoNames;

  @Option(names = "--json-names", paramLabel = "NAMES", converter = JsonNames.Converter.class,
      description = "jsonl: proto writes the proto field names (event_id), as the Python SDK's file mode does;"
          + " camel writes lowerCamelCase (eventId) (default: proto). Reading accepts both.")
  JsonNames jsonNames = JsonNames.PROTO;

  /**
   * The format to write: {@code --to}, else the one {@code -o}'s extension names, else the format
   * all inputs share, else JSON Lines.
   */
  InputFormat target(List<EventInput> inputs) {
    if (to != null) {
      return to;
    }
    String name = output == null || output.getFileName() == null ? ""
        : output.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return InputFormat.JSONL;
    }
    if (name.endsWith(".bin") || name.endsWith(".pb")) {
      return InputFormat.BINARY;
    }
    InputFormat common = null;
    for (EventInput in : inputs) {
      if (common != null && common != in.format()) {
        return InputFormat.JSONL;
      }
      common = in.format();
    }
    return common == null ? InputFormat.JSONL : common;
  }

  /** Whether binary would go to standard output while it is a terminal, which it would garble. */
  boolean binaryToTerminal(List<EventInput> inputs) {
    return output == null && target(inputs) == InputFormat.BINARY && System.console() != null;
  }
}
