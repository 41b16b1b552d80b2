package ai.chaukas.spec.cli;

import picocli.CommandLine.Option;

/** Options every command that reads event files shares. */
final class InputOptions {

  // Typed, so that picocli rejects a wrong name as a usage error before the command runs.
  @Option(names = "--format", paramLabel = "FORMAT", converter = InputFormat.Converter.class,
      description = "Input format: jsonl, proto-json, openapi-json or binary (default: detected).")
  InputFormat format;

  @Option(names = "--container", paramLabel = "MESSAGE", converter = Container.Converter.class,
      description = "What a JSON or binary document holds: event, batch, ingest-event or ingest-batch"
          + " (default: detected).")
  Container container;
}
