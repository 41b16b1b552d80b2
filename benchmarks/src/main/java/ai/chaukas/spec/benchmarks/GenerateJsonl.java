package ai.chaukas.spec.benchmarks;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.testing.internal.SampleEvents;
import ai.chaukas.spec.toolkit.json.JsonLinesWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a JSON Lines file of the benchmark event, with distinct event ids and a new session every
 * 100 events, until it reaches the requested size: the input of the streaming measurements.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar ai.chaukas.spec.benchmarks.GenerateJsonl FILE MEGABYTES}
 */
public final class GenerateJsonl {

  private GenerateJsonl() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: GenerateJsonl FILE MEGABYTES");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    long limit = Long.parseLong(args[1]) * 1024 * 1024;
    Event template = SampleEvents.llmInvocation();
    long events = 0;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
        JsonLinesWriter writer = new JsonLinesWriter(out)) {
      while (Files.size(file) < limit || events % 10_000 != 0) {
        writer.write(template.toBuilder()
            .setEventId(String.format("0194f2b0-7c1a-7b3e-9f00-%012d", events))
            .setSessionId(String.format("0194f2b0-7c1a-7b3e-9f01-%012d", events / 100))
            .setTimestamp(template.getTimestamp().toBuilder().setSeconds(template.getTimestamp().getSeconds() + events))
            .build());
        events++;
        if (events % 10_000 == 0) {
          writer.flush();
        }
      }
    }
    System.out.printf("%s: %,d events, %,d bytes%n", file, events, Files.size(file));
  }
}
