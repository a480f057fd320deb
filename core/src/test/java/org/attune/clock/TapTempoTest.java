package org.attune.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class TapTempoTest {

  private final TapTempo taps = new TapTempo();

  @Test
  void fourSteadyTapsHalfASecondApartGive120Bpm() {
    assertThat(taps.tap(0)).isEmpty();
    assertThat(taps.tap(500_000)).isEmpty();
    assertThat(taps.tap(1_000_000)).isEmpty();

    OptionalDouble bpm = taps.tap(1_500_000);

    assertThat(bpm).isPresent();
    assertThat(bpm.getAsDouble()).isCloseTo(120, within(1e-9));
  }

  @Test
  void threeTapsGiveNothing() {
    assertThat(taps.tap(0)).isEmpty();
    assertThat(taps.tap(500_000)).isEmpty();
    assertThat(taps.tap(1_000_000)).isEmpty();
  }

  @Test
  void tempoIsTheMeanOfSlightlyUnevenTaps() {
    taps.tap(0);
    taps.tap(600_000);
    taps.tap(1_150_000);

    assertThat(taps.tap(1_800_000).getAsDouble()).isCloseTo(100, within(1e-9));
  }

  @Test
  void pauseOfThreeSecondsStartsANewCount() {
    taps.tap(0);
    taps.tap(500_000);
    taps.tap(1_000_000);

    assertThat(taps.tap(4_000_000)).as("first tap after the pause").isEmpty();
    assertThat(taps.tap(4_500_000)).isEmpty();
    assertThat(taps.tap(5_000_000)).isEmpty();
    assertThat(taps.tap(5_500_000).getAsDouble()).isCloseTo(120, within(1e-9));
  }

  @Test
  void pauseOfExactlyTheResetTimeStillCounts() {
    long gap = TapTempo.RESET_AFTER_MICROS;
    taps.tap(0);
    taps.tap(gap);
    taps.tap(2 * gap);

    assertThat(taps.tap(3 * gap).getAsDouble()).isCloseTo(24, within(1e-9));
  }

  @Test
  void pauseOfOneMicrosecondMoreThanTheResetTimeStartsOver() {
    long gap = TapTempo.RESET_AFTER_MICROS;
    taps.tap(0);
    taps.tap(gap);
    taps.tap(2 * gap);

    assertThat(taps.tap(3 * gap + 1)).isEmpty();
  }

  @Test
  void unevenTapsGiveNothing() {
    taps.tap(0);
    taps.tap(500_000);
    taps.tap(1_000_000);

    assertThat(taps.tap(1_800_000)).as("an interval 60%% longer than the others").isEmpty();
  }

  @Test
  void doubleTapGivesNothing() {
    taps.tap(0);
    taps.tap(500_000);
    taps.tap(500_000);

    assertThat(taps.tap(1_000_000)).isEmpty();
  }

  @Test
  void strayFirstTapDropsOutOfTheCount() {
    taps.tap(0);
    taps.tap(300_000);
    taps.tap(800_000);
    assertThat(taps.tap(1_300_000)).as("300 ms then 500 ms intervals are not steady").isEmpty();

    assertThat(taps.tap(1_800_000).getAsDouble()).isCloseTo(120, within(1e-9));
  }

  @Test
  void tempoStartsANewCountOnceGiven() {
    for (long t = 0; t <= 1_500_000; t += 500_000) {
      taps.tap(t);
    }

    assertThat(taps.tap(2_000_000)).isEmpty();
    assertThat(taps.tap(2_500_000)).isEmpty();
    assertThat(taps.tap(3_000_000)).isEmpty();
    assertThat(taps.tap(3_500_000)).isPresent();
  }

  @Test
  void tapsTooFastForTheTempoRangeGiveNothing() {
    // 150 ms apart is 400 BPM, above the 300 BPM limit.
    taps.tap(0);
    taps.tap(150_000);
    taps.tap(300_000);

    assertThat(taps.tap(450_000)).isEmpty();
  }

  @Test
  void tapsFurtherApartThanTheResetPauseNeverCount() {
    // 20 BPM is 3 s a beat, longer than the reset pause: the slowest tempo that can be tapped is
    // 60 s / 2.5 s = 24 BPM.
    taps.tap(0);
    taps.tap(3_000_000);
    taps.tap(6_000_000);

    assertThat(taps.tap(9_000_000)).isEmpty();
  }
}
