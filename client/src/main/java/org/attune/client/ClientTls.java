package org.attune.client;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Whether an {@link AttuneClient} speaks TLS to the server's TCP port, and which certificates it
 * trusts: the system's trust store (the JDK's {@code cacerts}) by default, or only those in a PEM
 * file, e.g. the one {@code attune serve --tls-self-signed} writes. The server's certificate must
 * name the host connected to (checked as HTTPS does); there is no option to skip that.
 *
 * <p>Immutable; thread-safe.
 *
 * @param enabled TLS on the TCP connection; UDP clock probes stay plaintext (they carry only times)
 * @param trust the PEM file of the certificates to trust instead of the system's
 */
public record ClientTls(boolean enabled, Optional<Path> trust) {

  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  public ClientTls {
    Objects.requireNonNull(trust, "trust");
    if (!enabled && trust.isPresent()) {
      throw new IllegalArgumentException("a trust file needs TLS on");
    }
  }

  /** Plaintext TCP. */
  public static ClientTls off() {
    return new ClientTls(false, Optional.empty());
  }

  /** TLS, trusting the system's certificate authorities. */
  public static ClientTls systemTrust() {
    return new ClientTls(true, Optional.empty());
  }

  /** TLS, trusting only the certificates in the PEM file {@code trust}. */
  public static ClientTls trusting(Path trust) {
    return new ClientTls(true, Optional.of(trust));
  }

  /** The client context these settings describe. */
  SslContext newContext() throws IOException {
    SslContextBuilder builder =
        SslContextBuilder.forClient()
            .sslProvider(SslProvider.JDK)
            .protocols(PROTOCOLS)
            .endpointIdentificationAlgorithm("HTTPS");
    if (trust.isPresent()) {
      Path file = trust.get();
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new IOException("the trust file " + file + " does not exist or cannot be read");
      }
      try {
        builder.trustManager(file.toFile());
      } catch (IllegalArgumentException e) {
        throw new IOException(
            "the trust file " + file + " has no PEM certificate: " + e.getMessage(), e);
      }
    }
    try {
      return builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IOException("cannot set up TLS: " + e.getMessage(), e);
    }
  }
}
