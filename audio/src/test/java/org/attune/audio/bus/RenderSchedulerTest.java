package org.attune.audio.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.attune.audio.SampleClock;
import org.attune.audio.synth.TestFonts;
import org.attune.clock.ServerClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RenderSchedulerTest {

  private static final long DELAY = 20_000;

  private final ServerClock clock = ServerClock.startingNow();
  private final BusStats stats = new BusStats();
  private final GroupBus bus =
      new GroupBus("live", TestFonts.sines(TestFonts.ORGAN, 480), 2, 16, DELAY, 0, stats);

  @Test
  void aBusIsRenderedInRealTime() throws InterruptedException {
    try (RenderScheduler scheduler = new RenderScheduler(clock, 1, RenderObserver.NONE)) {
      scheduler.add(bus);
      awaitCondition(() -> stats.blocks.sum() > 0);
      long blocksBefore = stats.blocks.sum();
      long startedAt = clock.nowMicros();
      // The measurement itself: blocks rendered over 0.6 s of the real server clock.
      Thread.sleep(600);
      long blocks = stats.blocks.sum() - blocksBefore;
      double seconds = (clock.nowMicros() - startedAt) / 1e6;
      long now = clock.nowMicros();

      // 750 blocks a second; a loaded machine may run late, but never ahead of the clock.
      assertThat(blocks / seconds).isBetween(600.0, 760.0);
      assertThat(bus.dueMicros())
          .as("due after now: nothing left to render")
          .isGreaterThan(now - 20 * SampleClock.microsAt(SampleClock.BLOCK_FRAMES));
      assertThat(SampleClock.microsAt(bus.nextFrame()))
          .as("never more than the delay and a block ahead")
          .isLessThanOrEqualTo(clock.nowMicros() + DELAY + 2_000);
      assertThat(scheduler.buses()).isEqualTo(1);
    }
  }

  @Test
  void aBusThatThrowsIsTakenOffAndReported() throws InterruptedException {
    CountDownLatch failed = new CountDownLatch(1);
    AtomicReference<GroupBus> failedBus = new AtomicReference<>();
    AtomicReference<Throwable> error = new AtomicReference<>();
    RenderObserver observer =
        new RenderObserver() {
          @Override
          public void rendered(GroupBus b, long renderNanos, long budgetNanos, boolean late) {}

          @Override
          public void failed(GroupBus b, Throwable e) {
            failedBus.set(b);
            error.set(e);
            failed.countDown();
          }
        };
    RuntimeException boom = new IllegalStateException("sink broke");
    bus.addSink(
        (frame, left, right, frames) -> {
          if (frame >= SampleClock.frameAt(DELAY) + 64L * 100) {
            throw boom;
          }
        });
    try (RenderScheduler scheduler = new RenderScheduler(clock, 2, observer)) {
      scheduler.add(bus);

      assertThat(failed.await(2, TimeUnit.SECONDS)).isTrue();
      assertThat(failedBus.get()).isSameAs(bus);
      assertThat(error.get()).isSameAs(boom);
      long blocks = stats.blocks.sum();
      // An absence: the failed bus renders no more blocks in the next 50 ms.
      Thread.sleep(50);
      assertThat(stats.blocks.sum()).isEqualTo(blocks).isEqualTo(100);
      assertThat(scheduler.buses()).isZero();
    }
  }

  @Test
  void aRemovedBusIsNoLongerRendered() throws InterruptedException {
    try (RenderScheduler scheduler = new RenderScheduler(clock, 2, RenderObserver.NONE)) {
      scheduler.add(bus);
      awaitCondition(() -> stats.blocks.sum() > 0);

      scheduler.remove(bus);
      awaitCondition(() -> scheduler.buses() == 0);
      long blocks = stats.blocks.sum();
      // An absence: 75 blocks' worth of time in which none may be rendered.
      Thread.sleep(100);

      assertThat(stats.blocks.sum()).isEqualTo(blocks);
      assertThat(scheduler.buses()).isZero();
    }
  }

  @Test
  void aThreadHeldUpByOneBusLeavesItsOtherBusesToTheOtherThread() throws InterruptedException {
    long delay = 50_000;
    BusStats slowStats = new BusStats();
    GroupBus slow =
        new GroupBus(
            "slow",
            TestFonts.sines(TestFonts.ORGAN, 480),
            2,
            16,
            delay,
            clock.nowMicros(),
            slowStats);
    long stallFrame = slow.nextFrame() + 64L * 40;
    CountDownLatch stalled = new CountDownLatch(1);
    slow.addSink(
        (frame, left, right, frames) -> {
          if (frame - stallFrame >= 0 && frame - stallFrame < frames) {
            stalled.countDown();
            sleepQuietly(200);
          }
        });
    BusStats othersStats = new BusStats();
    GroupBus[] others = new GroupBus[3];
    for (int i = 0; i < others.length; i++) {
      others[i] =
          new GroupBus(
              "other-" + i,
              TestFonts.sines(TestFonts.ORGAN, 480),
              2,
              16,
              delay,
              clock.nowMicros(),
              othersStats);
    }
    try (RenderScheduler scheduler = new RenderScheduler(clock, 2, RenderObserver.NONE)) {
      scheduler.add(slow);
      for (GroupBus other : others) {
        scheduler.add(other);
      }
      assertThat(stalled.await(2, TimeUnit.SECONDS)).isTrue();
      long blocks = othersStats.blocks.sum();
      // Through the stall and a while after: 300 ms of the real clock, 225 blocks a bus.
      Thread.sleep(300);

      assertThat(othersStats.blocks.sum() - blocks).isGreaterThan(3 * 150);
      assertThat(othersStats.underruns.sum()).as("the other buses' underruns").isZero();
      awaitCondition(() -> slowStats.blocks.sum() > 40);
      assertThat(slowStats.underruns.sum()).as("the stalled bus's own").isPositive();
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits until {@code condition} holds, polling every millisecond; the class's timeout bounds it.
   */
  private static void awaitCondition(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    while (!condition.getAsBoolean()) {
      Thread.sleep(1);
    }
  }
}
