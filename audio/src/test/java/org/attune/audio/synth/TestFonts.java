package org.attune.audio.synth;

import java.util.ArrayList;
import java.util.List;
import org.attune.audio.sf2.Envelope;
import org.attune.audio.sf2.LoopMode;
import org.attune.audio.sf2.Preset;
import org.attune.audio.sf2.Region;
import org.attune.audio.sf2.SoundFont;

/**
 * SoundFonts built in memory from samples of known waveform, so that the tests know exactly what
 * the player must produce: the pitch, the level, where the loop lies.
 */
public final class TestFonts {

  /** At or above this cutoff the player's low-pass is off. */
  public static final float FILTER_OFF_HZ = 20_000f;

  /** Peak of the test samples, in 16-bit units: about -6 dBFS. */
  public static final int PEAK = 16_384;

  /** No delay, an attack of one frame, full sustain, a 10 ms release. */
  public static final Envelope ORGAN = new Envelope(0, 0, 0, 0.001, 1.0, 0.01, 0, 0);

  private TestFonts() {}

  /** {@code frames} frames of a sine of {@code hz} at {@code sampleRate}, peak {@link #PEAK}. */
  public static short[] sine(double hz, int sampleRate, int frames) {
    return tone(hz, sampleRate, frames, 0);
  }

  /**
   * {@code frames} frames of a cosine: it starts at full amplitude, so a note of it begins with a
   * step on its first frame, an onset to the sample.
   */
  public static short[] cosine(double hz, int sampleRate, int frames) {
    return tone(hz, sampleRate, frames, Math.PI / 2);
  }

  private static short[] tone(double hz, int sampleRate, int frames, double phase) {
    short[] out = new short[frames];
    for (int i = 0; i < frames; i++) {
      out[i] = (short) Math.round(PEAK * Math.sin(2 * Math.PI * hz * i / sampleRate + phase));
    }
    return out;
  }

  /** 16-bit frames as the floats a {@link SoundFont}'s pool holds. */
  public static float[] floats(short[] pcm) {
    float[] out = new float[pcm.length];
    for (int i = 0; i < pcm.length; i++) {
      out[i] = pcm[i];
    }
    return out;
  }

  /** The frames of {@code parts}, one after another. */
  public static short[] pool(short[]... parts) {
    int n = 0;
    for (short[] p : parts) {
      n += p.length;
    }
    short[] out = new short[n];
    int at = 0;
    for (short[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /** A region of every key and velocity, unattenuated, centred, default velocity modulation. */
  public static Region region(
      int start,
      int end,
      int loopStart,
      int loopEnd,
      LoopMode mode,
      int rootKey,
      int sampleRate,
      Envelope envelope) {
    return region(
        start, end, loopStart, loopEnd, mode, rootKey, sampleRate, envelope, FILTER_OFF_HZ, 0);
  }

  /** As {@link #region(int, int, int, int, LoopMode, int, int, Envelope)}, filtered and classed. */
  public static Region region(
      int start,
      int end,
      int loopStart,
      int loopEnd,
      LoopMode mode,
      int rootKey,
      int sampleRate,
      Envelope envelope,
      float cutoffHz,
      int exclusiveClass) {
    return new Region(
        0,
        127,
        0,
        127,
        start,
        end,
        loopStart,
        loopEnd,
        mode,
        rootKey,
        0,
        100,
        sampleRate,
        0f,
        0f,
        envelope,
        cutoffHz,
        0f,
        exclusiveClass,
        960f);
  }

  /** A font whose every preset, melodic (bank 0) and kit (bank 128), plays {@code regions}. */
  public static SoundFont font(short[] pcm, Region... regions) {
    return new SoundFont(
        "test",
        floats(pcm),
        List.of(
            new Preset("melodic", 0, 0, List.of(regions)),
            new Preset("kit", SoundFont.PERCUSSION_BANK, 0, List.of(regions))));
  }

  /**
   * A font with one preset per entry of {@code hz}: program {@code i} of bank 0 plays a looped sine
   * near {@code hz[i]} (a whole number of frames a period, so the loop is seamless) at 48 kHz, root
   * key 69; the kit plays the last of them.
   */
  public static SoundFont sines(Envelope envelope, double... hz) {
    List<short[]> parts = new ArrayList<>();
    List<Preset> presets = new ArrayList<>();
    int at = 0;
    for (int i = 0; i < hz.length; i++) {
      int period = (int) Math.round(48_000 / hz[i]);
      int frames = period * 200;
      parts.add(sine(48_000.0 / period, 48_000, frames));
      Region r =
          region(at, at + frames, at, at + frames, LoopMode.CONTINUOUS, 69, 48_000, envelope);
      presets.add(new Preset("sine " + hz[i], 0, i, List.of(r)));
      if (i == hz.length - 1) {
        presets.add(new Preset("kit", SoundFont.PERCUSSION_BANK, 0, List.of(r)));
      }
      at += frames;
    }
    return new SoundFont("sines", floats(pool(parts.toArray(new short[0][]))), presets);
  }
}
