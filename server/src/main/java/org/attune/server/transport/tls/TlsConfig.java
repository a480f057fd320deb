package org.attune.server.transport.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Whether the server speaks TLS, and with which identity.
 *
 * <p>Immutable; thread-safe.
 *
 * @param mode off, PEM files, or a self-signed certificate made at start
 * @param certificate the PEM certificate chain (leaf first), only for {@link Mode#PEM}
 * @param privateKey the PEM private key (PKCS#8, or PKCS#1 / SEC1 as OpenSSL writes them), only for
 *     {@link Mode#PEM}
 */
public record TlsConfig(Mode mode, Path certificate, Path privateKey) {

  /** How the server's TLS identity is had. */
  public enum Mode {
    /** Plaintext TCP, HTTP and WebSocket. */
    OFF,
    /** The certificate and key from PEM files. */
    PEM,
    /** A certificate for localhost made at start, for local testing only. */
    SELF_SIGNED
  }

  public TlsConfig {
    Objects.requireNonNull(mode, "mode");
    if (mode == Mode.PEM && (certificate == null || privateKey == null)) {
      throw new IllegalArgumentException("TLS needs both a certificate file and a key file");
    }
    if (mode != Mode.PEM && (certificate != null || privateKey != null)) {
      throw new IllegalArgumentException("certificate and key files go with TLS mode PEM only");
    }
  }

  public static TlsConfig off() {
    return new TlsConfig(Mode.OFF, null, null);
  }

  public static TlsConfig pem(Path certificate, Path privateKey) {
    return new TlsConfig(Mode.PEM, certificate, privateKey);
  }

  public static TlsConfig selfSigned() {
    return new TlsConfig(Mode.SELF_SIGNED, null, null);
  }

  public boolean enabled() {
    return mode != Mode.OFF;
  }
}
