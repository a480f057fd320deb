package org.attune.loadtest.impair;

import java.util.concurrent.atomic.LongAdder;

/** Counters of an impairment relay; thread-safe. */
public final class RelayStats {
  public final LongAdder datagramsIn = new LongAdder();
  public final LongAdder datagramsForwarded = new LongAdder();

  /** Datagrams dropped on purpose, as the emulated link's loss. */
  public final LongAdder datagramsLost = new LongAdder();

  /** Datagrams dropped because the delay queue was full. */
  public final LongAdder datagramsQueueFull = new LongAdder();

  public final LongAdder tcpConnections = new LongAdder();
  public final LongAdder tcpBytes = new LongAdder();

  /** TCP connections closed because their delay queue could not take more. */
  public final LongAdder tcpQueueFull = new LongAdder();

  /** Times a TCP direction stopped reading because its delay queue was above its bound. */
  public final LongAdder tcpPaused = new LongAdder();
}
