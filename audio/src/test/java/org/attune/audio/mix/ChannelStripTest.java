package org.attune.audio.mix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.function.IntConsumer;
import org.attune.audio.SampleClock;
import org.junit.jupiter.api.Test;

class ChannelStripTest {

  private static final int BLOCK = SampleClock.BLOCK_FRAMES;
  private static final int FRAMES = 75 * BLOCK;
  private static final double MINUS_6_DB = 0.5;

  /** Runs the strip over {@code in} (both channels) in blocks; calls {@code beforeBlock} first. */
  private static float[][] render(ChannelStrip strip, float[] in, IntConsumer beforeBlock) {
    float[] outLeft = new float[in.length];
    float[] outRight = new float[in.length];
    float[] blockIn = new float[BLOCK];
    float[] busLeft = new float[BLOCK];
    float[] busRight = new float[BLOCK];
    for (int start = 0, block = 0; start < in.length; start += BLOCK, block++) {
      beforeBlock.accept(block);
      System.arraycopy(in, start, blockIn, 0, BLOCK);
      Arrays.fill(busLeft, 0);
      Arrays.fill(busRight, 0);
      strip.mixInto(blockIn, blockIn, BLOCK, busLeft, busRight, false);
      System.arraycopy(busLeft, 0, outLeft, start, BLOCK);
      System.arraycopy(busRight, 0, outRight, start, BLOCK);
    }
    return new float[][] {outLeft, outRight};
  }

  private static float[][] render(ChannelStrip strip, float[] in) {
    return render(strip, in, block -> {});
  }

  @Test
  void centredSineAtMinusSixDecibelsComesOutThreeDecibelsDownOnEachSide() {
    float[] sine = Signals.sine(MINUS_6_DB, 1000, FRAMES);
    float[][] out = render(new ChannelStrip(), sine);

    double expectedPeak = -6.0206 - 3.0103;
    double expectedRms = expectedPeak - 3.0103;
    for (float[] side : out) {
      assertThat(Signals.peakDb(side, 0, FRAMES)).isCloseTo(expectedPeak, within(0.1));
      assertThat(Signals.rmsDb(side, 0, FRAMES)).isCloseTo(expectedRms, within(0.1));
    }
  }

  @Test
  void hardLeftPanPutsAllOfItLeftAtFullLevel() {
    ChannelStrip strip = new ChannelStrip();
    strip.setPan(-1);
    float[][] out = render(strip, Signals.sine(MINUS_6_DB, 1000, FRAMES));

    assertThat(Signals.peakDb(out[0], BLOCK, FRAMES)).isCloseTo(-6.0206, within(0.1));
    assertThat(Signals.peak(out[1], BLOCK, FRAMES)).isZero();
  }

  @Test
  void hardRightPanPutsAllOfItRightAtFullLevel() {
    ChannelStrip strip = new ChannelStrip();
    strip.setPan(1);
    float[][] out = render(strip, Signals.sine(MINUS_6_DB, 1000, FRAMES));

    assertThat(Signals.peakDb(out[1], BLOCK, FRAMES)).isCloseTo(-6.0206, within(0.1));
    assertThat(Signals.peakDb(out[0], BLOCK, FRAMES)).isLessThan(-200);
  }

  @Test
  void panKeepsTheTotalPowerConstant() {
    float[] sine = Signals.sine(MINUS_6_DB, 1000, FRAMES);
    for (double pan = -1; pan <= 1; pan += 0.25) {
      ChannelStrip strip = new ChannelStrip();
      strip.setPan(pan);
      float[][] out = render(strip, sine);
      double powerLeft = Math.pow(10, Signals.rmsDb(out[0], BLOCK, FRAMES) / 10);
      double powerRight = Math.pow(10, Signals.rmsDb(out[1], BLOCK, FRAMES) / 10);

      assertThat(10 * Math.log10(powerLeft + powerRight))
          .as("total power at pan %s", pan)
          .isCloseTo(-9.0309, within(0.01));
    }
  }

  @Test
  void twelveDecibelsOfCutLowersTheRmsByTwelveDecibels() {
    float[] sine = Signals.sine(MINUS_6_DB, 1000, FRAMES);
    ChannelStrip cut = new ChannelStrip();
    cut.setGainDb(-12);
    double unity = Signals.rmsDb(render(new ChannelStrip(), sine)[0], BLOCK, FRAMES);
    double lowered = Signals.rmsDb(render(cut, sine)[0], BLOCK, FRAMES);

    assertThat(unity - lowered).isCloseTo(12, within(0.1));
  }

