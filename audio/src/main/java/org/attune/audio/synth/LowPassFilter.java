package org.attune.audio.synth;

import org.attune.audio.SampleClock;

/**
 * A resonant two-pole low-pass (the RBJ cookbook biquad), for a region's initial filter cutoff
 * and Q. Off above 20 kHz, where SoundFonts put it when they mean no filter, so that most voices
 * skip it.
 *
 * <p>Thread-safe: no; owned by a voice on the render thread. Realtime-safe: yes.
 */
final class LowPassFilter {

  private static final float OFF_ABOVE_HZ = 20_000f;

  private float b0;
  private float b1;
  private float b2;
  private float a1;
  private float a2;
  private float x1;
  private float x2;
  private float y1;
  private float y2;

  /** Sets the filter for a new note; returns false if it is off (cutoff at 20 kHz or above). */
  boolean configure(float cutoffHz, float qDb) {
    x1 = x2 = y1 = y2 = 0;
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

  float process(float x) {
    float y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = x;
    y2 = y1;
    y1 = y;
    return y;
  }
}
