package org.attune.audio.mix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.attune.audio.SampleClock;
import org.attune.mixer.MixerLimits;
import org.junit.jupiter.api.Test;

class LimiterTest {

  private static final int BLOCK = SampleClock.BLOCK_FRAMES;
  private static final int STRIPS = 30;

  /** Runs {@code left}/{@code right} through the limiter block by block, in place. */
  private static void limit(Limiter limiter, float[] left, float[] right) {
    float[] blockLeft = new float[BLOCK];
    float[] blockRight = new float[BLOCK];
    for (int start = 0; start < left.length; start += BLOCK) {
      System.arraycopy(left, start, blockLeft, 0, BLOCK);
      System.arraycopy(right, start, blockRight, 0, BLOCK);
      limiter.process(blockLeft, blockRight, blockLeft, blockRight, BLOCK);
      System.arraycopy(blockLeft, 0, left, start, BLOCK);
      System.arraycopy(blockRight, 0, right, start, BLOCK);
    }
  }

  /** Mixes 30 strips, each given its own left and right input, and returns the master output. */
  private static float[][] mixThirty(float[][] inputs, double stripGainDb, int frames) {
    Mixer mixer = new Mixer(STRIPS, BLOCK, new MasterBus());
    for (int s = 0; s < STRIPS; s++) {
      mixer.addStrip(s).setGainDb(stripGainDb);
      mixer.strip(s).setPan((s % 7 - 3) / 3.0);
    }
    float[][] left = new float[STRIPS][BLOCK];
    float[][] right = new float[STRIPS][BLOCK];
    float[] outLeft = new float[frames];
    float[] outRight = new float[frames];
    float[] blockLeft = new float[BLOCK];
    float[] blockRight = new float[BLOCK];
    for (int start = 0; start < frames; start += BLOCK) {
      for (int s = 0; s < STRIPS; s++) {
        System.arraycopy(inputs[2 * s], start, left[s], 0, BLOCK);
        System.arraycopy(inputs[2 * s + 1], start, right[s], 0, BLOCK);
      }
      mixer.mix(left, right, BLOCK, blockLeft, blockRight);
      System.arraycopy(blockLeft, 0, outLeft, start, BLOCK);
      System.arraycopy(blockRight, 0, outRight, start, BLOCK);
    }
    return new float[][] {outLeft, outRight};
  }

  @Test
  void thirtyStripsOfFullScaleNoiseSummedNeverExceedTheCeiling() {
    int frames = 750 * BLOCK;
    float[][] inputs = new float[2 * STRIPS][];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = Signals.noise(1.0, frames, i);
    }
    float[][] out = mixThirty(inputs, MixerLimits.MAX_GAIN_DB, frames);
    float ceiling = new Limiter().ceiling();

