package org.attune.server.transport.udp;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.LongAdder;
import org.attune.server.metrics.MeterNames;
import org.attune.server.metrics.TransportMeters;

/**
 * Counters of the UDP clock-ping transport: datagrams, pings answered, and datagrams dropped
 * unanswered, by reason.
 *
 * <p>Thread-safe: incremented on the datagram channel's event loop, read from any thread.
 */
public final class UdpStats implements MeterBinder {

  /** The transport's name in metrics. */
  public static final String TRANSPORT = "udp";

  public final LongAdder datagrams = new LongAdder();
  public final LongAdder clockPings = new LongAdder();
  public final LongAdder malformed = new LongAdder();
  public final LongAdder oversized = new LongAdder();

  /** Well-formed messages other than clock pings, which only TCP carries. */
  public final LongAdder unsupported = new LongAdder();

  /**
   * Well-formed pings left unanswered because their pong would have been more than three times
   * their size (the anti-amplification rule).
   */
  public final LongAdder amplification = new LongAdder();

  /** Replies not sent because the socket's send buffer was full. */
  public final LongAdder unwritable = new LongAdder();

  /** Datagrams dropped unanswered, whatever the reason but a full socket buffer. */
  public long rejected() {
    return malformed.sum() + oversized.sum() + unsupported.sum() + amplification.sum();
  }

  /** Binds these counters as {@code transport="udp"} meters. */
  @Override
  public void bindTo(MeterRegistry registry) {
    TransportMeters.of(registry, TRANSPORT)
        .datagrams(datagrams)
        .clockPings(clockPings)
        .dropped(MeterNames.MALFORMED, malformed)
        .dropped(MeterNames.OVERSIZED, oversized)
        .dropped(MeterNames.UNSUPPORTED, unsupported)
        .dropped(MeterNames.AMPLIFICATION, amplification)
        .dropped(MeterNames.UNWRITABLE, unwritable);
  }
}
