package org.attune.audio.mix;

import java.util.Arrays;
import org.attune.audio.SampleClock;

/**
 * A look-ahead peak limiter for the master bus: stereo-linked, with a hard ceiling and no effect at
 * all below it.
 *
 * <p>Thirty members playing loudly sum to far more than full scale; a clipper would distort that
 * and a plain compressor would let the attack through. This limiter delays the signal by a short
 * look-ahead window and lowers the gain before a peak arrives, so that the peak leaves at the
 * ceiling. Per frame, for the louder of the two channels: the gain the frame needs ({@code ceiling
 * / peak}, or 1) goes into a sliding minimum over the look-ahead window plus one frame (Lemire's
 * monotonic wedge); the minimum rises back with a one-pole release but falls at once; a moving
 * average over the look-ahead window then turns each fall into a linear ramp down. Every value in
 * the average is at most the need of the frame now leaving the delay line, so the output never
 * exceeds the ceiling, and the gain changes by at most {@code 1 / lookAheadFrames} per frame. The
 * average runs on integers (gains in units of 2^-30, rounded down) so that it never drifts: below
 * the ceiling the gain is exactly 1 and the output is the input, delayed by {@link
 * #latencyFrames()}. Gains that limit are lowered by one part in 2^20 more, so that the float
 * rounding of the product cannot cross the ceiling.
 *
 * <p>Thread-safe: no (the render thread only). Realtime-safe: yes (buffers allocated at
 * construction).
 */
public final class Limiter {

  /** The default ceiling, -1 dBFS, which leaves room for the overshoot of lossy codecs. */
  public static final double DEFAULT_CEILING_DB = -1;

  /** The default look-ahead: 1 ms. */
  public static final int DEFAULT_LOOK_AHEAD_FRAMES = SampleClock.SAMPLE_RATE / 1000;

  /** The default release: the time constant with which the gain recovers after a peak. */
  public static final double DEFAULT_RELEASE_SECONDS = 0.06;

  private static final double MARGIN = 1 - 0x1p-20;
  private static final double UNIT = 0x1p30;
  private static final double SNAP = 1e-6;

  private final float ceiling;
  private final int lookAhead;
  private final double releaseCoefficient;

  private final float[] delayLeft;
  private final float[] delayRight;
  private int delayPosition;

  private final long[] wedgeFrame;
  private final double[] wedgeGain;
  private int wedgeHead;
  private int wedgeSize;
  private long frame;

  private double releasedGain = 1;

  private final long[] averaged;
  private int averagedPosition;
  private long averagedSum;

  /** A limiter with a -1 dBFS ceiling, 1 ms look-ahead and 60 ms release. */
  public Limiter() {
    this(DEFAULT_CEILING_DB, DEFAULT_LOOK_AHEAD_FRAMES, DEFAULT_RELEASE_SECONDS);
  }

  /**
   * A limiter with the given ceiling, look-ahead and release.
   *
   * @param ceilingDb the largest output magnitude, in dBFS, finite
   * @param lookAheadFrames the delay and the length of the gain's ramp down, 1 or more
   * @param releaseSeconds the time constant of the gain's recovery, more than 0
   */
  public Limiter(double ceilingDb, int lookAheadFrames, double releaseSeconds) {
    if (!Double.isFinite(ceilingDb)) {
      throw new IllegalArgumentException("ceiling must be finite: " + ceilingDb);
    }
    if (lookAheadFrames < 1) {
      throw new IllegalArgumentException("look-ahead must be at least 1 frame: " + lookAheadFrames);
    }
    if (!(releaseSeconds > 0)) {
      throw new IllegalArgumentException("release must be positive: " + releaseSeconds);
    }
    ceiling = (float) Decibels.toGain(ceilingDb);
    lookAhead = lookAheadFrames;
    releaseCoefficient = 1 - Math.exp(-1 / (releaseSeconds * SampleClock.SAMPLE_RATE));
    delayLeft = new float[lookAheadFrames];
    delayRight = new float[lookAheadFrames];
    wedgeFrame = new long[lookAheadFrames + 1];
    wedgeGain = new double[lookAheadFrames + 1];
    averaged = new long[lookAheadFrames];
    Arrays.fill(averaged, (long) UNIT);
    averagedSum = lookAheadFrames * (long) UNIT;
  }

  /** The ceiling as a linear magnitude: no output sample is larger. */
  public float ceiling() {
    return ceiling;
  }

  /** How many frames the output lags the input. */
  public int latencyFrames() {
    return lookAhead;
  }

  /**
   * Limits one stereo block. Input and output arrays may be the same.
   *
   * @param inLeft left input, at least {@code frames} long
   * @param inRight right input
   * @param outLeft left output, written
   * @param outRight right output, written
   * @param frames frames in the block
   */
  public void process(
      float[] inLeft, float[] inRight, float[] outLeft, float[] outRight, int frames) {
    for (int i = 0; i < frames; i++) {
      float l = inLeft[i];
      float r = inRight[i];
      double gain = gainFor(Math.max(Math.abs(l), Math.abs(r)));
      float delayedLeft = delayLeft[delayPosition];
      float delayedRight = delayRight[delayPosition];
      delayLeft[delayPosition] = l;
      delayRight[delayPosition] = r;
      delayPosition = delayPosition + 1 == lookAhead ? 0 : delayPosition + 1;
      outLeft[i] = (float) (delayedLeft * gain);
      outRight[i] = (float) (delayedRight * gain);
    }
  }

  /** Takes the next input frame's peak; returns the gain for the frame leaving the delay line. */
  private double gainFor(float peak) {
    double need = peak > ceiling ? ceiling / (double) peak * MARGIN : 1;
    pushNeed(need);
    double windowMinimum = wedgeGain[wedgeHead];
    double gap = windowMinimum - releasedGain;
    // A one-pole rise never quite arrives; snapping the last -120 dB lets the gain be exactly 1.
    releasedGain = gap < SNAP ? windowMinimum : releasedGain + gap * releaseCoefficient;
    long units = (long) Math.floor(releasedGain * UNIT);
    averagedSum += units - averaged[averagedPosition];
    averaged[averagedPosition] = units;
    averagedPosition = averagedPosition + 1 == lookAhead ? 0 : averagedPosition + 1;
    frame++;
    return averagedSum / (lookAhead * UNIT);
  }

  private void pushNeed(double need) {
    int capacity = wedgeGain.length;
    if (wedgeSize > 0 && wedgeFrame[wedgeHead] <= frame - capacity) {
      wedgeHead = (wedgeHead + 1) % capacity;
      wedgeSize--;
    }
    while (wedgeSize > 0 && wedgeGain[(wedgeHead + wedgeSize - 1) % capacity] >= need) {
      wedgeSize--;
    }
    int tail = (wedgeHead + wedgeSize) % capacity;
    wedgeFrame[tail] = frame;
    wedgeGain[tail] = need;
    wedgeSize++;
  }
}
