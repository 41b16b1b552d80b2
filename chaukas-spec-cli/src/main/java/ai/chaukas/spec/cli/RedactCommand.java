package ai.chaukas.spec.cli;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.toolkit.Reason;
import ai.chaukas.spec.toolkit.json.JsonPrintException;
import ai.chaukas.spec.toolkit.redaction.KeyProvider;
import ai.chaukas.spec.toolkit.redaction.PiiDetector;
import ai.chaukas.spec.toolkit.redaction.RedactionException;
import ai.chaukas.spec.toolkit.redaction.RedactionMethod;
import ai.chaukas.spec.toolkit.redaction.RedactionPath;
import ai.chaukas.spec.toolkit.redaction.Redactor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chaukas redact}: masks, hashes or drops values of every event and records it. */
@Command(
    name = "redact",
    description = {
      "Redact the events of all FILEs with one method (docs/redaction.md) and record it in each"
          + " event's redaction (RedactionInfo: fields, method, salt_id). What is redacted:",
      "  --path P: the value at P, in RFC 9535 normalized form ($['message']['text']) or the dotted"
          + " shorthand (llm_invocation.request.messages[0].content);",
      "  --pii: every string in which an e-mail address, phone number, payment card or IP address is"
          + " found, as a whole; the categories are added to pii_categories.",
      "mask writes [REDACTED]; hash writes hmac-sha256:HEX under the key named by --salt-id; drop"
          + " removes the value.",
      "Redaction clears content_hash and worm_proof_id, since the content changed: run 'chaukas chain'"
          + " on the output to seal it again (redact first, then hash).",
      "JSON Lines are written streamed. An event that cannot be redacted as asked stops the command"
          + " and nothing is written to -o: leaving the event out would hide it, writing it would leak"
          + " it. An unreadable JSON line stops it too.",
    },
    exitCodeList = {
      "0:every event written (redacted where the paths or findings apply)",
      "1:an event cannot be redacted as asked (value missing, not redactable, another method already"
          + " recorded) or a JSON line is unreadable; nothing is written to -o",
      "2:an input or key is unusable, or the command line is wrong (unknown field, forbidden path, ...)"
    })
final class RedactCommand implements ChaukasCommand {

  /** Reasons that say the command line is wrong, whatever the event. */
  private static final Set<Reason> COMMAND_LINE_REASONS = Set.of(
      Reason.SYNTAX, Reason.UNKNOWN_FIELD, Reason.FORBIDDEN, Reason.NO_KEY, Reason.INVALID_REQUEST);

  @Mixin CommonOptions common;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to redact; - reads standard input.")
  List<String> files;

  @Option(names = "--method", required = true, paramLabel = "METHOD", description = "mask, hash or drop.")
  String method;

  @Option(names = "--path", paramLabel = "P", description = "A value to redact; repeat for several.")
  List<String> paths = new ArrayList<>();

  @Option(names = "--pii", description = "Also redact every string holding personal data the detector finds,"
      + " and add its categories to pii_categories.")
  boolean pii;

  @Option(names = "--salt-id", paramLabel = "ID", description = "hash: the key's name, recorded in salt_id.")
  String saltId;

  @Option(names = "--key-file", paramLabel = "FILE", description = "hash: the key is the raw bytes of this file.")
  Path keyFile;

  @Option(names = "--key-env", paramLabel = "VAR",
      description = "hash: the key is the hex text in this environment variable.")
  String keyEnv;

  @Option(names = "--ignore-missing",
      description = "Skip a --path an event has no value at (not recorded), instead of stopping.")
  boolean ignoreMissing;

  @Mixin InputOptions input;

  @Mixin OutputOptions outputOptions;

  /** What redacting has done so far, and why it stopped, if it did. */
  private static final class Progress {
    long redacted;
    String stop;
    ExitCode code;
  }

