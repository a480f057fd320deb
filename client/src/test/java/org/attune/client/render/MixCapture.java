package org.attune.client.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.attune.audio.SampleClock;
import org.attune.audio.bus.BusSink;

/**
 * A test sink: keeps the first seconds of a bus's master output in memory by bus frame, from the
 * first block it sees, so that a test can measure what was heard at a given server time. The arrays
 * are allocated up front: {@link #block} only copies.
 */
final class MixCapture implements BusSink {

  private final float[] left;
  private final float[] right;
  private volatile long firstFrame = -1;
  private volatile long endFrame = -1;

  MixCapture(double seconds) {
    left = new float[(int) (seconds * SampleClock.SAMPLE_RATE)];
    right = new float[left.length];
  }

  @Override
  public void block(long frame, float[] l, float[] r, int frames) {
    long first = firstFrame;
    if (first < 0) {
      first = frame;
      firstFrame = frame;
    }
    int at = (int) (frame - first);
    int n = Math.max(0, Math.min(frames, left.length - at));
    if (n > 0) {
      System.arraycopy(l, 0, left, at, n);
      System.arraycopy(r, 0, right, at, n);
    }
    endFrame = frame + frames;
  }

  /** Waits (at most 10 s) until the capture holds frame {@code frame}. */
  void awaitFrame(long frame) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (endFrame <= frame) {
      assertThat(System.nanoTime() - deadline).as("capture reached frame %d", frame).isNegative();
      Thread.sleep(20);
    }
  }

  long firstFrame() {
    return firstFrame;
  }

  /** The mono sample (mean of both channels) at bus frame {@code frame}. */
  float at(long frame) {
    int i = (int) (frame - firstFrame);
    return (left[i] + right[i]) / 2;
  }

  double peak(long from, long to) {
    double peak = 0;
    for (long f = from; f < to; f++) {
      peak = Math.max(peak, Math.abs(at(f)));
    }
    return peak;
  }

  double rms(long from, long to) {
    double sum = 0;
    for (long f = from; f < to; f++) {
      sum += (double) at(f) * at(f);
    }
    return Math.sqrt(sum / (to - from));
  }

  /**
   * The first frame in {@code [from, to)} whose magnitude reaches a hundredth of the window's peak,
   * or -1 in silence: where a note that starts in the window begins to sound.
   */
  long onset(long from, long to) {
    double threshold = peak(from, to) / 100;
    for (long f = from; f < to; f++) {
      if (threshold > 1e-6 && Math.abs(at(f)) >= threshold) {
        return f;
      }
    }
    return -1;
  }

  /** Normalized correlation at lag 0 of two captures over bus frames {@code [from, to)}. */
  static double correlation(MixCapture a, MixCapture b, long from, long to) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (long f = from; f < to; f++) {
      ab += (double) a.at(f) * b.at(f);
      aa += (double) a.at(f) * a.at(f);
      bb += (double) b.at(f) * b.at(f);
    }
    return ab / Math.sqrt(aa * bb);
  }

  /** The fundamental in Hz over {@code [from, to)}, by autocorrelation (50 Hz .. 2 kHz). */
  double fundamental(long from, long to) {
    int n = (int) (to - from);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = at(from + i);
    }
    int minLag = SampleClock.SAMPLE_RATE / 2000;
    int maxLag = SampleClock.SAMPLE_RATE / 50;
    double[] r = new double[maxLag + 2];
    for (int lag = minLag - 1; lag <= maxLag + 1; lag++) {
      double s = 0;
      for (int i = 0; i + lag < n; i++) {
        s += x[i] * x[i + lag];
      }
      r[lag] = s / (n - lag);
    }
    int best = minLag;
    for (int lag = minLag; lag <= maxLag; lag++) {
      if (r[lag] > r[best]) {
        best = lag;
      }
    }
    // The first peak close to the best one avoids octave errors (a multiple of the period).
    for (int lag = minLag; lag < best; lag++) {
      if (r[lag] > 0.9 * r[best] && r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1]) {
        best = lag;
        break;
      }
    }
    double a = r[best - 1];
    double b = r[best];
    double c = r[best + 1];
    double shift = (a - c) / (2 * (a - 2 * b + c));
    return SampleClock.SAMPLE_RATE / (best + (Double.isFinite(shift) ? shift : 0));
  }
}