  @Test
  void gainAboveTwelveDecibelsIsTakenAsTwelve() {
    ChannelStrip strip = new ChannelStrip();
    strip.setGainDb(40);
    float[][] out = render(strip, Signals.sine(0.01, 1000, FRAMES));

    assertThat(strip.gainDb()).isEqualTo(12);
    assertThat(Signals.peakDb(out[0], BLOCK, FRAMES)).isCloseTo(-40 + 12 - 3.0103, within(0.1));
  }

  @Test
  void muteSilencesTheStripAfterOneBlockOfFadeOut() {
    ChannelStrip strip = new ChannelStrip();
    float[][] out =
        render(strip, Signals.sine(MINUS_6_DB, 1000, FRAMES), block -> strip.setMuted(block >= 10));

    assertThat(Signals.peakDb(out[0], 9 * BLOCK, 10 * BLOCK)).isCloseTo(-9.03, within(0.1));
    assertThat(Signals.peak(out[0], 10 * BLOCK, 11 * BLOCK)).isGreaterThan(0);
    assertThat(Signals.peak(out[0], 11 * BLOCK, FRAMES)).isZero();
    assertThat(Signals.peak(out[1], 11 * BLOCK, FRAMES)).isZero();
  }

  @Test
  void closedFaderSilencesTheStrip() {
    ChannelStrip strip = new ChannelStrip();
    strip.setGainDb(Double.NEGATIVE_INFINITY);
    float[][] out = render(strip, Signals.sine(MINUS_6_DB, 1000, FRAMES));

    assertThat(Signals.peak(out[0], BLOCK, FRAMES)).isZero();
    assertThat(Signals.peak(out[1], BLOCK, FRAMES)).isZero();
  }

  @Test
  void unsoloedStripIsSilentWhileAnotherIsSoloed() {
    float[] in = Signals.sine(MINUS_6_DB, 1000, BLOCK);
    ChannelStrip soloed = new ChannelStrip();
    soloed.setSoloed(true);
    ChannelStrip other = new ChannelStrip();
    float[][] soloedBus = new float[2][BLOCK];
    float[][] otherBus = new float[2][BLOCK];
    for (int block = 0; block < 3; block++) {
      for (int side = 0; side < 2; side++) {
        Arrays.fill(soloedBus[side], 0);
        Arrays.fill(otherBus[side], 0);
      }
      soloed.mixInto(in, in, BLOCK, soloedBus[0], soloedBus[1], true);
      other.mixInto(in, in, BLOCK, otherBus[0], otherBus[1], true);
    }

    for (int side = 0; side < 2; side++) {
      assertThat(Signals.peak(otherBus[side], 0, BLOCK)).isZero();
      assertThat(Signals.peakDb(soloedBus[side], 0, BLOCK)).isCloseTo(-9.03, within(0.1));
    }
  }

  @Test
  void gainChangeMidStreamIsRampedWithNoStepLikeAnUnrampedOne() {
    int frames = 20 * BLOCK;
    float[] sine = Signals.sine(0.9, 100, frames);
    int changeBlock = 2;
    ChannelStrip strip = new ChannelStrip();
    strip.setPan(-1);
    float[] ramped =
        render(strip, sine, block -> strip.setGainDb(block >= changeBlock ? -30 : 0))[0];
    float[] unramped = sine.clone();
    float cut = (float) Decibels.toGain(-30);
    for (int i = changeBlock * BLOCK; i < frames; i++) {
      unramped[i] *= cut;
    }

    float naturalSlope = (float) (0.9 * 2 * Math.PI * 100 / SampleClock.SAMPLE_RATE);
    float rampSlope = 0.9f * (1 - cut) / BLOCK;
    assertThat(Signals.largestStep(unramped)).isGreaterThan(0.8f);
    assertThat(Signals.largestStep(ramped)).isLessThanOrEqualTo(naturalSlope + rampSlope);
    assertThat(Signals.peakDb(ramped, (changeBlock + 1) * BLOCK, frames))
        .isCloseTo(Decibels.fromGain(0.9) - 30, within(0.1));
  }

  @Test
  void meterSeesThePostFaderSignal() {
    ChannelStrip strip = new ChannelStrip();
    strip.setGainDb(-6);
    strip.setPan(-1);
    render(strip, Signals.sine(MINUS_6_DB, 1000, FRAMES));
    strip.meter().readAndReset();
    render(strip, Signals.sine(MINUS_6_DB, 1000, FRAMES));
    MeterReading reading = strip.meter().readAndReset();

    assertThat(reading.frames()).isEqualTo(FRAMES);
    assertThat(reading.peakLeftDb()).isCloseTo(-12.04, within(0.1));
    assertThat(reading.rmsLeftDb()).isCloseTo(-15.05, within(0.1));
    assertThat(reading.peakRightDb()).isEqualTo(Double.NEGATIVE_INFINITY);
  }
}
