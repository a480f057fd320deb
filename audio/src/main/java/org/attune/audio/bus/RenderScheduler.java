package org.attune.audio.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.attune.audio.SampleClock;
import org.attune.clock.ServerClock;

/**
 * The render threads: each owns some buses and renders each bus's next block as soon as it is
 * due, in server time, and before its deadline; then sleeps until the next one is due.
 *
 * <p>There is no sound card to pace the rendering: the render clock is the server clock, so a
 * note is heard at its server time plus the render delay whoever listens. A block finished after
 * its deadline is an underrun, counted; a thread so far behind that blocks can no longer be heard
 * in time skips them (counted too) rather than falling further behind.
 *
 * <p>Thread-safe: yes. {@link #add} and {@link #remove} may be called from any thread; a bus is
 * rendered by one thread only, which is its single consumer.
 */
public final class RenderScheduler implements AutoCloseable {

  /** Blocks behind before a bus skips ahead instead of rendering them all. */
  private static final int MAX_BLOCKS_BEHIND = 8;

  private final ServerClock clock;
  private final RenderObserver observer;
  private final RenderThread[] threads;
  private volatile boolean running = true;

  /**
   * @param threads render threads, about one per core
   */
  public RenderScheduler(ServerClock clock, int threads, RenderObserver observer) {
    this.clock = clock;
    this.observer = observer;
    this.threads = new RenderThread[Math.max(1, threads)];
    for (int i = 0; i < this.threads.length; i++) {
      this.threads[i] = new RenderThread("attune-render-" + i);
      this.threads[i].start();
    }
  }

  /** Starts rendering {@code bus} on the thread with the fewest buses. */
  public void add(GroupBus bus) {
    RenderThread least = threads[0];
    for (RenderThread t : threads) {
      if (t.load.get() < least.load.get()) {
        least = t;
      }
    }
    least.load.incrementAndGet();
    RenderThread chosen = least;
    chosen.commands.add(() -> chosen.buses.add(bus));
    LockSupport.unpark(chosen);
  }

  /** Stops rendering {@code bus}; its last block may still be under way when this returns. */
  public void remove(GroupBus bus) {
    for (RenderThread t : threads) {
      t.commands.add(() -> {
        if (t.buses.remove(bus)) {
          t.load.decrementAndGet();
        }
      });
      LockSupport.unpark(t);
    }
  }

  /** Buses rendered now, over all threads. */
  public int buses() {
    int n = 0;
    for (RenderThread t : threads) {
      n += t.load.get();
    }
    return n;
  }

  @Override
  public void close() {
    running = false;
    for (RenderThread t : threads) {
      LockSupport.unpark(t);
      try {
        t.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private final class RenderThread extends Thread {
    final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    final List<GroupBus> buses = new ArrayList<>();
    /** Buses on this thread: counted up by callers of add, down by this thread. */
    final AtomicInteger load = new AtomicInteger();

    RenderThread(String name) {
      super(name);
      setDaemon(true);
      setPriority(MAX_PRIORITY);
    }

    @Override
    public void run() {
      while (running) {
        Runnable command;
        while ((command = commands.poll()) != null) {
          command.run();
        }
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < buses.size(); i++) {
          GroupBus bus = buses.get(i);
          try {
            renderDue(bus);
            earliest = Math.min(earliest, bus.dueMicros());
          } catch (RuntimeException | Error e) {
            buses.remove(i--);
            load.decrementAndGet();
            observer.failed(bus, e);
          }
        }
        long wait = earliest == Long.MAX_VALUE ? 100_000 : earliest - clock.nowMicros();
        if (wait > 0) {
          LockSupport.parkNanos(wait * 1_000);
        }
      }
    }

    private void renderDue(GroupBus bus) {
      long budget = SampleClock.microsAt(SampleClock.BLOCK_FRAMES) * 1_000;
      long now = clock.nowMicros();
      while (bus.dueMicros() - now <= 0) {
        if (now - bus.deadlineMicros() > MAX_BLOCKS_BEHIND * budget / 1_000) {
          bus.skipTo(now);
        }
        long deadline = bus.deadlineMicros();
        long start = System.nanoTime();
        bus.renderNext();
        long took = System.nanoTime() - start;
        now = clock.nowMicros();
        boolean late = now - deadline > 0;
        if (late) {
          bus.stats().underruns.increment();
        }
        observer.rendered(bus, took, budget, late);
      }
    }
  }
}
