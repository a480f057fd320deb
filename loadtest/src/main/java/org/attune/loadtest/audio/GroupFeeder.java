package org.attune.loadtest.audio;

import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.locks.LockSupport;
import org.attune.audio.bus.BusEvent;
import org.attune.audio.bus.GroupBus;
import org.attune.clock.ServerClock;

/**
 * Plays every simulated group's score into its bus, as the groups' loops would: each note on and
 * off is offered at its server time less a small lead, the score repeating for as long as the
 * feeder runs.
 *
 * <p>Thread-safe: {@link #stop} and the counters from any thread; {@link #run} on the feeder's own
 * thread.
 */
final class GroupFeeder implements Runnable {

  /** A group to feed: its bus, what its members play, and when the score's first loop starts. */
  record Fed(GroupBus bus, ScoreEvents events, long startMicros) {}

  private final ServerClock clock;
  private final List<Fed> groups;
  private final long leadMicros;
  private volatile boolean running = true;
  private volatile long offered;
  private volatile long refused;

  /**
   * @param leadMicros how long before its time each event is offered
   */
  GroupFeeder(ServerClock clock, List<Fed> groups, long leadMicros) {
    this.clock = clock;
    this.groups = List.copyOf(groups);
    this.leadMicros = leadMicros;
  }

  private static final class Cursor {
    final Fed fed;
    long loop;
    int index;

    Cursor(Fed fed) {
      this.fed = fed;
    }

    long nextMicros() {
      return fed.startMicros() + loop * fed.events().periodMicros() + fed.events().micros(index);
    }

    void advance() {
      if (++index == fed.events().size()) {
        index = 0;
        loop++;
      }
    }
  }

  @Override
  public void run() {
    PriorityQueue<Cursor> due =
        new PriorityQueue<>((a, b) -> Long.compare(a.nextMicros(), b.nextMicros()));
    for (Fed fed : groups) {
      if (fed.events().size() > 0) {
        due.add(new Cursor(fed));
      }
    }
    long count = 0;
    long lost = 0;
    while (running && !due.isEmpty()) {
      Cursor c = due.peek();
      long at = c.nextMicros();
      long wait = at - leadMicros - clock.nowMicros();
      if (wait > 0) {
        LockSupport.parkNanos(Math.min(wait, 100_000) * 1_000);
        continue;
      }
      due.poll();
      BusEvent e = c.fed.events().event(c.index, at);
      if (c.fed.bus().offer(e)) {
        count++;
      } else {
        lost++;
      }
      c.advance();
      due.add(c);
      offered = count;
      refused = lost;
    }
  }

  void stop() {
    running = false;
  }

  /** Events handed to the buses so far. */
  long offered() {
    return offered;
  }

  /** Events the buses' queues refused. */
  long refused() {
    return refused;
  }
}
