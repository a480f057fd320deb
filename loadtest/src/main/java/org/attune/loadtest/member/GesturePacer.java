package org.attune.loadtest.member;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Sends a member's gestures at a steady rate on its channel's loop, from a phase of its own (seeded
 * by the member's place), so that a group's members do not all play at once.
 *
 * <p>Thread-safe: {@link #start} and {@link #stop} from any thread; the task lives on the loop.
 */
final class GesturePacer {

  private final MemberSpec spec;
  private ScheduledFuture<?> task;

  GesturePacer(MemberSpec spec) {
    this.spec = spec;
  }

  /** Runs {@code send} {@code perSecond} times a second on {@code channel}'s loop. */
  void start(Channel channel, double perSecond, Runnable send) {
    if (perSecond <= 0 || channel == null) {
      return;
    }
    long periodNanos = Math.round(1e9 / perSecond);
    long phase = new SplittableRandom(spec.group() * 1_000L + spec.index()).nextLong(periodNanos);
    channel
        .eventLoop()
        .execute(
            () ->
                task =
                    channel
                        .eventLoop()
                        .scheduleAtFixedRate(send, phase, periodNanos, TimeUnit.NANOSECONDS));
  }

  void stop(Channel channel) {
    if (channel != null) {
      channel
          .eventLoop()
          .execute(
              () -> {
                if (task != null) {
                  task.cancel(false);
                }
              });
    }
  }
}
