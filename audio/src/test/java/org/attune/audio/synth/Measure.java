package org.attune.audio.synth;

import org.attune.audio.SampleClock;

/** Measurements of rendered samples: level, steps, onsets, pitch. */
public final class Measure {

  private Measure() {}

  /** The RMS of frames {@code [from, to)}. */
  public static double rms(float[] x, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) x[i] * x[i];
    }
    return Math.sqrt(sum / (to - from));
  }

  /** The RMS of frames {@code [from, to)} in dB (full scale 1.0); -inf for silence. */
  public static double rmsDb(float[] x, int from, int to) {
    return 20 * Math.log10(rms(x, from, to));
  }

  /** The largest magnitude of frames {@code [from, to)}. */
  public static double peak(float[] x, int from, int to) {
    double p = 0;
    for (int i = from; i < to; i++) {
      p = Math.max(p, Math.abs(x[i]));
    }
    return p;
  }

  /** The largest difference between neighbouring frames in {@code [from, to)}: the worst step. */
  public static double maxStep(float[] x, int from, int to) {
    double worst = 0;
    for (int i = Math.max(1, from); i < to; i++) {
      worst = Math.max(worst, Math.abs(x[i] - x[i - 1]));
    }
    return worst;
  }

  /** The largest step of an ideal sine of peak {@code amplitude} at {@code hz}, at 48 kHz. */
  public static double sineStep(double amplitude, double hz) {
    return 2 * amplitude * Math.sin(Math.PI * hz / SampleClock.SAMPLE_RATE);
  }

  /** The first frame at or after {@code from} whose magnitude exceeds {@code threshold}; -1. */
  public static int onset(float[] x, int from, double threshold) {
    for (int i = Math.max(0, from); i < x.length; i++) {
      if (Math.abs(x[i]) > threshold) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The fundamental of frames {@code [from, to)} in Hz, by normalized autocorrelation: the shortest
   * lag whose correlation peaks within 3% of the best one (so that a lag of two periods does not
   * pass for the period), refined by a parabola through the peak and its neighbours.
   */
  public static double pitchHz(float[] x, int from, int to, double minHz, double maxHz) {
    int minLag = (int) Math.floor(SampleClock.SAMPLE_RATE / maxHz);
    int maxLag = (int) Math.ceil(SampleClock.SAMPLE_RATE / minHz) + 1;
    int n = to - from - maxLag - 1;
    if (n < maxLag) {
      throw new IllegalArgumentException("window too short for " + minHz + " Hz");
    }
    double[] r = new double[maxLag + 2];
    for (int lag = minLag - 1; lag <= maxLag + 1; lag++) {
      double xy = 0;
      double xx = 0;
      double yy = 0;
      for (int i = from; i < from + n; i++) {
        double a = x[i];
        double b = x[i + lag];
        xy += a * b;
        xx += a * a;
        yy += b * b;
      }
      r[lag] = xy / Math.sqrt(xx * yy + 1e-30);
    }
    double best = Double.NEGATIVE_INFINITY;
    for (int lag = minLag; lag <= maxLag; lag++) {
      best = Math.max(best, r[lag]);
    }
    for (int lag = minLag; lag <= maxLag; lag++) {
      if (r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1] && r[lag] >= best - 0.03) {
        double a = r[lag - 1];
        double b = r[lag];
        double c = r[lag + 1];
        double shift = 0.5 * (a - c) / (a - 2 * b + c);
        return SampleClock.SAMPLE_RATE / (lag + shift);
      }
    }
    throw new IllegalStateException("no autocorrelation peak");
  }

  /** The pitch of MIDI key {@code key} in equal temperament, A4 = 440 Hz. */
  public static double keyHz(double key) {
    return 440 * Math.pow(2, (key - 69) / 12);
  }

  /** The interval from {@code expectedHz} to {@code hz} in cents. */
  public static double cents(double hz, double expectedHz) {
    return 1200 * Math.log(hz / expectedHz) / Math.log(2);
  }

  /** The frames of {@code a} less those of {@code b}. */
  public static float[] difference(float[] a, float[] b) {
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - b[i];
    }
    return out;
  }

  /** Frames of {@code seconds}. */
  public static int frames(double seconds) {
    return (int) Math.round(seconds * SampleClock.SAMPLE_RATE);
  }
}
