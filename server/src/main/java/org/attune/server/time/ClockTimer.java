package org.attune.server.time;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.attune.clock.ServerClock;

/**
 * Runs tasks on one event loop at times read on the server clock: a task set for server time {@code
 * t} runs once {@link ServerClock#nowMicros()} has reached {@code t}, never before, however the
 * loop's own timer rounds (the loop's timer only wakes it; the clock decides).
 *
 * <p>In production the loop's timer and the {@link ServerClock.SystemClock} both read {@link
 * System#nanoTime()}; in tests an {@code EmbeddedChannel}'s loop and the clock share one {@code
 * MockTicker}, so that advancing it runs what is due.
 *
 * <p>Thread-safe: as the loop's {@code schedule}; tasks run on the loop.
 */
public final class ClockTimer {

  private final EventExecutor loop;
  private final ServerClock clock;

  public ClockTimer(EventExecutor loop, ServerClock clock) {
    this.loop = loop;
    this.clock = clock;
  }

  public ServerClock clock() {
    return clock;
  }

  /** A task set for a server time, which may be called off until it has run. */
  public interface Pending {
    /** Calls the task off; it does not run if it has not started. */
    void cancel();
  }

  /**
   * Runs {@code task} on the loop once the server clock reads {@code atMicros} (at once if it does
   * already).
   */
  public Pending at(long atMicros, Runnable task) {
    Deadline d = new Deadline(atMicros, task);
    d.schedule();
    return d;
  }

  /** Runs {@code task} on the loop {@code delayMicros} of server time from now. */
  public Pending after(long delayMicros, Runnable task) {
    return at(clock.nowMicros() + Math.max(0, delayMicros), task);
  }

  /**
   * Runs {@code task} on the loop every {@code periodMicros} of server time, first one period from
   * now, until the returned future is cancelled.
   */
  public ScheduledFuture<?> every(long periodMicros, Runnable task) {
    if (periodMicros <= 0) {
      throw new IllegalArgumentException("a period must be positive, not " + periodMicros);
    }
    return loop.scheduleAtFixedRate(task, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
  }

  /**
   * One task for a server time. A wake-up before the clock reaches it (the loop's timer may round a
   * microsecond early) sets the timer again for what is left.
   */
  private final class Deadline implements Runnable, Pending {
    private final long atMicros;
    private final Runnable task;
    private volatile ScheduledFuture<?> timer;
    private volatile boolean cancelled;

    Deadline(long atMicros, Runnable task) {
      this.atMicros = atMicros;
      this.task = task;
    }

    void schedule() {
      timer = loop.schedule(this, Math.max(0, atMicros - clock.nowMicros()), TimeUnit.MICROSECONDS);
    }

    @Override
    public void run() {
      if (cancelled) {
        return;
      }
      if (atMicros - clock.nowMicros() > 0) {
        schedule();
        return;
      }
      task.run();
    }

    @Override
    public void cancel() {
      cancelled = true;
      ScheduledFuture<?> t = timer;
      if (t != null) {
        t.cancel(false);
      }
    }
  }
}
