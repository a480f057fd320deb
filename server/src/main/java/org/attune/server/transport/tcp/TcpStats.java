package org.attune.server.transport.tcp;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the TCP transport; thread-safe. */
public final class TcpStats {
  public final LongAdder connections = new LongAdder();
  public final LongAdder malformedFrames = new LongAdder();
  public final LongAdder oversizedFrames = new LongAdder();
  public final LongAdder refusedRequests = new LongAdder();
  public final LongAdder clockPings = new LongAdder();
}
