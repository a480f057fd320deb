package org.attune.server.time;

import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.time.Duration;
import org.attune.clock.ServerClock;

/**
 * Virtual time for code that reads the server clock and sets timers on a loop: one {@link
 * MockTicker} is both the {@link ServerClock} and the ticker of an {@link EmbeddedChannel}'s loop,
 * so that {@link #advance} moves the clock and runs whatever became due, in order, on the test's
 * thread.
 *
 * <p>Thread-safe: no; one test thread.
 */
public final class VirtualTime implements AutoCloseable {

  private final MockTicker ticker = Ticker.newMockTicker();
  private final EmbeddedChannel channel = EmbeddedChannel.builder().ticker(ticker).build();
  private final ServerClock clock = () -> ticker.nanoTime() / 1_000;

  public ServerClock clock() {
    return clock;
  }

  /** The loop whose timers run on this time; everything on it runs on the test's thread. */
  public EventLoop loop() {
    return channel.eventLoop();
  }

  /** Moves time on by {@code d} and runs every task and timer now due. */
  public void advance(Duration d) {
    ticker.advance(d.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    runDue();
  }

  /** Moves time on by {@code micros} and runs every task and timer now due. */
  public void advanceMicros(long micros) {
    advance(Duration.ofNanos(micros * 1_000));
  }

  /** Runs the tasks handed to the loop and the timers due now, without moving time. */
  public void runDue() {
    channel.runPendingTasks();
  }

  @Override
  public void close() {
    channel.finishAndReleaseAll();
  }
}
