package org.attune.audio.bus;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a bus, or of all buses of a server: written by the render threads and by the groups'
 * threads, read by metrics.
 *
 * <p>Thread-safe: yes.
 */
public final class BusStats {

  /** Blocks rendered. */
  public final LongAdder blocks = new LongAdder();

  /** Blocks finished after their first frame was due out, or skipped to catch up. */
  public final LongAdder underruns = new LongAdder();

  /** Events refused because a bus's queue was full. */
  public final LongAdder queueDrops = new LongAdder();

  /** Notes that arrived after their frame was rendered, played at the start of the next block. */
  public final LongAdder lateEvents = new LongAdder();

  /** Notes that found their pending schedule full and were dropped. */
  public final LongAdder scheduleDrops = new LongAdder();
}
