package ai.chaukas.spec.cli;

import ai.chaukas.spec.reference.ApiKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code chaukas api-key}: a new API key for {@code chaukas serve --keys}, and the key file line
 * that lets the server accept it. Not to be confused with {@code chaukas keygen}, which makes
 * signing keys for Merkle log checkpoints.
 */
@Command(
    name = "api-key",
    description = {
      "Make an API key for a server run with 'chaukas serve --keys FILE', and print it with the line",
      "to add to FILE. The line holds the key's SHA-256, never the key: the key is shown this once.",
      "Give it to the client, which sends it as authorization: Bearer KEY (chaukas conformance",
      "--api-key, the SDKs' API key setting). The server reads FILE when it starts. (Signing keys for",
      "Merkle log checkpoints are another thing: chaukas keygen makes those.)",
    },
    exitCodeList = {
      "0:the key was made (and its line appended with --append)",
      "2:the file of --append cannot be written, or the command line is wrong"
    })
final class ApiKeyCommand implements ChaukasCommand {

  @Mixin CommonOptions common;

  @Option(names = "--tenant", required = true, paramLabel = "TENANT",
      description = "The one tenant the key reads and writes, or * for an operator key valid for every"
          + " tenant (what 'chaukas conformance' needs, since it uses tenants of its own).")
  String tenant;

  @Option(names = "--project", paramLabel = "PROJECT",
      description = "Limit the key to this project of its tenant: its events must carry it, and its"
          + " queries and stats must name it.")
  String project;

  @Option(names = "--scopes", split = ",", paramLabel = "SCOPE",
      description = "What the key allows: ingest (IngestEvent, IngestEventBatch), query (QueryEvents,"
          + " GetEventStats), metrics (/metrics; only with --tenant '*') (default: ingest,query).")
  List<String> scopes = List.of("ingest", "query");

  @Option(names = "--name", paramLabel = "NAME",
      description = "A label the server shows in its lines and errors instead of the hash's start.")
  String name;

  @Option(names = "--append", paramLabel = "FILE",
      description = "Append the line to FILE (created if missing) instead of printing it.")
  Path append;

  @Override
  public ExitCode execute() {
    PrintWriter out = common.out();
    EnumSet<ApiKeys.Scope> chosen = EnumSet.noneOf(ApiKeys.Scope.class);
    for (String id : scopes) {
      try {
        chosen.add(ApiKeys.Scope.valueOf(id.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        return common.usage("--scopes: no scope \"" + Printable.of(id) + "\"; the scopes are ingest,"
            + " query and metrics");
      }
    }
    String key = ApiKeys.newKey();
    String line;
    try {
      line = ApiKeys.fileLine(key, tenant, project, chosen, name);
    } catch (IllegalArgumentException e) {
      return common.usage(e.getMessage());
    }
    if (append != null) {
      try {
        Files.writeString(append, line + "\n", StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
      } catch (IOException e) {
        common.err().println("chaukas api-key: cannot append to the key file: " + EventOutput.describe(e)
            + " (no key was made)");
        common.err().flush();
        return ExitCode.UNUSABLE;
      }
    }
    out.println("api key: " + key);
    out.println(append == null
        ? "key file line: " + line
        : "appended its line to " + Printable.of(append.toString()) + "; restart chaukas serve to use it");
    out.flush();
    return ExitCode.OK;
  }
}
