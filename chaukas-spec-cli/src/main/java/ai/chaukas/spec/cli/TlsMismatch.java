package ai.chaukas.spec.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Tells, after a connection failed, whether TLS was the problem: a TLS client at a plaintext
 * server, a plaintext client at a TLS server, or a certificate the client does not trust. gRPC
 * reports all three as {@code UNAVAILABLE} with a transport's message; one TLS handshake of our
 * own shows which it is.
 */
final class TlsMismatch {

  private static final Pattern HOST_PORT = Pattern.compile("^(\\[[^\\]]+\\]|[^:/\\[\\]]+):(\\d{1,5})$");
  private static final int TIMEOUT_MILLIS = 5_000;

  private TlsMismatch() {}

  /**
   * One sentence on what is wrong with TLS at {@code target} ({@code HOST:PORT}), or null when the
   * handshake shows nothing wrong with it, the target is of another form, or no connection opens.
   *
   * @param tls whether the client used TLS
   * @param caFile the certificate(s) the client trusts, or null for the JDK's authorities
   */
  static String diagnose(String target, boolean tls, Path caFile) {
    Matcher m = HOST_PORT.matcher(target);
    if (!m.matches()) {
      return null;
    }
    String host = m.group(1).replaceAll("^\\[|\\]$", "");
    int port = Integer.parseInt(m.group(2));
    X509TrustManager trust;
    try {
      trust = trustManager(caFile);
    } catch (IOException | GeneralSecurityException e) {
      return null;
    }
    Recording recording = new Recording(trust);
    String untrusted = null;
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      plain.setSoTimeout(TIMEOUT_MILLIS);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {recording}, null);
      try (SSLSocket socket =
          (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, false)) {
        socket.startHandshake();
      } catch (IOException e) {
        untrusted = recording.refusal;
      }
    } catch (IOException | GeneralSecurityException e) {
      if (!recording.presented) {
        return null;
      }
    }
    if (!recording.presented) {
      return tls
          ? target + " does not answer TLS: it looks like a plaintext server; leave out --tls"
          : null;
    }
    if (!tls) {
      return target + " speaks TLS: add --tls (and --ca-file FILE if its certificate is self-signed"
          + " or from a private CA)";
    }
    return untrusted == null
        ? null
        : "the certificate of " + target + " is not trusted (" + untrusted + "); pass --ca-file with"
            + " the PEM certificate of the CA that signed it, or the certificate itself if self-signed";
  }

  /** The trust of the client: the certificates of {@code caFile}, or the JDK's authorities. */
  static X509TrustManager trustManager(Path caFile) throws IOException, GeneralSecurityException {
    KeyStore store = null;
    if (caFile != null) {
      store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      try (InputStream in = Files.newInputStream(caFile)) {
        int i = 0;
        for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          store.setCertificateEntry("ca-" + i++, certificate);
        }
        if (i == 0) {
          throw new CertificateException(caFile + " holds no PEM certificate");
        }
      }
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
  }

  /** Passes the verdict of the client's trust on, and notes whether the server sent certificates. */
  private static final class Recording implements X509TrustManager {
    private final X509TrustManager delegate;
    volatile boolean presented;
    volatile String refusal;

    Recording(X509TrustManager delegate) {
      this.delegate = delegate;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      presented = true;
      try {
        delegate.checkServerTrusted(chain, authType);
      } catch (CertificateException e) {
        refusal = e.getMessage();
        throw e;
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }
}
