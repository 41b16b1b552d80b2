package ai.chaukas.spec.cli;

import picocli.CommandLine.Option;

/** Options every command that reads event files shares. */
final class InputOptions {

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "Input format: jsonl, proto-json, openapi-json or binary (default: detected).")
  String format;

  @Option(names = "--container", paramLabel = "MESSAGE",
      description = "What a JSON or binary document holds: event, batch, ingest-event or ingest-batch"
          + " (default: detected).")
  String container;

  InputFormat format() {
    return format == null ? null : InputFormat.parse(format);
  }

  Container container() {
    return container == null ? null : Container.parse(container);
  }
}
