package org.attune.audio.synth;

import org.attune.audio.SampleClock;

/**
 * A resonant two-pole low-pass (the RBJ cookbook biquad), for a region's initial filter cutoff and
 * Q. Off above 20 kHz, where SoundFonts put it when they mean no filter, so that most voices skip
 * it.
 *
 * <p>Thread-safe: no; owned by a voice on the render thread. Realtime-safe: yes.
 */
final class LowPassFilter {

  private static final float OFF_ABOVE_HZ = 20_000f;

  // Coefficients and the transposed direct form II state; package-private so that a voice's
  // inner loop can hold them in locals (fields written every frame would put a store-to-load
  // forwarding delay on the filter's feedback path).
  float b0;
  float b1;
  float b2;
  float a1;
  float a2;
  float s1;
  float s2;

  /** Sets the filter for a new note; returns false if it is off (cutoff at 20 kHz or above). */
  boolean configure(float cutoffHz, float qDb) {
    s1 = s2 = 0;
    if (!(cutoffHz < OFF_ABOVE_HZ)) {
      return false;
    }
    double fc = Math.max(20, Math.min(cutoffHz, 0.45 * SampleClock.SAMPLE_RATE));
    // The SoundFont Q is the resonance peak in dB above the DC gain.
    double q = Math.max(0.5, Math.pow(10, Math.max(0, qDb) / 20) * Math.sqrt(0.5));
    double w0 = 2 * Math.PI * fc / SampleClock.SAMPLE_RATE;
    double alpha = Math.sin(w0) / (2 * q);
    double cos = Math.cos(w0);
    double a0 = 1 + alpha;
    b0 = (float) ((1 - cos) / 2 / a0);
    b1 = (float) ((1 - cos) / a0);
    b2 = b0;
    a1 = (float) (-2 * cos / a0);
    a2 = (float) ((1 - alpha) / a0);
    return true;
  }

  /** Forgets the signal so far: the next frame starts from rest. */
  void clear() {
    s1 = 0;
    s2 = 0;
  }

  /** Filters one frame (transposed direct form II). */
  float process(float x) {
    float y = b0 * x + s1;
    s1 = b1 * x - a1 * y + s2;
    s2 = b2 * x - a2 * y;
    return y;
  }

  /**
   * Filters a stereo pair through two filters set alike ({@code left}'s coefficients serve both)
   * and adds the result into {@code outLeft} and {@code outRight}: one loop, so that the two
   * channels' feedback paths, each a chain of dependent multiply-adds, overlap.
   */
  static void filterStereoInto(
      LowPassFilter left,
      LowPassFilter right,
      float[] inLeft,
      float[] inRight,
      float[] outLeft,
      float[] outRight,
      int frames) {
    float c0 = left.b0;
    float c1 = left.b1;
    float c2 = left.b2;
    float d1 = left.a1;
    float d2 = left.a2;
    float l1 = left.s1;
    float l2 = left.s2;
    float r1 = right.s1;
    float r2 = right.s2;
    for (int i = 0; i < frames; i++) {
      float x = inLeft[i];
      float y = c0 * x + l1;
      l1 = c1 * x - d1 * y + l2;
      l2 = c2 * x - d2 * y;
      outLeft[i] += y;
      float u = inRight[i];
      float v = c0 * u + r1;
      r1 = c1 * u - d1 * v + r2;
      r2 = c2 * u - d2 * v;
      outRight[i] += v;
    }
    left.s1 = l1;
    left.s2 = l2;
    right.s1 = r1;
    right.s2 = r2;
  }
}
