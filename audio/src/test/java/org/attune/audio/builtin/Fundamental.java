package org.attune.audio.builtin;

import org.attune.audio.SampleClock;

/**
 * Measures the fundamental frequency of a tone for tests: a coarse period from the YIN difference
 * function (de Cheveigné and Kawahara, JASA 111(4), 2002), which finds the period rather than the
 * strongest partial, then refined to a fraction of a cent by the peak of the Hann-windowed spectrum
 * near it.
 */
final class Fundamental {

  private static final double RATE = SampleClock.SAMPLE_RATE;

  private Fundamental() {}

  /** The fundamental of {@code x[from..from+length)} in Hz, searched between 20 Hz and 5 kHz. */
  static double of(double[] x, int from, int length) {
    double coarse = yin(x, from, Math.min(length, 4096));
    double[] windowed = new double[length];
    for (int i = 0; i < length; i++) {
      windowed[i] = x[from + i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (length - 1)));
    }
    double best = coarse;
    double bestMagnitude = -1;
    for (double cents = -60; cents <= 60; cents += 0.25) {
      double f = coarse * Math.pow(2, cents / 1200);
      double m = magnitude(windowed, f);
      if (m > bestMagnitude) {
        bestMagnitude = m;
        best = f;
      }
    }
    return best;
  }

  /** Cents from {@code reference} to {@code hz}. */
  static double cents(double hz, double reference) {
    return 1200 * Math.log(hz / reference) / Math.log(2);
  }

  private static double yin(double[] x, int from, int window) {
    int maxLag = (int) (RATE / 20);
    int minLag = (int) (RATE / 5000);
    double[] d = new double[maxLag + 2];
    for (int lag = 1; lag <= maxLag + 1; lag++) {
      double sum = 0;
      for (int i = 0; i < window; i++) {
        double diff = x[from + i] - x[from + i + lag];
        sum += diff * diff;
      }
      d[lag] = sum;
    }
    double running = 0;
    double[] normalized = new double[d.length];
    normalized[0] = 1;
    for (int lag = 1; lag < d.length; lag++) {
      running += d[lag];
      normalized[lag] = d[lag] * lag / running;
    }
    int chosen = -1;
    for (int lag = minLag; lag <= maxLag; lag++) {
      if (normalized[lag] < 0.15) {
        while (lag + 1 <= maxLag && normalized[lag + 1] < normalized[lag]) {
          lag++;
        }
        chosen = lag;
        break;
      }
    }
    if (chosen < 0) {
      chosen = minLag;
      for (int lag = minLag; lag <= maxLag; lag++) {
        if (normalized[lag] < normalized[chosen]) {
          chosen = lag;
        }
      }
    }
    double a = normalized[chosen - 1];
    double b = normalized[chosen];
    double c = normalized[chosen + 1];
    double shift = (a - c) / (2 * (a - 2 * b + c));
    return RATE / (chosen + (Double.isFinite(shift) ? shift : 0));
  }

  /** |X(f)| of an already windowed signal, the phasor advanced by rotation. */
  private static double magnitude(double[] windowed, double f) {
    double w = 2 * Math.PI * f / RATE;
    double stepRe = Math.cos(w);
    double stepIm = -Math.sin(w);
    double pRe = 1;
    double pIm = 0;
    double re = 0;
    double im = 0;
    for (double v : windowed) {
      re += v * pRe;
      im += v * pIm;
      double nRe = pRe * stepRe - pIm * stepIm;
      pIm = pRe * stepIm + pIm * stepRe;
      pRe = nRe;
    }
    return Math.hypot(re, im);
  }
}
