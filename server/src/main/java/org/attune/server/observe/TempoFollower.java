package org.attune.server.observe;

import java.util.Arrays;
import org.attune.clock.TempoMap;

/**
 * Follows one member's tempo, as a Nordoff-Robbins therapist matches a client's: from the member's
 * onsets it estimates the tempo the member plays and says when the group's tempo should move to it,
 * within the facilitator's bounds.
 *
 * <ul>
 *   <li><b>Intervals</b>: each interval between two onsets is read as the number of beats {@code k}
 *       (½, 1, 2, 3 or 4; one beat unless another is clearly nearer) that makes its tempo {@code 60
 *       k / seconds} closest to the tempo followed so far (the group's for the first three), so
 *       that eighths and half notes count as well as quarters; once three have counted, an interval
 *       more than {@link #MAX_STEP} away from the member's tempo either way is a pause or a stumble
 *       and is left out.
 *   <li><b>Smoothing</b>: the member's tempo is the median of the last {@link #WINDOW} intervals'.
 *   <li><b>Phase</b>: the group's beats are pulled towards the member's onsets: the mean distance
 *       of the member's on-beat onsets to the nearest beat (early: negative) speeds the group up or
 *       slows it down by up to {@link #MAX_PHASE_PULL}, so that following does not leave the group
 *       a constant fraction of a beat behind.
 *   <li><b>Changes</b>: a new tempo is proposed once it differs from the group's by more than
 *       {@link #DEAD_BAND}, at most once a beat; it is kept within the facilitator's bounds.
 * </ul>
 *
 * <p>Thread-safe: no; its group's loop. Allocation-free after construction.
 */
public final class TempoFollower {

  /** Intervals the member's tempo is the median of. */
  public static final int WINDOW = 5;

  /** The tempo moves when it is off by more than this fraction. */
  public static final double DEAD_BAND = 0.01;

  /** How far, as a fraction, one interval's tempo may lie from the tempo followed and count. */
  public static final double MAX_STEP = 0.35;

  /** The most the phase term changes the tempo, as a fraction. */
  public static final double MAX_PHASE_PULL = 0.03;

  /** Tempo change, as a fraction, per beat of mean distance between onsets and beats. */
  private static final double PHASE_GAIN = 0.2;

  private static final double[] BEATS_APART = {0.5, 1, 2, 3, 4};

  /**
   * How much nearer (in log tempo) another number of beats must bring an interval than one beat
   * does to be read so: a client 30% slower than the group plays slow quarters, not fast halves.
   */
  private static final double OTHER_THAN_A_BEAT = 0.1;

  private final String memberId;
  private final double minBpm;
  private final double maxBpm;
  private final double[] tempi = new double[WINDOW];
  private final double[] sorted = new double[WINDOW];
  private final double[] offsets = new double[WINDOW];
  private int count;
  private int offsetCount;
  private long lastMicros = Long.MIN_VALUE;
  private long lastChangeMicros = Long.MIN_VALUE;

  /**
   * @param memberId the member followed
   * @param minBpm the slowest tempo the group may be taken to
   * @param maxBpm the fastest
   */
  public TempoFollower(String memberId, double minBpm, double maxBpm) {
    if (!(minBpm >= TempoMap.MIN_BPM && maxBpm <= TempoMap.MAX_BPM && minBpm <= maxBpm)) {
      throw new IllegalArgumentException(
          "bounds must lie within " + TempoMap.MIN_BPM + ".." + TempoMap.MAX_BPM + " BPM");
    }
    this.memberId = memberId;
    this.minBpm = minBpm;
    this.maxBpm = maxBpm;
  }

  public String memberId() {
    return memberId;
  }

  public double minBpm() {
    return minBpm;
  }

  public double maxBpm() {
    return maxBpm;
  }

  /** The member's tempo as estimated now, in BPM; NaN until enough intervals counted. */
  public double memberBpm() {
    if (count < 3) {
      return Double.NaN;
    }
    int n = Math.min(count, WINDOW);
    System.arraycopy(tempi, 0, sorted, 0, n);
    Arrays.sort(sorted, 0, n);
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * Takes one onset of the member.
   *
   * @param micros when it was played, on the tempo map's clock
   * @param map the group's tempo map
   * @return the tempo the group should go to now, or NaN for none
   */
  public double onset(long micros, TempoMap map) {
    if (map.isHeldAt(micros)) {
      // A fermata: nobody's tempo is to be followed while the group holds.
      lastMicros = Long.MIN_VALUE;
      return Double.NaN;
    }
    double groupBpm = map.bpmAt(micros);
    long previous = lastMicros;
    lastMicros = micros;
    if (previous == Long.MIN_VALUE || micros <= previous) {
      return Double.NaN;
    }
    double followed = count >= 3 ? memberBpm() : groupBpm;
    double seconds = (micros - previous) / 1e6;
    double best = Double.NaN;
    double bestBeats = 0;
    double bestDistance = Double.MAX_VALUE;
    for (double k : BEATS_APART) {
      double bpm = 60 * k / seconds;
      double distance = Math.abs(Math.log(bpm / followed)) + (k == 1 ? 0 : OTHER_THAN_A_BEAT);
      if (distance < bestDistance) {
        best = bpm;
        bestBeats = k;
        bestDistance = distance;
      }
    }
    if (count >= 3 && Math.abs(Math.log(best / followed)) > Math.log1p(MAX_STEP)) {
      return Double.NaN;
    }
    tempi[count % WINDOW] = best;
    count++;
    if (bestBeats >= 1) {
      double beat = map.beatAt(micros);
      offsets[offsetCount % WINDOW] = beat - Math.rint(beat);
      offsetCount++;
    }
    if (count < 3) {
      return Double.NaN;
    }
    double target = memberBpm() * (1 - phasePull());
    target = Math.max(minBpm, Math.min(maxBpm, target));
    long beatMicros = (long) (60e6 / groupBpm);
    if (Math.abs(target / groupBpm - 1) <= DEAD_BAND
        || (lastChangeMicros != Long.MIN_VALUE && micros - lastChangeMicros < beatMicros)) {
      return Double.NaN;
    }
    lastChangeMicros = micros;
    return target;
  }

  /**
   * The fraction the phase term takes off the tempo: positive when the member plays late (its
   * onsets after the beats: the group waits for it), negative when early.
   */
  private double phasePull() {
    int n = Math.min(offsetCount, WINDOW);
    if (n == 0) {
      return 0;
    }
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += offsets[i] / n;
    }
    return Math.max(-MAX_PHASE_PULL, Math.min(MAX_PHASE_PULL, PHASE_GAIN * mean));
  }
}
