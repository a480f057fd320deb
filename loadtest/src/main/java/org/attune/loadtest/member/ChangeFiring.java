package org.attune.loadtest.member;

import java.util.concurrent.TimeUnit;
import org.attune.client.ClockSync;
import org.attune.loadtest.measure.FiringLog;
import org.attune.loadtest.measure.RunCounters;
import org.attune.loadtest.time.PreciseScheduler;
import org.attune.loadtest.time.ServerTime;
import org.attune.protocol.v1.StructureChange;

/**
 * Fires a member's structure changes when its own clock estimate says the server has reached their
 * effective time, as the client library's timeline does, and logs the instant each one actually
 * fired in true server time.
 *
 * <p>A timer never waits longer than {@link #MAX_WAIT_NANOS}: each time it wakes it asks the clock
 * estimate again where the effective time falls locally, so an estimate that improves while the
 * change waits is followed.
 *
 * <p>Thread-safe: yes; {@link #plan} from any thread, firing on the scheduler's thread.
 */
final class ChangeFiring {

  static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final int group;
  private final ClockSync sync;
  private final PreciseScheduler scheduler;
  private final ServerTime serverTime;
  private final FiringLog log;
  private final RunCounters counters;

  ChangeFiring(
      int group,
      ClockSync sync,
      PreciseScheduler scheduler,
      ServerTime serverTime,
      FiringLog log,
      RunCounters counters) {
    this.group = group;
    this.sync = sync;
    this.scheduler = scheduler;
    this.serverTime = serverTime;
    this.log = log;
    this.counters = counters;
  }

  /** Schedules {@code change} to fire at its effective time as this member estimates it. */
  void plan(StructureChange change) {
    long now = System.nanoTime();
    long due = localDueNanos(change);
    boolean scheduled =
        due - now > MAX_WAIT_NANOS
            ? scheduler.schedule(now + MAX_WAIT_NANOS, actual -> plan(change))
            : scheduler.schedule(due, actual -> fire(change, actual));
    if (!scheduled) {
      counters.firingsRefused.increment();
    }
  }

  private void fire(StructureChange change, long actualNanos) {
    if (localDueNanos(change) - actualNanos > 0) {
      // The estimate moved the effective time later while this timer waited.
      plan(change);
      return;
    }
    log.fired(
        group,
        change.getSequence(),
        change.getEffectiveServerMicros(),
        serverTime.serverNanosAt(actualNanos));
  }

  private long localDueNanos(StructureChange change) {
    return sync.localMicrosAt(change.getEffectiveServerMicros()) * 1_000;
  }
}
