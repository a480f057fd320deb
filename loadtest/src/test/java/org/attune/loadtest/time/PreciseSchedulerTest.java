package org.attune.loadtest.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PreciseSchedulerTest {

  @Test
  void firesNoEarlierThanItsDeadline() throws Exception {
    try (PreciseScheduler scheduler = PreciseScheduler.forFiring("test", 100)) {
      List<long[]> fired = new CopyOnWriteArrayList<>();
      CountDownLatch done = new CountDownLatch(20);
      long start = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        long due = start + TimeUnit.MILLISECONDS.toNanos(5 + i);
        scheduler.schedule(
            due,
            actual -> {
              fired.add(new long[] {due, actual});
              done.countDown();
            });
      }
      assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
      for (long[] f : fired) {
        assertThat(f[1] - f[0]).isGreaterThanOrEqualTo(0);
      }
    }
  }

  @Test
  void sameDeadlineRunsInSchedulingOrder() throws Exception {
    try (PreciseScheduler scheduler = PreciseScheduler.forFiring("test", 100)) {
      List<Integer> order = new CopyOnWriteArrayList<>();
      CountDownLatch done = new CountDownLatch(10);
      long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
      for (int i = 0; i < 10; i++) {
        int n = i;
        scheduler.schedule(
            due,
            actual -> {
              order.add(n);
              done.countDown();
            });
      }
      assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }
  }

  @Test
  void refusesTasksBeyondItsCapacity() {
    try (PreciseScheduler scheduler = new PreciseScheduler("test", 0, 3)) {
      long later = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      for (int i = 0; i < 3; i++) {
        assertThat(scheduler.schedule(later, actual -> {})).isTrue();
      }
      assertThat(scheduler.schedule(later, actual -> {})).isFalse();
      assertThat(scheduler.size()).isEqualTo(3);
    }
  }

  @Test
  void anEarlierTaskScheduledWhileWaitingRunsFirst() throws Exception {
    try (PreciseScheduler scheduler = PreciseScheduler.forFiring("test", 10)) {
      List<String> order = new CopyOnWriteArrayList<>();
      CountDownLatch done = new CountDownLatch(2);
      long now = System.nanoTime();
      scheduler.schedule(
          now + TimeUnit.MILLISECONDS.toNanos(200),
          a -> {
            order.add("late");
            done.countDown();
          });
      Thread.sleep(20);
      scheduler.schedule(
          now + TimeUnit.MILLISECONDS.toNanos(50),
          a -> {
            order.add("early");
            done.countDown();
          });
      assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(order).containsExactly("early", "late");
    }
  }
}
