package org.attune.audio.builtin;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.attune.audio.sf2.LoopMode;

/**
 * A synthesized instrument sound, sampled at root keys a few semitones apart so that a player
 * shifts no note's pitch by more than half the spacing: every General MIDI program is played by one
 * of these.
 *
 * <p>Thread-safe: yes (the constants are immutable; {@link #sample} is a pure function of the
 * timbre and writes only to the pool it is given).
 */
enum Timbre {

  /** A nylon-and-steel plucked string: Karplus-Strong, decaying on its own. */
  PLUCK(
      24,
      108,
      6,
      LoopMode.NONE,
      key -> {
        double decay = 4.0 * StrictMath.pow(0.5, (key - 40) / 24.0);
        return oneShot(
            PluckedString.pluck(
                Synthesis.keyFrequency(key),
                Math.min(decay, 2.5),
                decay,
                0.55,
                0.13,
                new Random(key)));
      }),

  /** A round electric bass: a darkly plucked string, low-passed a few harmonics up. */
  BASS(
      24,
      108,
      6,
      LoopMode.NONE,
      key -> {
        double f = Synthesis.keyFrequency(key);
        double decay = 3.5 * StrictMath.pow(0.5, Math.max(0, key - 48) / 18.0);
        float[] pluck =
            PluckedString.pluck(f, Math.min(2.0, decay), decay, 0.2, 0.2, new Random(1000 + key));
        return oneShot(Biquad.lowPass(Math.max(250, 5 * f), 0.6).apply(pluck));
      }),

  /** A bar struck by a mallet: FM with the modulator two octaves up, a quick bright strike. */
  MALLET(
      24,
      108,
      6,
      LoopMode.NONE,
      key -> oneShot(FmTone.strike(new FmTone.Strike(4, 2.2, 0.1, 0.02, 1.4, 24), key))),

  /** An electric piano's tine: FM at unit ratio, the brightness fading over a quarter second. */
  KEYS(
      24,
      108,
      6,
      LoopMode.NONE,
      key -> oneShot(FmTone.strike(new FmTone.Strike(1, 1.8, 0.35, 0.25, 2.4, 20), key))),

  /** Detuned low-passed saws, looped seamlessly. */
  PAD(24, 108, 12, LoopMode.CONTINUOUS, key -> looped(PeriodicTone.pad(key))),

  /** A drawbar organ, looped seamlessly. */
  ORGAN(24, 108, 6, LoopMode.CONTINUOUS, key -> looped(PeriodicTone.organ(key))),

  /** A bright lead for winds, brass and synth leads, looped seamlessly. */
  LEAD(24, 108, 12, LoopMode.CONTINUOUS, key -> looped(PeriodicTone.lead(key)));

  /**
   * One sample of a timbre in the pool, at its root key.
   *
   * @param start first frame in the pool
   * @param end frame after the last
   * @param loopStart first frame of the loop (equal to {@code loopEnd} when it does not loop)
   * @param loopEnd frame after the loop's last
   * @param attenuationDb what brings it to the font's reference loudness
   */
  record Note(
      int rootKey,
      int loKey,
      int hiKey,
      int tuneCents,
      int start,
      int end,
      int loopStart,
      int loopEnd,
      float attenuationDb) {}

  /** A synthesized sample before it joins the pool, loop points relative to its start. */
  record Synthesized(float[] frames, int loopStart, int loopEnd, int tuneCents) {}

  private final int lowestRoot;
  private final int highestRoot;
  private final int spacing;
  private final LoopMode loopMode;
  private final IntFunction<Synthesized> synthesis;

  Timbre(
      int lowestRoot,
      int highestRoot,
      int spacing,
      LoopMode loopMode,
      IntFunction<Synthesized> synthesis) {
    this.lowestRoot = lowestRoot;
    this.highestRoot = highestRoot;
    this.spacing = spacing;
    this.loopMode = loopMode;
    this.synthesis = synthesis;
  }

  LoopMode loopMode() {
    return loopMode;
  }

  /**
   * Synthesizes this timbre at each root key into {@code pool}: notes covering keys 0..127 between
   * them, each root sounding from {@code spacing / 2} keys below it to just under half the spacing
   * above.
   */
  List<Note> sample(SamplePool pool) {
    List<Note> notes = new ArrayList<>();
    for (int root = lowestRoot; root <= highestRoot; root += spacing) {
      int lo = root == lowestRoot ? 0 : root - spacing / 2;
      int hi = root + spacing > highestRoot ? 127 : root + spacing - spacing / 2 - 1;
      Synthesized s = synthesis.apply(root);
      int start = pool.add(s.frames());
      notes.add(
          new Note(
              root,
              lo,
              hi,
              s.tuneCents(),
              start,
              start + s.frames().length,
              start + s.loopStart(),
              start + s.loopEnd(),
              Loudness.attenuationDb(s.frames(), s.loopStart(), s.loopEnd())));
    }
    return notes;
  }

  private static Synthesized oneShot(float[] frames) {
    return new Synthesized(frames, 0, 0, 0);
  }

  private static Synthesized looped(PeriodicTone.Looped tone) {
    return new Synthesized(tone.frames(), 0, tone.loopFrames(), tone.tuneCents());
  }
}
