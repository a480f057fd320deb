package org.attune.audio.builtin;

/**
 * How loud a sample is, so that regions can be attenuated to one reference loudness and every
 * instrument and drum balance at the same velocity.
 *
 * <p>Loudness is the RMS of a sustained sample's loop, or of a struck sample's first 150 ms (the
 * strike is what the ear weighs in a decaying note), measured on the sample as pooled, its peak at
 * {@link SamplePool#PEAK}.
 *
 * <p>Thread-safe: yes (pure functions).
 */
final class Loudness {

  /** The loudness every sample is attenuated down to: RMS of 0.05 of full scale, -26 dBFS. */
  static final double REFERENCE_RMS = 0.05;

  private static final double STRIKE_SECONDS = 0.15;

  private Loudness() {}

  /**
   * The attenuation in dB that brings {@code frames} to the reference loudness, or 0 if it is
   * already softer; {@code loopStart == loopEnd} for a sample that does not loop.
   */
  static float attenuationDb(float[] frames, int loopStart, int loopEnd) {
    boolean loops = loopEnd > loopStart;
    int from = loops ? loopStart : 0;
    int to = loops ? loopEnd : Math.min(frames.length, Synthesis.frames(STRIKE_SECONDS));
    double peak = 0;
    for (float v : frames) {
      peak = Math.max(peak, Math.abs(v));
    }
    double sum = 0;
    for (int i = from; i < to; i++) {
      double v = frames[i] / peak * SamplePool.PEAK;
      sum += v * v;
    }
    double rms = Math.sqrt(sum / (to - from));
    return (float) Math.max(0, 20 * Math.log10(rms / REFERENCE_RMS));
  }
}
