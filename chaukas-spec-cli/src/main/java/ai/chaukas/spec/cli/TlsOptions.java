package ai.chaukas.spec.cli;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import picocli.CommandLine.Option;

/** {@code --plaintext}, {@code --tls} and {@code --ca-file}: how a command reaches a gRPC server. */
final class TlsOptions {

  @Option(names = "--plaintext", description = "gRPC without TLS (the default).")
  boolean plaintext;

  @Option(names = "--tls",
      description = "gRPC with TLS, trusting the JDK's certificate authorities (or --ca-file).")
  boolean tls;

  @Option(names = "--ca-file", paramLabel = "FILE",
      description = "With --tls: trust the PEM certificate(s) of FILE instead, e.g. a private CA or a"
          + " self-signed server certificate.")
  Path caFile;

  /** What is wrong with these options together, for a usage error; null when nothing is. */
  String problem() {
    if (plaintext && tls) {
      return "choose --plaintext or --tls, not both";
    }
    if (caFile != null && !tls) {
      return "--ca-file is for TLS: add --tls";
    }
    return null;
  }

  /** Whether any of these options was given. */
  boolean given() {
    return plaintext || tls || caFile != null;
  }

  /**
   * A channel builder for {@code target} with these options' credentials.
   *
   * @throws IOException, GeneralSecurityException if {@code --ca-file} cannot be used
   */
  NettyChannelBuilder channel(String target) throws IOException, GeneralSecurityException {
    ChannelCredentials credentials = InsecureChannelCredentials.create();
    if (tls) {
      TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
      if (caFile != null) {
        builder.trustManager(TlsMismatch.trustManager(caFile));
      }
      credentials = builder.build();
    }
    return NettyChannelBuilder.forTarget(target, credentials);
  }

  /** {@link TlsMismatch#diagnose} for these options. */
  String mismatch(String target) {
    return TlsMismatch.diagnose(target, tls, caFile);
  }
}
