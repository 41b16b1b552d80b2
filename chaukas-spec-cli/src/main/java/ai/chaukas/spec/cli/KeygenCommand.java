package ai.chaukas.spec.cli;

import ai.chaukas.spec.toolkit.integrity.merkle.CheckpointSigner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chaukas keygen}: a new Ed25519 key for signing Merkle log checkpoints. */
@Command(
    name = "keygen",
    description = {
      "Create an Ed25519 key pair for signing Merkle log checkpoints (docs/chaukas-hash-v1.md,"
          + " 'Checkpoints'):",
      "  PREFIX.key: the private key, PKCS#8 PEM, file mode 0600. Keep it secret; 'chaukas prove --key'"
          + " reads it.",
      "  PREFIX.pub: the C2SP verifier key, NAME+KEYID+BASE64. Publish it; 'chaukas verify-proof"
          + " --verifier-key @PREFIX.pub' reads it.",
      "Existing files are never overwritten.",
    },
    exitCodeList = {
      "0:both files written",
      "2:a file exists or cannot be written, or the command line is wrong (e.g. a name with a space or '+')"
    })
final class KeygenCommand implements ChaukasCommand {

  @Mixin CommonOptions common;

  @Option(names = "--name", required = true, paramLabel = "NAME",
      description = "The key's name, written in every signature line; usually the log's origin"
          + " (e.g. audit.example.com/tenant-a). No spaces, no '+'.")
  String name;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "PREFIX",
      description = "Write PREFIX.key and PREFIX.pub.")
  String prefix;

  @Override
  public ExitCode execute() {
    PrintWriter out = common.out();
    PrintWriter err = common.err();
    KeyPair pair = Ed25519Keys.generate();
    CheckpointSigner signer;
    try {
      signer = CheckpointSigner.create(name, pair);
    } catch (IllegalArgumentException e) {
      return usage("--name: " + e.getMessage());
    }
    Path keyFile = Path.of(prefix + ".key");
    Path pubFile = Path.of(prefix + ".pub");
    for (Path p : new Path[] {keyFile, pubFile}) {
      if (Files.exists(p)) {
        err.println("chaukas keygen: " + p + " exists; choose another -o PREFIX or move the old key away"
            + " (nothing was written)");
        return ExitCode.UNUSABLE;
      }
    }
    String verifierKey = signer.verifier().verifierKey();
    try {
      Ed25519Keys.writePrivate(keyFile, Ed25519Keys.toPem(pair.getPrivate()));
    } catch (FileAlreadyExistsException e) {
      err.println("chaukas keygen: " + keyFile + " exists; choose another -o PREFIX (nothing was written)");
      return ExitCode.UNUSABLE;
    } catch (IOException e) {
      err.println("chaukas keygen: cannot write the key: " + EventOutput.describe(e));
      return ExitCode.UNUSABLE;
    }
    try {
      Files.writeString(pubFile, verifierKey + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      err.println("chaukas keygen: cannot write the verifier key: " + EventOutput.describe(e) + "; deleting " + keyFile);
      try {
        Files.deleteIfExists(keyFile);
      } catch (IOException ignored) {
        err.println("chaukas keygen: could not delete " + keyFile + "; delete it yourself");
      }
      return ExitCode.UNUSABLE;
    }
    out.println("wrote " + keyFile + " (private key: keep it secret) and " + pubFile);
    out.println("verifier key: " + verifierKey);
    out.flush();
    return ExitCode.OK;
  }

  private ExitCode usage(String message) {
    return common.usage(message);
  }
}
