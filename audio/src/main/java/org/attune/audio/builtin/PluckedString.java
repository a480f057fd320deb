package org.attune.audio.builtin;

import java.util.Random;

/**
 * A plucked string by the Karplus-Strong algorithm, with the extensions of Jaffe and Smith,
 * "Extensions of the Karplus-Strong Plucked-String Algorithm" (Computer Music Journal 7(2), 1983):
 * a first-order all-pass in the loop for exact tuning, decay stretching for a chosen decay time,
 * and a pick-position comb on the excitation.
 *
 * <p>The loop is a delay line, the two-point damping filter {@code (1-S) + S z^-1} and the
 * all-pass. Its phase delay at the fundamental, computed exactly rather than by the low-frequency
 * approximation, is made one period, so that high notes (a period of a dozen frames) stay in tune.
 *
 * <p>Thread-safe: yes (pure functions of their arguments and the given generator).
 */
final class PluckedString {

  private PluckedString() {}

  /**
   * A pluck at {@code frequency} whose fundamental falls 60 dB in {@code decaySeconds}, {@code
   * seconds} long.
   *
   * @param brightness 0..1: how much of the noise burst's high end the pluck keeps
   * @param pickPosition where along the string it is plucked, 0..0.5 (0 for no comb)
   */
  static float[] pluck(
      double frequency,
      double seconds,
      double decaySeconds,
      double brightness,
      double pickPosition,
      Random noise) {
    double period = Synthesis.RATE / frequency;
    double w = 2 * Math.PI * frequency / Synthesis.RATE;
    double perPeriod = StrictMath.pow(10, -3.0 / (decaySeconds * frequency));

    double stretch = 0.5;
    double gain = perPeriod / StrictMath.cos(w / 2);
    if (gain > 1) {
      // The average alone would damp the fundamental faster than asked: shorten its smoothing.
      double q = (1 - perPeriod * perPeriod) / (2 * (1 - StrictMath.cos(w)));
      stretch = (1 - StrictMath.sqrt(Math.max(0, 1 - 4 * q))) / 2;
      gain = 1;
    }
    double dampingDelay = -phase(1 - stretch, stretch, w) / w;
    int delay = (int) Math.floor(period - dampingDelay - 0.1);
    double fraction = period - dampingDelay - delay;
    double c = StrictMath.sin((1 - fraction) * w / 2) / StrictMath.sin((1 + fraction) * w / 2);

    double[] line = excitation(delay, brightness, pickPosition, noise);
    float[] out = new float[Synthesis.frames(seconds)];
    double previous = 0;
    double allPassIn = 0;
    double allPassOut = 0;
    int at = 0;
    for (int i = 0; i < out.length; i++) {
      double y = line[at];
      out[i] = (float) y;
      double damped = (1 - stretch) * y + stretch * previous;
      previous = y;
      double passed = c * damped + allPassIn - c * allPassOut;
      allPassIn = damped;
      allPassOut = passed;
      line[at] = gain * passed;
      at = at + 1 == delay ? 0 : at + 1;
    }
    return Synthesis.fadeOut(out, 0.02);
  }

  /** The phase of {@code a + b e^{-jw}} in radians. */
  private static double phase(double a, double b, double w) {
    return StrictMath.atan2(-b * StrictMath.sin(w), a + b * StrictMath.cos(w));
  }

  /** A burst of white noise, low-passed by brightness, combed by pick position, without DC. */
  private static double[] excitation(
      int length, double brightness, double pickPosition, Random noise) {
    double[] x = new double[length];
    double smooth = 0;
    double keep = 0.05 + 0.95 * brightness;
    for (int i = 0; i < length; i++) {
      smooth += keep * (noise.nextDouble() * 2 - 1 - smooth);
      x[i] = smooth;
    }
    int comb = (int) Math.round(pickPosition * length);
    if (comb > 0) {
      double[] combed = new double[length];
      for (int i = 0; i < length; i++) {
        combed[i] = x[i] - x[(i - comb + length) % length];
      }
      x = combed;
    }
    double mean = 0;
    for (double v : x) {
      mean += v / length;
    }
    for (int i = 0; i < length; i++) {
      x[i] -= mean;
    }
    return x;
  }
}
