package org.attune.audio.synth;

import java.util.Arrays;

/**
 * Low-pass filters shared by the voices of a strip that have the same cutoff and Q: each such voice
 * adds its panned, enveloped sample into the filter's input, and the filter runs once per block for
 * all of them.
 *
 * <p>The filter is linear and time-invariant, so filtering the sum is filtering each voice, but for
 * where the voice's gain is applied: before the filter here, after it in a per-voice filter; within
 * a block's gain ramp the difference is inaudible. A region's filter does not move (there is no
 * filter envelope), so the voices of one instrument on one strip share one filter, and its cost no
 * longer grows with the number of notes: a SoundFont whose instruments are all filtered (TimGM6mb
 * filters nearly every one) renders about as fast as an unfiltered one. When every slot of a strip
 * is taken, a voice filters itself.
 *
 * <p>Thread-safe: no; owned by the {@link Synthesizer} on the render thread. Realtime-safe: yes,
 * but the constructor.
 */
final class StripFilters {

  /** Filters per strip: distinct cutoff and Q pairs sounding at once on one strip. */
  static final int PER_STRIP = 8;

  /** Blocks a filter keeps running after its last voice, for its own tail to ring out. */
  private static final int RING_OUT_BLOCKS = 16;

  private final LowPassFilter[] left;
  private final LowPassFilter[] right;
  private final float[] cutoff;
  private final float[] q;
  private final int[] voices;
  private final int[] idleBlocks;
  private final boolean[] inUse;
  private final float[][] inLeft;
  private final float[][] inRight;

  StripFilters(int strips, int blockFrames) {
    int n = strips * PER_STRIP;
    left = new LowPassFilter[n];
    right = new LowPassFilter[n];
    for (int i = 0; i < n; i++) {
      left[i] = new LowPassFilter();
      right[i] = new LowPassFilter();
    }
    cutoff = new float[n];
    q = new float[n];
    voices = new int[n];
    idleBlocks = new int[n];
    inUse = new boolean[n];
    inLeft = new float[n][blockFrames];
    inRight = new float[n][blockFrames];
  }

  /**
   * A filter of the strip at this cutoff and Q for one more voice, or -1 if the strip has none
   * free. The filter must be on ({@link LowPassFilter#configure} true) at these values.
   */
  int acquire(int strip, float cutoffHz, float qDb) {
    int free = -1;
    for (int i = strip * PER_STRIP; i < (strip + 1) * PER_STRIP; i++) {
      if (inUse[i] && cutoff[i] == cutoffHz && q[i] == qDb) {
        voices[i]++;
        idleBlocks[i] = 0;
        return i;
      }
      if (!inUse[i] && free < 0) {
        free = i;
      }
    }
    if (free >= 0) {
      inUse[free] = true;
      cutoff[free] = cutoffHz;
      q[free] = qDb;
      voices[free] = 1;
      idleBlocks[free] = 0;
      left[free].configure(cutoffHz, qDb);
      right[free].configure(cutoffHz, qDb);
    }
    return free;
  }

  /** A voice of filter {@code i} has ended. */
  void release(int i) {
    voices[i]--;
  }

  float[] inputLeft(int i) {
    return inLeft[i];
  }

  float[] inputRight(int i) {
    return inRight[i];
  }

  /** Clears the inputs of the filters in use, before the voices add into them. */
  void beginBlock(int frames) {
    for (int i = 0; i < inUse.length; i++) {
      if (inUse[i]) {
        Arrays.fill(inLeft[i], 0, frames, 0f);
        Arrays.fill(inRight[i], 0, frames, 0f);
      }
    }
  }

  /**
   * Runs every filter in use over its input and adds the result into its strip's buffers; a filter
   * whose voices are gone rings out for a few blocks and is then freed.
   */
  void endBlock(float[][] stripLeft, float[][] stripRight, boolean[] stripSounding, int frames) {
    for (int i = 0; i < inUse.length; i++) {
      if (!inUse[i]) {
        continue;
      }
      int strip = i / PER_STRIP;
      LowPassFilter.filterStereoInto(
          left[i], right[i], inLeft[i], inRight[i], stripLeft[strip], stripRight[strip], frames);
      stripSounding[strip] = true;
      if (voices[i] <= 0 && ++idleBlocks[i] > RING_OUT_BLOCKS) {
        inUse[i] = false;
      }
    }
  }

  /** Silences the strip's filters at once, tails and all; each is freed when its voices end. */
  void reset(int strip) {
    for (int i = strip * PER_STRIP; i < (strip + 1) * PER_STRIP; i++) {
      left[i].clear();
      right[i].clear();
      idleBlocks[i] = RING_OUT_BLOCKS;
    }
  }
}
