package ai.chaukas.spec.cli;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventBatch;
import ai.chaukas.spec.toolkit.json.JsonLinesWriter;
import ai.chaukas.spec.toolkit.json.OpenApiJson;
import ai.chaukas.spec.toolkit.json.ProtoJson;
import com.google.protobuf.Message;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chaukas convert}: rewrites events in another format. */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = {
      "Convert the events of each FILE to another format, to standard output or -o FILE.",
      "To jsonl: one strict proto3 JSON event per line, streamed. To a document format: a single",
      "JSON or binary input keeps its message (event, batch, request); JSON Lines or several files",
      "become one EventBatch. Unreadable JSON lines are reported and skipped.",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:everything converted",
      "1:some JSON lines were unreadable and skipped",
      "2:an input is unusable or the command line is wrong (nothing is written)"
    })
final class ConvertCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to convert; - reads standard input.")
  List<String> files;

  @Option(names = "--to", required = true, paramLabel = "FORMAT",
      description = "Output format: jsonl, proto-json, openapi-json or binary.")
  String to;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of standard output.")
  Path output;

  @Option(names = "--output-container", paramLabel = "MESSAGE",
      description = "Message to write for document formats: event, batch, ingest-event or ingest-batch.")
  String outputContainer;

  @Option(names = "--proto-names",
      description = "proto-json: original field names (event_id) instead of lowerCamelCase (eventId).")
  boolean protoNames;

  @Mixin InputOptions input;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    InputFormat target;
    Container forcedOut;
    try {
      target = InputFormat.parse(to);
      forcedOut = outputContainer == null ? null : Container.parse(outputContainer);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (target == InputFormat.BINARY && output == null && System.console() != null) {
      err.println("chaukas convert: refusing to write binary to a terminal; add -o FILE or redirect the output");
      return 2;
    }
    List<EventInput> inputs = new ArrayList<>();
    try {
      for (String file : files) {
        inputs.add(EventInput.open(file, input.format(), input.container()));
      }
    } catch (UnusableInputException e) {
      err.println("chaukas convert: " + e.getMessage());
      closeAll(inputs);
      return 2;
    }
    int[] skipped = {0};
    try (OutputStream out = open()) {
      if (target == InputFormat.JSONL) {
        JsonLinesWriter writer = new JsonLinesWriter(out);
        for (EventInput in : inputs) {
          forEach(in, err, skipped, writer::write);
        }
        writer.flush();
      } else {
        List<Event> events = new ArrayList<>();
        for (EventInput in : inputs) {
          forEach(in, err, skipped, events::add);
        }
        boolean singleDocument = inputs.size() == 1 && inputs.get(0).container() != null;
        Container container = forcedOut != null ? forcedOut : singleDocument ? inputs.get(0).container() : Container.EVENT_BATCH;
        EventBatch template = singleDocument ? inputs.get(0).batch() : null;
        Message message;
        try {
          message = container.wrap(events, template);
        } catch (IllegalArgumentException e) {
          err.println("chaukas convert: " + e.getMessage());
          return 2;
        }
        write(message, target, out);
      }
    } finally {
      closeAll(inputs);
    }
    return skipped[0] > 0 ? 1 : 0;
  }

  private interface EventSink {
    void accept(Event event) throws IOException;
  }

  private static void forEach(EventInput in, PrintWriter err, int[] skipped, EventSink sink) throws IOException {
    for (Optional<EventInput.Item> next; (next = in.next()).isPresent(); ) {
      EventInput.Item item = next.get();
      if (item.error() != null) {
        skipped[0]++;
        err.println("chaukas convert: " + in.name() + ":" + item.location() + ": skipped: " + item.error());
      } else {
        sink.accept(item.event());
      }
    }
  }

  private void write(Message message, InputFormat target, OutputStream out) throws IOException {
    switch (target) {
      case BINARY -> message.writeTo(out);
      case PROTO_JSON, OPENAPI_JSON -> {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        if (target == InputFormat.OPENAPI_JSON) {
          OpenApiJson.defaults().print(message, w);
        } else {
          w.write(ProtoJson.builder().preservingProtoFieldNames(protoNames).build().print(message));
        }
        w.write('\n');
        w.flush();
      }
      case JSONL -> throw new IllegalStateException("JSON Lines are streamed");
    }
  }

  private OutputStream open() throws IOException {
    OutputStream raw = output == null ? nonClosing(System.out) : Files.newOutputStream(output);
    return new BufferedOutputStream(raw, 1 << 16);
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        out.flush();
      }
    };
  }

  private static void closeAll(List<EventInput> inputs) throws IOException {
    for (EventInput in : inputs) {
      in.close();
    }
  }
}