    assertThat(ceiling).isCloseTo(0.891f, within(0.001f));
    for (float[] side : out) {
      assertThat(Signals.peak(side, 0, frames)).isLessThanOrEqualTo(ceiling);
      assertThat(Signals.peak(side, 0, frames)).isGreaterThan(ceiling * 0.99f);
    }
  }

  @Test
  void thirtyFullScaleSinesInPhaseSummedNeverExceedTheCeiling() {
    int frames = 750 * BLOCK;
    float[] sine = Signals.sine(1.0, 220, frames);
    float[][] inputs = new float[2 * STRIPS][];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = sine;
    }
    float[][] out = mixThirty(inputs, 0, frames);
    float ceiling = new Limiter().ceiling();

    for (float[] side : out) {
      assertThat(Signals.peak(side, 0, frames)).isLessThanOrEqualTo(ceiling);
    }
    assertThat(Signals.peakDb(out[0], frames / 2, frames)).isCloseTo(-1, within(0.1));
  }

  @Test
  void gainRampsDownAheadOfALoudOnsetByAtMostOneLookAheadStepPerFrame() {
    Limiter limiter = new Limiter();
    int frames = 300 * BLOCK;
    int onset = 100 * BLOCK;
    float[] in = Signals.sine(0.6, 200, frames);
    for (int n = onset; n < frames; n++) {
      in[n] *= 4 / 0.6f;
    }
    float[] left = in.clone();
    float[] right = in.clone();
    limit(limiter, left, right);
    int delay = limiter.latencyFrames();

    double largestGainChange = 0;
    double previousGain = Double.NaN;
    double gainBeforeOnset = 0;
    for (int n = delay; n < frames; n++) {
      float source = in[n - delay];
      if (Math.abs(source) < 0.1) {
        previousGain = Double.NaN;
        continue;
      }
      double gain = left[n] / (double) source;
      if (n - delay < onset - delay - 1) {
        gainBeforeOnset = Math.max(gainBeforeOnset, Math.abs(gain - 1));
      }
      if (!Double.isNaN(previousGain)) {
        largestGainChange = Math.max(largestGainChange, Math.abs(gain - previousGain));
      }
      previousGain = gain;
    }
    assertThat(gainBeforeOnset).isZero();
    assertThat(Signals.peak(left, 0, frames)).isLessThanOrEqualTo(limiter.ceiling());
    assertThat(Signals.peakDb(left, onset + delay, frames)).isCloseTo(-1, within(0.1));
    assertThat(largestGainChange).isLessThanOrEqualTo(1.0 / delay + 1e-6);
  }

  @Test
  void quietSignalPassesUnchangedAfterTheLookAheadDelay() {
    Limiter limiter = new Limiter();
    int frames = 100 * BLOCK;
    float[] left = Signals.noise(0.5, frames, 1);
    float[] right = Signals.sine(0.8, 440, frames);
    float[] inLeft = left.clone();
    float[] inRight = right.clone();
    limit(limiter, left, right);
    int delay = limiter.latencyFrames();

    assertThat(delay).isEqualTo(48);
    assertThat(Signals.peak(left, 0, delay)).isZero();
    for (int n = delay; n < frames; n++) {
      assertThat(left[n]).isEqualTo(inLeft[n - delay]);
      assertThat(right[n]).isEqualTo(inRight[n - delay]);
    }
  }

  @Test
  void gainRecoversToExactlyOneAfterALoudBurst() {
    Limiter limiter = new Limiter();
    int frames = 2250 * BLOCK;
    float[] left = Signals.sine(0.3, 440, frames);
    for (int n = 0; n < SampleClock.SAMPLE_RATE / 10; n++) {
      left[n] *= 10;
    }
    float[] right = new float[frames];
    float[] in = left.clone();
    limit(limiter, left, right);
    int delay = limiter.latencyFrames();

    assertThat(Signals.peak(left, 0, frames)).isLessThanOrEqualTo(limiter.ceiling());
    // The gap closes by e every 60 ms; from 0.7 to the last 1e-6 takes 13.5 of them, 0.8 s.
    int releasedBy = SampleClock.SAMPLE_RATE / 10 + SampleClock.SAMPLE_RATE * 9 / 10;
    int stillReleasing = releasedBy - SampleClock.SAMPLE_RATE / 2;
    float releaseError = 0;
    for (int n = stillReleasing; n < stillReleasing + 480; n++) {
      releaseError = Math.max(releaseError, Math.abs(left[n] - in[n - delay]));
    }
    assertThat(releaseError).isGreaterThan(0);
    for (int n = releasedBy; n < frames; n++) {
      assertThat(left[n]).isEqualTo(in[n - delay]);
    }
  }

  @Test
  void releaseRecoversTheGainGradually() {
    Limiter limiter = new Limiter(-1, 48, 0.06);
    int frames = 600 * BLOCK;
    int burst = SampleClock.SAMPLE_RATE / 10;
    float[] left = Signals.sine(0.3, 440, frames);
    for (int n = 0; n < burst; n++) {
      left[n] *= 10;
    }
    float[] in = left.clone();
    limit(limiter, left, new float[frames]);
    int delay = limiter.latencyFrames();

    // One time constant after the burst has left, a one-pole release has closed 63 % of the
    // linear gap: the gain is 1 - (1 - g0)/e.
    int oneTimeConstant = burst + delay + (int) (0.06 * SampleClock.SAMPLE_RATE);
    double limitedGain = 0.891 / 3.0;
    double expected = 1 - (1 - limitedGain) / Math.E;
    float peakIn = Signals.peak(in, oneTimeConstant - delay - 60, oneTimeConstant - delay + 60);
    float peakOut = Signals.peak(left, oneTimeConstant - 60, oneTimeConstant + 60);
    assertThat(peakOut / (double) peakIn).isCloseTo(expected, within(0.05));
  }
}
