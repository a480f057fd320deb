package org.attune.audio.builtin;

import java.util.Arrays;

/**
 * The one pool of 16-bit frames the built-in font plays from, filled sample by sample at startup.
 *
 * <p>Every sample is scaled to the same peak, so that regions balance loudness by attenuation
 * alone, and followed by {@link #GUARD_FRAMES} zero frames, as the SoundFont 2 specification
 * requires (section 7.10), so that an interpolating player may read past a sample's end.
 *
 * <p>Thread-safe: no (built on one thread, then handed over as an immutable font).
 */
final class SamplePool {

  /** Zero frames after each sample. */
  static final int GUARD_FRAMES = 46;

  /** The peak every sample is scaled to, as a fraction of full scale. */
  static final double PEAK = 0.9;

  private short[] frames = new short[1 << 20];
  private int size;

  /**
   * Appends {@code sample} scaled to {@link #PEAK} and returns the frame where it starts.
   *
   * @throws IllegalArgumentException if the sample is silent
   */
  int add(float[] sample) {
    double peak = 0;
    for (float v : sample) {
      peak = Math.max(peak, Math.abs(v));
    }
    if (peak == 0) {
      throw new IllegalArgumentException("a silent sample");
    }
    double scale = PEAK * Short.MAX_VALUE / peak;
    ensure(size + sample.length + GUARD_FRAMES);
    int start = size;
    for (float v : sample) {
      frames[size++] = (short) Math.round(v * scale);
    }
    size += GUARD_FRAMES;
    return start;
  }

  /** The frames appended so far, exactly, as the floats a {@code SoundFont} holds. */
  float[] toArray() {
    float[] out = new float[size];
    for (int i = 0; i < size; i++) {
      out[i] = frames[i];
    }
    return out;
  }

  private void ensure(int capacity) {
    if (capacity > frames.length) {
      frames = Arrays.copyOf(frames, Math.max(capacity, frames.length * 2));
    }
  }
}
