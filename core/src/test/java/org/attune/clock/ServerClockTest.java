package org.attune.clock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerClockTest {

  @Test
  void serverTimeIsMicrosecondsSinceTheOrigin() {
    ServerClock.SystemClock clock = new ServerClock.SystemClock(1_000_000);

    assertThat(clock.microsAtNanoTime(1_000_000)).isEqualTo(0);
    assertThat(clock.microsAtNanoTime(3_500_999)).isEqualTo(2_500);
  }

  @Test
  void serverTimeIsComparedBySubtractionAcrossNanoTimeOverflow() {
    ServerClock.SystemClock clock = new ServerClock.SystemClock(Long.MAX_VALUE - 1_000);

    assertThat(clock.microsAtNanoTime(Long.MIN_VALUE + 1_000)).isEqualTo(2);
  }

  @Test
  void clockStartingNowStartsNearZeroAndNeverGoesBack() {
    ServerClock clock = ServerClock.startingNow();

    long first = clock.nowMicros();
    long second = clock.nowMicros();

    assertThat(first).isGreaterThanOrEqualTo(0);
    assertThat(second).isGreaterThanOrEqualTo(first);
  }

  @Test
  void virtualClockIsALambda() {
    long[] now = {42};
    ServerClock clock = () -> now[0];

    now[0] += 1_000;

    assertThat(clock.nowMicros()).isEqualTo(1_042);
  }
}
