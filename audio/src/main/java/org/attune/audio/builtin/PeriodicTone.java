package org.attune.audio.builtin;

import java.util.function.IntToDoubleFunction;

/**
 * A sustained tone that loops without a click: a sum of oscillators, each completing a whole number
 * of cycles in the loop, so that the frame after the loop's last is exactly its first.
 *
 * <p>Each oscillator reads one band-limited cycle (summed from its harmonics, the low-pass applied
 * to their amplitudes) at a phase computed in integer arithmetic from the frame index, so the
 * periodicity is exact, not merely close. Detuned oscillators then beat at whole multiples of the
 * loop rate, and the sample's small mistuning (the nearest whole cycle count) is corrected by the
 * region's tune.
 *
 * <p>Thread-safe: yes (pure functions).
 */
final class PeriodicTone {

  /**
   * A looping sample: frames {@code 0..loopFrames} loop, and the frames after repeat the loop's
   * first ones (so an interpolating player may read past the loop's end).
   *
   * @param tuneCents what to add to the root key's pitch for the sample to sound in tune
   */
  record Looped(float[] frames, int loopFrames, int tuneCents) {}

  /** Frames after the loop end, copies of the loop's first. */
  static final int TAIL_FRAMES = 8;

  private static final int TABLE_BITS = 12;
  private static final int TABLE = 1 << TABLE_BITS;
  private static final double[] SINE = new double[TABLE];
  private static final double HIGHEST_HARMONIC_HZ = 15_000;

  static {
    for (int i = 0; i < TABLE; i++) {
      SINE[i] = StrictMath.sin(2 * Math.PI * i / TABLE);
    }
  }

  private PeriodicTone() {}

  /** Three saws a few cents apart, gently low-passed: a warm pad, beating slowly. */
  static Looped pad(int key) {
    double f = Synthesis.keyFrequency(key);
    double cutoff = clamp(2.5 * f, 500, 2500);
    double[] harmonics = harmonics(f, k -> lowPass(k * f, cutoff) / k);
    int loop = 2 * Synthesis.RATE;
    int n = cycles(f, loop);
    int d = Math.max(1, (int) Math.round(n * 0.004));
    return render(f, harmonics, loop, new int[] {n, n - d, n + d}, new double[] {1, 0.8, 0.8});
  }

  /** Drawbars 8', 4', 2 2/3', 2', 1 1/3', 1' with a faint second rank a beat away. */
  static Looped organ(int key) {
    double f = Synthesis.keyFrequency(key);
    double[] drawbars = {1, 0.6, 0.5, 0.3, 0, 0.2, 0, 0.12};
    double[] harmonics = harmonics(f, k -> k <= drawbars.length ? drawbars[k - 1] : 0);
    int loop = Synthesis.RATE;
    int n = cycles(f, loop);
    return render(f, harmonics, loop, new int[] {n, n + 1}, new double[] {1, 0.2});
  }

  /** Saw and square halfway, two slightly apart, low-passed brighter than the pad: a lead. */
  static Looped lead(int key) {
    double f = Synthesis.keyFrequency(key);
    double cutoff = clamp(5 * f, 1200, 7000);
    double[] harmonics = harmonics(f, k -> lowPass(k * f, cutoff) * (k % 2 == 1 ? 1 : 0.5) / k);
    int loop = 2 * Synthesis.RATE;
    int n = cycles(f, loop);
    int d = Math.max(1, (int) Math.round(n * 0.0025));
    return render(f, harmonics, loop, new int[] {n, n + d}, new double[] {1, 0.6});
  }

  private static double[] harmonics(double f, IntToDoubleFunction amplitude) {
    int count = Math.max(1, (int) Math.min(256, HIGHEST_HARMONIC_HZ / f));
    double[] a = new double[count];
    for (int k = 1; k <= count; k++) {
      a[k - 1] = amplitude.applyAsDouble(k);
    }
    return a;
  }

  /** The cycle count nearest {@code frequency} over {@code loopFrames}. */
  private static int cycles(double frequency, int loopFrames) {
    return (int) Math.max(1, Math.round(frequency * loopFrames / Synthesis.RATE));
  }

  private static Looped render(
      double frequency, double[] harmonics, int loopFrames, int[] cycles, double[] gains) {
    double[] cycle = cycle(harmonics);
    float[] out = new float[loopFrames + TAIL_FRAMES];
    for (int o = 0; o < cycles.length; o++) {
      long n = cycles[o];
      // Spread the oscillators' starting phases so their peaks do not line up.
      long offset = (long) loopFrames * o / cycles.length;
      for (int t = 0; t < out.length; t++) {
        long phase = (n * t + offset) % loopFrames;
        double at = (double) phase * TABLE / loopFrames;
        int i = (int) at;
        double frac = at - i;
        out[t] += (float) (gains[o] * (cycle[i] + frac * (cycle[i + 1] - cycle[i])));
      }
    }
    double sounding = (double) cycles[0] * Synthesis.RATE / loopFrames;
    int tune = (int) Math.round(1200 * StrictMath.log(frequency / sounding) / StrictMath.log(2));
    return new Looped(out, loopFrames, tune);
  }

  /** One cycle of the given harmonics, with one entry more for interpolation. */
  private static double[] cycle(double[] harmonics) {
    double[] c = new double[TABLE + 1];
    for (int k = 1; k <= harmonics.length; k++) {
      double a = harmonics[k - 1];
      if (a == 0) {
        continue;
      }
      for (int i = 0; i < TABLE; i++) {
        c[i] += a * SINE[(int) (((long) k * i) & (TABLE - 1))];
      }
    }
    c[TABLE] = c[0];
    return c;
  }

  /** The gain of a second-order Butterworth low-pass at {@code hz}. */
  private static double lowPass(double hz, double cutoff) {
    double r = hz / cutoff;
    return 1 / StrictMath.sqrt(1 + r * r * r * r);
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
