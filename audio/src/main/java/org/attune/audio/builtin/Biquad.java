package org.attune.audio.builtin;

/**
 * A second-order IIR filter in direct form I, with the low-, high- and band-pass designs of Robert
 * Bristow-Johnson's "Audio EQ Cookbook".
 *
 * <p>Used offline, while samples are synthesized; holds its own state.
 *
 * <p>Thread-safe: no.
 */
final class Biquad {

  private final double b0;
  private final double b1;
  private final double b2;
  private final double a1;
  private final double a2;
  private double x1;
  private double x2;
  private double y1;
  private double y2;

  private Biquad(double b0, double b1, double b2, double a0, double a1, double a2) {
    this.b0 = b0 / a0;
    this.b1 = b1 / a0;
    this.b2 = b2 / a0;
    this.a1 = a1 / a0;
    this.a2 = a2 / a0;
  }

  static Biquad lowPass(double cutoffHz, double q) {
    double w = 2 * Math.PI * cutoffHz / Synthesis.RATE;
    double cos = StrictMath.cos(w);
    double alpha = StrictMath.sin(w) / (2 * q);
    return new Biquad((1 - cos) / 2, 1 - cos, (1 - cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
  }

  static Biquad highPass(double cutoffHz, double q) {
    double w = 2 * Math.PI * cutoffHz / Synthesis.RATE;
    double cos = StrictMath.cos(w);
    double alpha = StrictMath.sin(w) / (2 * q);
    return new Biquad((1 + cos) / 2, -(1 + cos), (1 + cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
  }

  /** Band-pass with a peak gain of 1 at {@code centerHz}. */
  static Biquad bandPass(double centerHz, double q) {
    double w = 2 * Math.PI * centerHz / Synthesis.RATE;
    double cos = StrictMath.cos(w);
    double alpha = StrictMath.sin(w) / (2 * q);
    return new Biquad(alpha, 0, -alpha, 1 + alpha, -2 * cos, 1 - alpha);
  }

  double next(double x) {
    double y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = x;
    y2 = y1;
    y1 = y;
    return y;
  }

  /** Filters {@code signal} in place and returns it. */
  float[] apply(float[] signal) {
    for (int i = 0; i < signal.length; i++) {
      signal[i] = (float) next(signal[i]);
    }
    return signal;
  }
}
