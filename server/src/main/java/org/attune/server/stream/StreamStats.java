package org.attune.server.stream;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the live streams of every group of a server.
 *
 * <p>Thread-safe: yes (adders, written on the encoder thread and the groups' loops).
 */
public final class StreamStats {

  /** Subscriptions now, over every group. */
  public final LongAdder listeners = new LongAdder();

  /** Opus frames encoded (once per group and frame duration, whatever the listeners). */
  public final LongAdder framesEncoded = new LongAdder();

  /** Nanoseconds spent encoding them. */
  public final LongAdder encodeNanos = new LongAdder();

  /** Frames written to a listener's connection. */
  public final LongAdder framesSent = new LongAdder();

  /** Frames sent to a listener as a datagram. */
  public final LongAdder datagramsSent = new LongAdder();

  /** Frames a listener missed because its connection (or the UDP socket) could not take more. */
  public final LongAdder framesDropped = new LongAdder();

  /** Rendered blocks the encoder thread fell too far behind to take (encoded as silence). */
  public final LongAdder blocksDropped = new LongAdder();
}
