package org.attune.server.group;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one group, written on its event loop and readable from any thread (for metrics).
 */
public final class GroupStats {
  public final LongAdder gesturesIn = new LongAdder();
  public final LongAdder gesturesOut = new LongAdder();
  public final LongAdder gesturesDroppedLagging = new LongAdder();
  public final LongAdder structureChanges = new LongAdder();
  public final LongAdder refusedCommands = new LongAdder();
  public final LongAdder snapshotsForLagging = new LongAdder();
  public final LongAdder fanOutNanos = new LongAdder();
}
