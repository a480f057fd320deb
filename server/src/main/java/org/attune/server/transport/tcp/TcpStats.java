package org.attune.server.transport.tcp;

import org.attune.server.transport.ConnectionStats;

/**
 * Counters of the TCP transport: connections, clock pings, and the requests it dropped or refused,
 * by reason.
 *
 * <p>Thread-safe: incremented by the connections' event loops, read from any thread.
 */
public final class TcpStats extends ConnectionStats {

  /** The transport's name in logs and metrics. */
  public static final String TRANSPORT = "tcp";

  public TcpStats() {
    super(TRANSPORT);
  }
}
