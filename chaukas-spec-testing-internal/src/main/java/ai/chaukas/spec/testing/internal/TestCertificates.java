package ai.chaukas.spec.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made at test time with {@code openssl},
 * for the TLS tests: nothing secret is kept in the repository.
 */
public final class TestCertificates {

  /** Where Debian installs it. */
  public static final Path OPENSSL = Path.of("/usr/bin/openssl");

  /**
   * The PEM files of one certificate: the certificate (also what a client trusts, as its own CA)
   * and its unencrypted PKCS#8 private key.
   */
  public record Pem(Path certificate, Path privateKey) {}

  private TestCertificates() {}

  /** Whether openssl is installed, for an assumption in the tests that need it. */
  public static boolean canMake() {
    return Files.isExecutable(OPENSSL);
  }

  /** Writes {@code cert.pem} and {@code key.pem} (P-256, valid for two days) into {@code dir}. */
  public static Pem selfSigned(Path dir) throws Exception {
    Pem pem = new Pem(dir.resolve("cert.pem"), dir.resolve("key.pem"));
    List<String> command = List.of(OPENSSL.toString(), "req", "-x509", "-newkey", "ec",
        "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
        "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        "-keyout", pem.privateKey().toString(), "-out", pem.certificate().toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return pem;
  }
}
