package org.attune.audio.builtin;

import org.attune.audio.SampleClock;

/**
 * What every synthesized sample shares: the rate, equal temperament, and the short fades that keep
 * a sample's first and last frames at zero.
 *
 * <p>Transcendental functions come from {@link StrictMath}, whose results the Java specification
 * fixes to the bit, so that the font is the same bytes on every machine.
 *
 * <p>Thread-safe: yes (constants and pure functions).
 */
final class Synthesis {

  /** Frames per second of every built-in sample: the bus rate, so no resampling at the root. */
  static final int RATE = SampleClock.SAMPLE_RATE;

  private static final int SINE_SIZE = 4096;
  private static final double[] SINE = new double[SINE_SIZE + 1];

  static {
    for (int i = 0; i <= SINE_SIZE; i++) {
      SINE[i] = StrictMath.sin(2 * Math.PI * i / SINE_SIZE);
    }
  }

  private Synthesis() {}

  /**
   * The sine of {@code cycles} whole turns, from a table with linear interpolation: within 3e-7 of
   * the true sine (below 16-bit resolution) at a fraction of {@link StrictMath#sin}'s cost.
   */
  static double sine(double cycles) {
    double at = (cycles - Math.floor(cycles)) * SINE_SIZE;
    int i = (int) at;
    return SINE[i] + (at - i) * (SINE[i + 1] - SINE[i]);
  }

  /** The factor per frame of a decay with time constant {@code seconds}. */
  static double decayPerFrame(double seconds) {
    return StrictMath.exp(-1.0 / (seconds * RATE));
  }

  /** The equal-tempered frequency of MIDI {@code key}, A4 (key 69) at 440 Hz. */
  static double keyFrequency(double key) {
    return 440.0 * StrictMath.pow(2.0, (key - 69) / 12.0);
  }

  /** Frames in {@code seconds}, rounded. */
  static int frames(double seconds) {
    return (int) Math.round(seconds * RATE);
  }

  /** Ramps the last {@code seconds} of {@code signal} down to zero, raised-cosine. */
  static float[] fadeOut(float[] signal, double seconds) {
    int n = Math.min(signal.length, frames(seconds));
    for (int i = 0; i < n; i++) {
      double g = 0.5 - 0.5 * StrictMath.cos(Math.PI * i / n);
      signal[signal.length - 1 - i] *= (float) g;
    }
    return signal;
  }

  /** Ramps the first {@code seconds} of {@code signal} up from zero, linearly. */
  static float[] fadeIn(float[] signal, double seconds) {
    int n = Math.min(signal.length, Math.max(1, frames(seconds)));
    for (int i = 0; i < n; i++) {
      signal[i] *= (float) i / n;
    }
    return signal;
  }
}
