package org.attune.loadtest.time;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks at given {@link System#nanoTime()} instants on one dedicated thread, more precisely
 * than a Netty event loop (millisecond timers) or a {@code ScheduledThreadPoolExecutor} (a park
 * overshoots by the kernel's timer slack, some 50 µs): it parks until {@code spinNanos} before the
 * earliest deadline, then spins on {@code nanoTime} until the deadline is reached.
 *
 * <p>The queue is bounded: {@link #schedule} refuses a task when {@code capacity} are waiting, so a
 * producer that outruns the deadlines finds out instead of filling the heap. Tasks with the same
 * deadline run in the order they were scheduled.
 *
 * <p>Thread-safe: {@link #schedule} and {@link #close} from any thread. Tasks run on the
 * scheduler's thread, one at a time, and must be short: a slow task delays every later one.
 */
public final class PreciseScheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PreciseScheduler.class);

  /** A task that is told the instant it actually started, read just before it runs. */
  @FunctionalInterface
  public interface TimedTask {
    void run(long actualNanos);
  }

  private record Entry(long dueNanos, long order, TimedTask task) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry other) {
      long d = dueNanos - other.dueNanos;
      if (d != 0) {
        return d < 0 ? -1 : 1;
      }
      return Long.compare(order, other.order);
    }
  }

  private final long spinNanos;
  private final int capacity;
  private final Thread thread;
  // Guarded by this.
  private final PriorityQueue<Entry> queue = new PriorityQueue<>();
  private long order;
  private volatile boolean closed;

  /**
   * Starts the scheduler's thread.
   *
   * @param name the thread's name
   * @param spinNanos how long before a deadline to stop parking and spin (0 = never spin)
   * @param capacity the most tasks that may wait at once
   */
  public PreciseScheduler(String name, long spinNanos, int capacity) {
    if (spinNanos < 0 || capacity < 1) {
      throw new IllegalArgumentException("spin must be >= 0 and capacity >= 1");
    }
    this.spinNanos = spinNanos;
    this.capacity = capacity;
    this.thread = new Thread(this::runLoop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** A scheduler for firing instants: spins the last 200 µs. */
  public static PreciseScheduler forFiring(String name, int capacity) {
    return new PreciseScheduler(name, TimeUnit.MICROSECONDS.toNanos(200), capacity);
  }

  /**
   * Runs {@code task} at {@code dueNanos} (a {@link System#nanoTime()} value; a past one runs as
   * soon as the thread is free).
   *
   * @return false if the scheduler is full or closed and the task will not run
   */
  public boolean schedule(long dueNanos, TimedTask task) {
    boolean earliest;
    synchronized (this) {
      if (closed || queue.size() >= capacity) {
        return false;
      }
      Entry entry = new Entry(dueNanos, order++, task);
      queue.add(entry);
      earliest = queue.peek() == entry;
    }
    if (earliest) {
      LockSupport.unpark(thread);
    }
    return true;
  }

  /** Tasks waiting now. */
  public synchronized int size() {
    return queue.size();
  }

  private void runLoop() {
    while (!closed) {
      Entry next;
      synchronized (this) {
        next = queue.peek();
      }
      if (next == null) {
        LockSupport.park(this);
        continue;
      }
      long now = System.nanoTime();
      long remaining = next.dueNanos - now;
      if (remaining > spinNanos) {
        LockSupport.parkNanos(this, remaining - spinNanos);
        continue;
      }
      while (System.nanoTime() - next.dueNanos < 0) {
        Thread.onSpinWait();
      }
      Entry due;
      synchronized (this) {
        // The head: `next` or one scheduled earlier meanwhile, so due as well.
        due = queue.poll();
      }
      try {
        due.task.run(System.nanoTime());
      } catch (RuntimeException e) {
        log.warn("a timed task failed", e);
      }
    }
  }

  /** Stops the thread; waiting tasks do not run. */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
    try {
      thread.join(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
