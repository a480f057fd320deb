package org.attune.server.transport.tls;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one TLS port: handshakes completed, and connections closed because they did not speak
 * TLS or failed the handshake (a plaintext client, an untrusted certificate, no common cipher), as
 * {@code attune_tls_handshakes_total{port, outcome}}.
 *
 * <p>Thread-safe: incremented by the connections' event loops, read from any thread.
 */
public final class TlsStats implements MeterBinder {

  private final String port;
  public final LongAdder completed = new LongAdder();
  public final LongAdder failed = new LongAdder();

  /** Counters of the port named {@code port} in metrics, e.g. {@code tcp} or {@code http}. */
  public TlsStats(String port) {
    this.port = port;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("attune_tls_handshakes", completed, LongAdder::sum)
        .description("TLS handshakes by outcome")
        .tag("port", port)
        .tag("outcome", "completed")
        .register(registry);
    FunctionCounter.builder("attune_tls_handshakes", failed, LongAdder::sum)
        .description("TLS handshakes by outcome")
        .tag("port", port)
        .tag("outcome", "failed")
        .register(registry);
  }
}
