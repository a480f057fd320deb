package org.attune.server.transport.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * The server's TLS identity, loaded once at start: the Netty {@link SslContext} (JDK provider, TLS
 * 1.3 and 1.2) that every TLS connection's {@code SslHandler} comes from, and the leaf certificate,
 * for the start banner.
 *
 * <p>A certificate or key that cannot be read, does not parse or do not belong together is refused
 * here, with a sentence naming the file, before any port opens.
 *
 * <p>Immutable; thread-safe: {@link SslContext#newHandler} may be called from any loop.
 */
public final class ServerTls {

  static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private final SslContext context;
  private final X509Certificate certificate;
  private final Optional<String> selfSignedPem;

  private ServerTls(
      SslContext context, X509Certificate certificate, Optional<String> selfSignedPem) {
    this.context = context;
    this.certificate = certificate;
    this.selfSignedPem = selfSignedPem;
  }

  /**
   * The identity {@code config} names, or empty when TLS is off.
   *
   * @param extraNames names besides localhost that a self-signed certificate is made for (the
   *     configured host, when it is a name)
   * @throws IllegalArgumentException when a file is missing, unreadable, or not a matching PEM
   *     certificate and key
   */
  public static Optional<ServerTls> load(TlsConfig config, List<String> extraNames) {
    switch (config.mode()) {
      case OFF:
        return Optional.empty();
      case SELF_SIGNED:
        SelfSignedIdentity identity = SelfSignedIdentity.generate(extraNames);
        return Optional.of(
            new ServerTls(
                build(SslContextBuilder.forServer(identity.key(), identity.certificate()), "self"),
                identity.certificate(),
                Optional.of(identity.certificatePem())));
      case PEM:
      default:
        Path cert = config.certificate();
        Path key = config.privateKey();
        readable(cert, "certificate");
        readable(key, "key");
        X509Certificate leaf = firstCertificate(cert);
        SslContext context;
        try {
          context =
              build(SslContextBuilder.forServer(cert.toFile(), key.toFile()), cert.toString());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "the TLS key "
                  + key
                  + " cannot be used with the certificate "
                  + cert
                  + ": "
                  + rootMessage(e),
              e);
        }
        return Optional.of(new ServerTls(context, leaf, Optional.empty()));
    }
  }

  private static SslContext build(SslContextBuilder builder, String what) {
    try {
      return builder.sslProvider(SslProvider.JDK).protocols(PROTOCOLS).build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(rootMessage(e), e);
    }
  }

  private static void readable(Path file, String what) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(
          "the TLS " + what + " file " + file + " does not exist or cannot be read");
    }
  }

  private static X509Certificate firstCertificate(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      var certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("the TLS certificate file " + file + " has none");
      }
      return (X509Certificate) certificates.iterator().next();
    } catch (CertificateException | IOException e) {
      throw new IllegalArgumentException(
          "the TLS certificate file " + file + " is not a PEM certificate: " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  /** The context every TLS connection's handler is made from. */
  public SslContext context() {
    return context;
  }

  /** The server's own (leaf) certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The certificate as PEM, when it was made at start: what a client must trust. */
  public Optional<String> selfSignedPem() {
    return selfSignedPem;
  }

  /** The SHA-256 fingerprint of the certificate, as {@code AB:CD:...}, as browsers show it. */
  public String fingerprint() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
