package org.attune.audio.mix;

import java.util.SplittableRandom;
import org.attune.audio.SampleClock;

/** Test signals and the measurements the tests take of rendered samples. */
final class Signals {

  private Signals() {}

  /** {@code frames} of a sine of peak {@code amplitude} at {@code hz}, starting at phase 0. */
  static float[] sine(double amplitude, double hz, int frames) {
    float[] out = new float[frames];
    for (int i = 0; i < frames; i++) {
      out[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / SampleClock.SAMPLE_RATE));
    }
    return out;
  }

  /** {@code frames} of white noise uniform in [-amplitude, amplitude). */
  static float[] noise(double amplitude, int frames, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] out = new float[frames];
    for (int i = 0; i < frames; i++) {
      out[i] = (float) (amplitude * (2 * random.nextDouble() - 1));
    }
    return out;
  }

  /** The RMS level in dBFS of samples {@code from} (inclusive) to {@code to} (exclusive). */
  static double rmsDb(float[] x, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) x[i] * x[i];
    }
    return Decibels.fromGain(Math.sqrt(sum / (to - from)));
  }

  /** The peak level in dBFS of samples {@code from} to {@code to}. */
  static double peakDb(float[] x, int from, int to) {
    return Decibels.fromGain(peak(x, from, to));
  }

  /** The largest magnitude of samples {@code from} to {@code to}. */
  static float peak(float[] x, int from, int to) {
    float peak = 0;
    for (int i = from; i < to; i++) {
      peak = Math.max(peak, Math.abs(x[i]));
    }
    return peak;
  }

  /** The largest difference between neighbouring samples: the size of the worst step. */
  static float largestStep(float[] x) {
    float largest = 0;
    for (int i = 1; i < x.length; i++) {
      largest = Math.max(largest, Math.abs(x[i] - x[i - 1]));
    }
    return largest;
  }
}
