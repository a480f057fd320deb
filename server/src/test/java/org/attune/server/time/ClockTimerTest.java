package org.attune.server.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClockTimerTest {

  @Test
  void aTaskRunsWhenTheClockReachesItsTimeAndNotBefore() {
    try (VirtualTime time = new VirtualTime()) {
      ClockTimer timer = new ClockTimer(time.loop(), time.clock());
      List<Long> ranAt = new ArrayList<>();
      timer.at(1_000_000, () -> ranAt.add(time.clock().nowMicros()));
      time.advanceMicros(999_999);
      assertThat(ranAt).isEmpty();
      time.advanceMicros(1);
      assertThat(ranAt).containsExactly(1_000_000L);
    }
  }

  @Test
  void aTaskForATimePastRunsAtOnce() {
    try (VirtualTime time = new VirtualTime()) {
      time.advanceMicros(5_000);
      AtomicLong ran = new AtomicLong(-1);
      new ClockTimer(time.loop(), time.clock()).at(10, () -> ran.set(time.clock().nowMicros()));
      time.runDue();
      assertThat(ran.get()).isEqualTo(5_000);
    }
  }

  @Test
  void aLoopTimerThatWakesEarlyWaitsForTheClock() {
    try (VirtualTime time = new VirtualTime()) {
      // A clock that runs 100 µs behind the loop's timer, as a coarse or rounding timer would.
      ClockTimer timer =
          new ClockTimer(time.loop(), () -> Math.max(0, time.clock().nowMicros() - 100));
      List<Long> ranAt = new ArrayList<>();
      timer.at(1_000, () -> ranAt.add(time.clock().nowMicros()));
      time.advanceMicros(1_000);
      assertThat(ranAt).isEmpty();
      time.advanceMicros(99);
      assertThat(ranAt).isEmpty();
      time.advanceMicros(1);
      assertThat(ranAt).containsExactly(1_100L);
    }
  }

  @Test
  void aCancelledTaskDoesNotRunEvenAfterAnEarlyWakeUp() {
    try (VirtualTime time = new VirtualTime()) {
      ClockTimer timer =
          new ClockTimer(time.loop(), () -> Math.max(0, time.clock().nowMicros() - 100));
      List<Long> ranAt = new ArrayList<>();
      ClockTimer.Pending pending = timer.at(1_000, () -> ranAt.add(time.clock().nowMicros()));
      time.advanceMicros(1_000);
      pending.cancel();
      time.advanceMicros(1_000);
      assertThat(ranAt).isEmpty();
    }
  }

  @Test
  void aPeriodicTaskRunsOncePerPeriodOfServerTime() {
    try (VirtualTime time = new VirtualTime()) {
      List<Long> ranAt = new ArrayList<>();
      var task =
          new ClockTimer(time.loop(), time.clock())
              .every(250_000, () -> ranAt.add(time.clock().nowMicros()));
      for (int i = 0; i < 8; i++) {
        time.advanceMicros(125_000);
      }
      assertThat(ranAt).containsExactly(250_000L, 500_000L, 750_000L, 1_000_000L);
      task.cancel(false);
      time.advanceMicros(1_000_000);
      assertThat(ranAt).hasSize(4);
      assertThatThrownBy(() -> new ClockTimer(time.loop(), time.clock()).every(0, () -> {}))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
