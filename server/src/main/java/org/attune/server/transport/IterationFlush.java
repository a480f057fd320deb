package org.attune.server.transport;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;

/**
 * Flushes every member connection written to during one event-loop iteration once, at the end of
 * it: a group relays each gesture it reads to all its other members, and when several gestures of
 * one group arrive in one read batch, each member's share goes out in one {@code write} instead of
 * one a gesture (the fan-out issue measured a syscall per member per gesture as most of the
 * server's CPU).
 *
 * <p>The flush is a task on the loop, which runs after the loop has processed every ready channel
 * of this iteration, so it delays no message by more than that iteration's reads.
 *
 * <p>Thread-safe: no. One instance per event-loop thread ({@link #onThisLoop}); used only there.
 */
final class IterationFlush {

  private static final FastThreadLocal<IterationFlush> PER_LOOP =
      new FastThreadLocal<>() {
        @Override
        protected IterationFlush initialValue() {
          return new IterationFlush();
        }
      };

  private final List<ChannelMemberLink> due = new ArrayList<>();
  private final Runnable flushAll = this::flushAll;

  private IterationFlush() {}

  /** The instance of the calling event-loop thread. */
  static IterationFlush onThisLoop() {
    return PER_LOOP.get();
  }

  /**
   * Has {@code link} flushed at the end of this iteration of {@code loop}, the calling thread's
   * loop; a link is added once an iteration (it tracks that itself).
   */
  void add(ChannelMemberLink link, EventLoop loop) {
    due.add(link);
    if (due.size() == 1) {
      loop.execute(flushAll);
    }
  }

  /** Flushes every link due; links added while flushing (a caught-up member's snapshot) too. */
  private void flushAll() {
    try {
      for (int i = 0; i < due.size(); i++) {
        due.get(i).flushNow();
      }
    } finally {
      due.clear();
    }
  }
}