  @Override
  public ExitCode execute() throws IOException {
    PrintWriter err = common.err();
    RedactionMethod redactionMethod;
    List<RedactionPath> parsed = new ArrayList<>();
    try {
      redactionMethod = RedactionMethod.fromWireName(method.toLowerCase(Locale.ROOT));
      for (String p : paths) {
        parsed.add(RedactionPath.parse(p));
      }
    } catch (IllegalArgumentException | RedactionException e) {
      return usage(e.getMessage());
    }
    if (parsed.isEmpty() && !pii) {
      return usage("name what to redact: --path P (repeatable) and/or --pii");
    }
    String salt = null;
    KeyProvider keys = KeyProvider.none();
    if (redactionMethod == RedactionMethod.HASH) {
      if (saltId == null || saltId.isEmpty()) {
        return usage("--method hash needs --salt-id ID, the name of the key recorded in every event");
      }
      if ((keyFile == null) == (keyEnv == null)) {
        return usage("--method hash needs the key: --key-file FILE (its raw bytes) or --key-env VAR (hex), one of them");
      }
      byte[] key;
      try {
        key = keyFile != null ? readKeyFile(keyFile) : readKeyEnv(keyEnv);
      } catch (UnusableInputException e) {
        err.println("chaukas redact: " + e.getMessage());
        return ExitCode.UNUSABLE;
      }
      if (key.length < 32) {
        err.println("chaukas redact: warning: the key has " + key.length
            + " bytes; use at least 32 random bytes, or hashed values can be guessed");
      }
      salt = saltId;
      keys = KeyProvider.of(saltId, key);
    } else if (saltId != null || keyFile != null || keyEnv != null) {
      return usage("--salt-id, --key-file and --key-env are for --method hash; " + redactionMethod.wireName()
          + " uses no key");
    }
    Redactor redactor = Redactor.builder().keyProvider(keys).ignoreMissing(ignoreMissing).build();
    PiiDetector detector = pii ? PiiDetector.defaults() : null;
    // Mistakes that do not depend on the data (unknown or protected fields) show on an empty event.
    try {
      Redactor.builder().keyProvider(keys).ignoreMissing(true).build()
          .redact(Event.getDefaultInstance(), redactionMethod, salt, parsed);
    } catch (RedactionException e) {
      if (COMMAND_LINE_REASONS.contains(e.reason())) {
        return usage(e.getMessage());
      }
    }

    String finalSalt = salt;
    try (EventInputs inputs = EventInputs.open(files, input)) {
      if (outputOptions.binaryToTerminal(inputs.all())) {
        err.println("chaukas redact: refusing to write binary to a terminal; add -o FILE or redirect the output");
        return ExitCode.UNUSABLE;
      }
      Progress progress = new Progress();
      try (EventOutput output = EventOutput.open(outputOptions, inputs.all(), err, "redact")) {
        try {
          inputs.forEach((in, item) -> {
            String where = EventInputs.where(in, item);
            if (item.error() != null) {
              progress.stop = EventInputs.unreadable(in, item) + "; fix or delete the line, then redact again";
              progress.code = ExitCode.FAILED;
              return false;
            }
            Event event = item.event();
            Event result = event;
            try {
              if (!parsed.isEmpty()) {
                result = redactor.redact(result, redactionMethod, finalSalt, parsed);
              }
              if (detector != null) {
                result = detector.redact(result, redactor, redactionMethod, finalSalt);
              }
            } catch (RedactionException e) {
              progress.code = COMMAND_LINE_REASONS.contains(e.reason()) ? ExitCode.UNUSABLE : ExitCode.FAILED;
              // The toolkit's hint names the Java builder; the command line has its own option.
              String message = e.getMessage().replace(
                  " (build the Redactor with ignoreMissing(true) to skip such paths)", "");
              progress.stop = where + ": event " + EventInputs.idOf(event) + ": " + e.reason() + ": " + Printable.of(message)
                  + (e.reason() == Reason.MISSING
                      ? "; add --ignore-missing to skip paths an event does not have" : "");
              return false;
            }
            if (result != event) {
              progress.redacted++;
            }
            try {
              output.write(result);
            } catch (JsonPrintException e) {
              progress.code = ExitCode.FAILED;
              progress.stop = where + ": event " + EventInputs.idOf(event) + ": cannot be written as "
                  + output.target().cliName() + ": " + Printable.of(e.getMessage());
              return false;
            }
            return true;
          });
        } catch (IOException e) {
          err.println("chaukas redact: " + output.failedAfter(e));
          return ExitCode.UNUSABLE;
        }
        if (progress.stop != null) {
          err.println("chaukas redact: " + progress.stop);
          err.println("chaukas redact: stopped; " + output.leftBehind());
          return progress.code;
        }
        try {
          output.commit();
        } catch (JsonPrintException e) {
          err.println("chaukas redact: " + Printable.of(e.getMessage()) + "; nothing was written");
          return ExitCode.FAILED;
        } catch (IllegalArgumentException e) {
          err.println("chaukas redact: " + e.getMessage());
          return ExitCode.UNUSABLE;
        }
        err.println("chaukas redact: " + output.count() + " events, " + progress.redacted + " redacted ("
            + redactionMethod.wireName() + ", " + output.target().cliName() + "); content_hash and"
            + " worm_proof_id were cleared on those: run 'chaukas chain' to seal them again");
      }
    } catch (UnusableInputException e) {
      err.println("chaukas redact: " + e.getMessage());
      return ExitCode.UNUSABLE;
    } catch (IOException e) {
      err.println("chaukas redact: cannot write the output: " + EventOutput.describe(e));
      return ExitCode.UNUSABLE;
    }
    return ExitCode.OK;
  }

  private ExitCode usage(String message) {
    return common.usage(message);
  }

  private static byte[] readKeyFile(Path file) throws UnusableInputException {
    byte[] key;
    try {
      key = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new UnusableInputException("--key-file " + file + ": no such file");
    } catch (IOException e) {
      throw new UnusableInputException("--key-file " + file + ": cannot be read (" + e.getMessage() + ")", e);
    }
    if (key.length == 0) {
      throw new UnusableInputException("--key-file " + file + " is empty; the key is its raw bytes, e.g. from"
          + " 'head -c 32 /dev/urandom > " + file + "'");
    }
    return key;
  }

  private static byte[] readKeyEnv(String variable) throws UnusableInputException {
    String text = System.getenv(variable);
    if (text == null || text.isBlank()) {
      throw new UnusableInputException("--key-env: the environment variable " + variable + " is not set (or empty);"
          + " export it with the key in hex, e.g. " + variable + "=$(openssl rand -hex 32)");
    }
    String hex = text.strip();
    try {
      if (hex.length() % 2 != 0) {
        throw new IllegalArgumentException("odd number of digits");
      }
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      // The message would show part of the secret: leave it out.
      throw new UnusableInputException("--key-env: " + variable + " does not hold a key in hex; write the key's"
          + " bytes as an even number of hex digits, e.g. $(openssl rand -hex 32)");
    }
  }
}
