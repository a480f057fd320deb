package org.attune.cli;

import java.nio.file.Path;
import org.attune.client.ClientOptions;
import org.attune.client.ClientTls;
import picocli.CommandLine.Option;

/**
 * The client commands' TLS options ({@code --tls}, {@code --trust FILE}), shared as a picocli mixin
 * by {@code play} and {@code facilitate}.
 */
final class TlsClientOptions {

  @Option(
      names = "--tls",
      defaultValue = "${env:ATTUNE_TLS:-false}",
      description =
          "Speak TLS to the server's port (one started with --tls-cert/--tls-key or"
              + " --tls-self-signed), trusting the system's certificate authorities unless"
              + " --trust is given (default: $ATTUNE_TLS, else off).")
  boolean tls;

  @Option(
      names = "--trust",
      defaultValue = "${env:ATTUNE_TLS_TRUST}",
      paramLabel = "FILE.pem",
      description =
          "Trust only the certificates in this PEM file (e.g. the one `serve --tls-self-signed`"
              + " prints); implies --tls (default: $ATTUNE_TLS_TRUST).")
  Path trust;

  /** {@code options} with these TLS settings. */
  ClientOptions applyTo(ClientOptions options) {
    if (trust != null) {
      return options.withTls(ClientTls.trusting(trust));
    }
    return options.withTls(tls ? ClientTls.systemTrust() : ClientTls.off());
  }
}
