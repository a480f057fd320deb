package org.attune.server.observe;

import java.util.Arrays;

/**
 * Running figures of one member's onsets (notes and hits started): how many, their asynchrony to
 * the group's pulse (mean and spread), the member's own tempo from successive onsets and how steady
 * it is, their velocities and their range of pitches.
 *
 * <p>Asynchrony is an onset's distance to the nearest beat of the group's tempo map (negative:
 * early). The member's own tempo is the median of {@code 60 k / t} over successive onsets {@code t}
 * seconds and about {@code k} whole beats apart ({@code k} = 1..4, within a quarter beat); its
 * steadiness is their spread as a percentage of it, over the most recent intervals (as many as the
 * window holds).
 *
 * <p>Thread-safe: no; one owner (a group's loop, or the report's reader). Allocation-free after
 * construction.
 */
public final class OnsetStatistics {

  /** Intervals a live figure of the member's tempo is taken from: the most recent ones. */
  public static final int LIVE_TEMPO_WINDOW = 32;

  private static final int MAX_BEATS_APART = 4;
  private static final double BEAT_TOLERANCE = 0.25;

  private long onsets;
  private double asyncSum;
  private double asyncSquares;
  private double velocitySum;
  private int velocityMin = Integer.MAX_VALUE;
  private int velocityMax = Integer.MIN_VALUE;
  private int lowest = Integer.MAX_VALUE;
  private int highest = Integer.MIN_VALUE;
  private final double[] tempi;
  private final double[] sorted;
  private int tempoCount;
  private long lastMicros = Long.MIN_VALUE;
  private double lastBeat;

  /**
   * @param tempoWindow how many of the most recent intervals the tempo figures are taken from
   */
  public OnsetStatistics(int tempoWindow) {
    tempi = new double[tempoWindow];
    sorted = new double[tempoWindow];
  }

  /**
   * Adds an onset.
   *
   * @param micros when it was played (µs, on the clock of the tempo map)
   * @param beat its beat on the group's beat line
   * @param asynchronyMicros its distance to the nearest beat (negative: early)
   * @param velocity MIDI velocity 1..127
   * @param pitch MIDI pitch, or -1 for a hit (a percussion sound, out of the range)
   */
  public void onset(long micros, double beat, long asynchronyMicros, int velocity, int pitch) {
    onsets++;
    double ms = asynchronyMicros / 1000.0;
    asyncSum += ms;
    asyncSquares += ms * ms;
    velocitySum += velocity;
    velocityMin = Math.min(velocityMin, velocity);
    velocityMax = Math.max(velocityMax, velocity);
    if (pitch >= 0) {
      lowest = Math.min(lowest, pitch);
      highest = Math.max(highest, pitch);
    }
    if (lastMicros != Long.MIN_VALUE) {
      double beats = beat - lastBeat;
      double seconds = (micros - lastMicros) / 1e6;
      long k = Math.round(beats);
      if (k >= 1 && k <= MAX_BEATS_APART && Math.abs(beats - k) <= BEAT_TOLERANCE && seconds > 0) {
        tempi[tempoCount % tempi.length] = 60.0 * k / seconds;
        tempoCount++;
      }
    }
    lastMicros = micros;
    lastBeat = beat;
  }

  public long onsets() {
    return onsets;
  }

  /** Mean asynchrony in ms; NaN without onsets. */
  public double asynchronyMeanMs() {
    return onsets == 0 ? Double.NaN : asyncSum / onsets;
  }

  /** Spread (sample standard deviation) of the asynchrony in ms; NaN under two onsets. */
  public double asynchronySpreadMs() {
    if (onsets < 2) {
      return Double.NaN;
    }
    double mean = asyncSum / onsets;
    return Math.sqrt(Math.max(0, (asyncSquares - onsets * mean * mean) / (onsets - 1)));
  }

  /** The member's own tempo in BPM; NaN until an interval counts. */
  public double tempoBpm() {
    int n = Math.min(tempoCount, tempi.length);
    if (n == 0) {
      return Double.NaN;
    }
    System.arraycopy(tempi, 0, sorted, 0, n);
    Arrays.sort(sorted, 0, n);
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** Spread of the member's tempi as a percentage of {@link #tempoBpm}; NaN under two. */
  public double tempoSpreadPercent() {
    int n = Math.min(tempoCount, tempi.length);
    if (n < 2) {
      return Double.NaN;
    }
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += tempi[i] / n;
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += (tempi[i] - mean) * (tempi[i] - mean);
    }
    return 100 * Math.sqrt(sum / (n - 1)) / tempoBpm();
  }

  /** Mean velocity; NaN without onsets. */
  public double velocityMean() {
    return onsets == 0 ? Double.NaN : velocitySum / onsets;
  }

  /** Softest velocity, 0 without onsets. */
  public int velocityMin() {
    return onsets == 0 ? 0 : velocityMin;
  }

  /** Loudest velocity, 0 without onsets. */
  public int velocityMax() {
    return onsets == 0 ? 0 : velocityMax;
  }

  /** Lowest pitch played, -1 if none (hits are not pitches). */
  public int lowestPitch() {
    return lowest == Integer.MAX_VALUE ? -1 : lowest;
  }

  /** Highest pitch played, -1 if none. */
  public int highestPitch() {
    return highest == Integer.MIN_VALUE ? -1 : highest;
  }
}
