package ai.chaukas.spec.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code chaukas} command line: inspect and check Chaukas event files without writing Java.
 *
 * @since 1.0.5
 */
@Command(
    name = "chaukas",
    mixinStandardHelpOptions = true,
    versionProvider = Chaukas.Version.class,
    description = {
      "Validate, convert and summarise Chaukas audit events (spec v1); hash, chain and verify them,",
      "redact them, and prove and check their place in a signed Merkle log; send them to a platform,",
      "serve them, and check a server's conformance."
    },
    subcommands = {
      ValidateCommand.class,
      ConvertCommand.class,
      StatsCommand.class,
      HashCommand.class,
      ChainCommand.class,
      VerifyCommand.class,
      RedactCommand.class,
      KeygenCommand.class,
      ProveCommand.class,
      VerifyProofCommand.class,
      SendCommand.class,
      ServeCommand.class,
      ApiKeyCommand.class,
      ConformanceCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Formats: jsonl (one proto3 JSON event per line, as the Python SDK's file mode writes),",
      "proto-json, openapi-json, binary (Event, EventBatch, IngestEventRequest or",
      "IngestEventBatchRequest). They are detected; --format and --container override.",
      "Run 'chaukas help COMMAND' for a command's options."
    })
public final class Chaukas implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code, one of {@link ExitCode}'s. */
  public static int run(String... args) {
    return new CommandLine(new Chaukas()).setExecutionExceptionHandler(Chaukas::unexpected).execute(args);
  }

  /** Runs the command line with its text output and errors going to {@code out} and {@code err}. */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    return new CommandLine(new Chaukas())
        .setOut(out)
        .setErr(err)
        .setExecutionExceptionHandler(Chaukas::unexpected)
        .execute(args);
  }

  private static int unexpected(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    cmd.getErr().println("chaukas " + cmd.getCommandName() + ": " + e);
    cmd.getErr().println("This is a bug in chaukas; please report it with the command you ran.");
    return ExitCode.UNUSABLE.code();
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command: validate, convert, stats, hash, chain, verify, redact, keygen, prove, verify-proof, send, serve, api-key or conformance");
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Chaukas.class.getPackage().getImplementationVersion();
      return new String[] {"chaukas " + (v == null ? "(development build)" : v) + " — Chaukas spec v1"};
    }
  }
}
