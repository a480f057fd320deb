package org.attune.audio.builtin;

/**
 * A struck tone by two-operator frequency modulation, after John Chowning, "The Synthesis of
 * Complex Audio Spectra by Means of Frequency Modulation" (JAES 21(7), 1973): a sine carrier whose
 * phase a sine modulator bends, the modulation index falling faster than the level so that the
 * strike is bright and the ring pure.
 *
 * <p>A modulator at a whole multiple of the carrier keeps the spectrum harmonic: 1 gives every
 * harmonic (an electric piano's tine), 4 the odd ones around a strong fundamental (a mallet on a
 * bar).
 *
 * <p>Thread-safe: yes (pure functions).
 */
final class FmTone {

  /**
   * The shape of a struck tone.
   *
   * @param ratio modulator frequency over carrier frequency
   * @param strikeIndex modulation index at the strike
   * @param ringIndex modulation index it falls to
   * @param indexSeconds time constant of the index's fall
   * @param decaySeconds time for the level to fall 60 dB at key 60
   * @param decayHalvingKeys keys upwards over which the decay time halves
   */
  record Strike(
      double ratio,
      double strikeIndex,
      double ringIndex,
      double indexSeconds,
      double decaySeconds,
      double decayHalvingKeys) {}

  /** Low notes would ring for many seconds; past this they are cut, faded, to save memory. */
  private static final double LONGEST_SECONDS = 2.5;

  private FmTone() {}

  /** The tone of {@code strike} at MIDI {@code key}, rung out to -60 dB. */
  static float[] strike(Strike strike, int key) {
    double frequency = Synthesis.keyFrequency(key);
    double decay =
        Math.min(
            LONGEST_SECONDS,
            strike.decaySeconds() * StrictMath.pow(0.5, (key - 60) / strike.decayHalvingKeys()));
    // The modulator's upper sidebands alias above Nyquist on the highest notes: tame the index.
    double indexScale = Math.min(1, 2000 / frequency);
    float[] out = new float[Synthesis.frames(decay)];
    double carrier = frequency / Synthesis.RATE;
    double modulator = carrier * strike.ratio();
    double levelPerFrame = StrictMath.exp(StrictMath.log(1e-3) / out.length);
    double indexPerFrame = Synthesis.decayPerFrame(strike.indexSeconds());
    double level = 1;
    double index = strike.strikeIndex() - strike.ringIndex();
    for (int i = 0; i < out.length; i++) {
      double bend = (strike.ringIndex() + index) * indexScale * Synthesis.sine(modulator * i);
      out[i] = (float) (level * Synthesis.sine(carrier * i + bend / (2 * Math.PI)));
      level *= levelPerFrame;
      index *= indexPerFrame;
    }
    Synthesis.fadeIn(out, 0.0015);
    return Synthesis.fadeOut(out, 0.02);
  }
}
