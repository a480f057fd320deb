package org.attune.loadtest.measure;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters over all members of a run, for throughput over time and the totals of the report.
 *
 * <p>Thread-safe: incremented from the members' event loops, read by the coordinator.
 */
public final class RunCounters {
  /** Gestures whose write to the server succeeded. */
  public final LongAdder gesturesSent = new LongAdder();

  /** Gestures that arrived at a member from another. */
  public final LongAdder gesturesReceived = new LongAdder();

  /** Gestures not sent because the member's connection was not writable, or whose write failed. */
  public final LongAdder sendFailures = new LongAdder();

  /** Error messages from the server. */
  public final LongAdder serverErrors = new LongAdder();

  /** Snapshots sent to a member that lagged. */
  public final LongAdder lagSnapshots = new LongAdder();

  /** Structure changes received (each member counts its own). */
  public final LongAdder changesReceived = new LongAdder();

  /** Facilitator commands the server accepted. */
  public final LongAdder commandsAccepted = new LongAdder();

  /** Firing timers refused by a full scheduler. */
  public final LongAdder firingsRefused = new LongAdder();

  /** Clock pongs used as samples. */
  public final LongAdder clockSamples = new LongAdder();

  /** Connections lost before the end of the run. */
  public final LongAdder connectionsLost = new LongAdder();
}
