package org.attune.audio.bus;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.attune.audio.SampleClock;
import org.attune.clock.ServerClock;

/**
 * The render threads: they share every bus, and render each bus's next block as soon as it is due,
 * in server time, and before its deadline; then sleep until the next one is due.
 *
 * <p>There is no sound card to pace the rendering: the render clock is the server clock, so a note
 * is heard at its server time plus the render delay whoever listens. A block finished after its
 * deadline is an underrun, counted; a bus so far behind that its blocks can no longer be heard in
 * time skips them (counted too) rather than falling further behind.
 *
 * <p>Buses are not tied to a thread. Each thread goes through all of them, starting from its own
 * share, and takes each bus that is due and that no other thread holds: in the steady state every
 * thread renders its own share (and keeps it in its core's cache), but a thread that the operating
 * system puts aside, or that is held up by one slow bus, delays only the bus in its hands, and the
 * others take its share meanwhile.
 *
 * <p>Thread-safe: yes. {@link #add} and {@link #remove} may be called from any thread; a bus is
 * rendered by one thread at a time, handed from one to the next through an atomic claim, so that it
 * sees one consumer whose every step happens after the one before.
 */
public final class RenderScheduler implements AutoCloseable {

  /** Blocks behind before a bus skips ahead instead of rendering them all. */
  private static final int MAX_BLOCKS_BEHIND = 8;

  /** The longest a thread sleeps: it looks again at least this often. */
  private static final long MAX_PARK_MICROS = 100_000;

  private final ServerClock clock;
  private final RenderObserver observer;
  private final RenderThread[] threads;
  private volatile Slot[] slots = new Slot[0];
  private volatile boolean running = true;

  /** A bus, whether a thread holds it, and when its next block is due. */
  private static final class Slot {
    final GroupBus bus;
    final AtomicBoolean held = new AtomicBoolean();

    /** The bus's {@link GroupBus#dueMicros()}, published by whoever rendered it last. */
    volatile long dueMicros;

    volatile boolean removed;

    Slot(GroupBus bus) {
      this.bus = bus;
      this.dueMicros = bus.dueMicros();
    }
  }

  /**
   * @param threads render threads, about one per core
   */
  public RenderScheduler(ServerClock clock, int threads, RenderObserver observer) {
    this.clock = clock;
    this.observer = observer;
    this.threads = new RenderThread[Math.max(1, threads)];
    for (int i = 0; i < this.threads.length; i++) {
      this.threads[i] = new RenderThread(i);
      this.threads[i].start();
    }
  }

  /** Starts rendering {@code bus}. */
  public void add(GroupBus bus) {
    synchronized (this) {
      Slot[] next = Arrays.copyOf(slots, slots.length + 1);
      next[next.length - 1] = new Slot(bus);
      slots = next;
    }
    for (RenderThread t : threads) {
      LockSupport.unpark(t);
    }
  }

  /** Stops rendering {@code bus}; its last block may still be under way when this returns. */
  public void remove(GroupBus bus) {
    for (Slot s : slots) {
      if (s.bus == bus) {
        drop(s);
      }
    }
  }

  private synchronized void drop(Slot slot) {
    slot.removed = true;
    slots = Arrays.stream(slots).filter(s -> s != slot).toArray(Slot[]::new);
  }

  /** Buses rendered now, over all threads. */
  public int buses() {
    return slots.length;
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
    private final int index;

    RenderThread(int index) {
      super("attune-render-" + index);
      this.index = index;
      setDaemon(true);
      setPriority(MAX_PRIORITY);
    }

    @Override
    public void run() {
      while (running) {
        Slot[] all = slots;
        int n = all.length;
        int first = (int) ((long) index * n / threads.length);
        // The earliest due among the buses this thread may take; those another thread holds
        // are that thread's to publish when it lets go.
        long earliest = clock.nowMicros() + MAX_PARK_MICROS;
        for (int k = 0; k < n; k++) {
          Slot slot = all[(first + k) % n];
          if (slot.removed || slot.dueMicros - clock.nowMicros() > 0) {
            earliest = Math.min(earliest, slot.dueMicros);
            continue;
          }
          if (!slot.held.compareAndSet(false, true)) {
            continue;
          }
          try {
            if (!slot.removed) {
              renderDue(slot.bus);
              slot.dueMicros = slot.bus.dueMicros();
              earliest = Math.min(earliest, slot.dueMicros);
            }
          } catch (RuntimeException | Error e) {
            drop(slot);
            observer.failed(slot.bus, e);
          } finally {
            slot.held.set(false);
          }
        }
        long wait = earliest - clock.nowMicros();
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
