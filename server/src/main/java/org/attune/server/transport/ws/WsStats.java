package org.attune.server.transport.ws;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;
import org.attune.server.transport.ConnectionStats;

/**
 * Counters of the WebSocket transport: those of every member connection, and the upgrades it
 * refused because the page that asked was served by another site.
 *
 * <p>Thread-safe: incremented by the connections' event loops, read from any thread.
 */
public final class WsStats extends ConnectionStats {

  /** The transport's name in logs and metrics. */
  public static final String TRANSPORT = "ws";

  /** The reason of {@link #refusedOrigins} in {@code attune_messages_dropped}. */
  static final String ORIGIN_REFUSED = "origin_refused";

  /** Upgrades refused with 403 because of their {@code Origin}. */
  public final LongAdder refusedOrigins = new LongAdder();

  public WsStats() {
    super(TRANSPORT);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    super.bindTo(registry);
    meters(registry).dropped(ORIGIN_REFUSED, refusedOrigins);
  }
}
