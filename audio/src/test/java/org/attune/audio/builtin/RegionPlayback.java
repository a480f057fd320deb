package org.attune.audio.builtin;

import org.attune.audio.SampleClock;
import org.attune.audio.sf2.LoopMode;
import org.attune.audio.sf2.Region;

/**
 * A minimal reader of a region for tests, independent of the engine's player: the pitch ratio a
 * SoundFont player derives from root key, scale tuning, tune and sample rate, linear interpolation,
 * the loop followed if the region loops. No envelope, no attenuation.
 */
final class RegionPlayback {

  private RegionPlayback() {}

  /** The playback rate of {@code region} for {@code key}, in sample frames per output frame. */
  static double ratio(Region region, int key) {
    double cents = (key - region.rootKey()) * region.scaleTuningCents() + region.tuneCents();
    return Math.pow(2, cents / 1200) * region.sampleRate() / SampleClock.SAMPLE_RATE;
  }

  /** {@code frames} output frames of {@code key} on {@code region}, full scale 1.0. */
  static double[] play(float[] pcm, Region region, int key, int frames) {
    double step = ratio(region, key);
    double[] out = new double[frames];
    double pos = region.start();
    boolean loops = region.loopMode() != LoopMode.NONE;
    for (int i = 0; i < frames; i++) {
      if (loops) {
        while (pos >= region.loopEnd()) {
          pos -= region.loopEnd() - region.loopStart();
        }
      } else if (pos >= region.end() - 1) {
        break;
      }
      int at = (int) pos;
      double frac = pos - at;
      int next = loops && at + 1 == region.loopEnd() ? region.loopStart() : at + 1;
      out[i] = (pcm[at] + frac * (pcm[next] - pcm[at])) / 32768.0;
      pos += step;
    }
    return out;
  }

  /** The raw frames of {@code region}'s sample, full scale 1.0. */
  static double[] sample(float[] pcm, Region region) {
    double[] out = new double[region.end() - region.start()];
    for (int i = 0; i < out.length; i++) {
      out[i] = pcm[region.start() + i] / 32768.0;
    }
    return out;
  }

  /** RMS of {@code x[from..to)}, in dB relative to full scale. */
  static double rmsDb(double[] x, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += x[i] * x[i];
    }
    return 10 * Math.log10(sum / (to - from) + 1e-20);
  }
}
