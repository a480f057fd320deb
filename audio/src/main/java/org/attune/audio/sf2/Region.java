package org.attune.audio.sf2;

/**
 * One playable zone of a preset, its generators resolved: for notes in a key and velocity range,
 * which part of the sample pool to play and how.
 *
 * <p>Sample positions are absolute frame indices into {@link SoundFont#pcm()}.
 *
 * @param loKey lowest MIDI key, inclusive
 * @param hiKey highest MIDI key, inclusive
 * @param loVel lowest velocity 0..127, inclusive
 * @param hiVel highest velocity, inclusive
 * @param start first frame played (with the start offsets applied)
 * @param end frame after the last one played
 * @param loopStart first frame of the loop
 * @param loopEnd frame after the last one of the loop
 * @param loopMode whether and how it loops
 * @param rootKey the key at which the sample sounds at its own pitch
 * @param tuneCents coarse and fine tune plus the sample's pitch correction, in cents
 * @param scaleTuningCents cents per key (100 normally; 0 plays every key at the root pitch)
 * @param sampleRate the sample's rate in Hz
 * @param attenuationDb initial attenuation, positive dB
 * @param pan -1 (left) .. 1 (right)
 * @param volume the volume envelope
 * @param filterCutoffHz the initial low-pass cutoff; at or above 20 kHz the filter is off
 * @param filterQDb the filter's resonance, dB above DC gain
 * @param exclusiveClass non-zero: a new note of this class in the same preset ends sounding ones (a
 *     closed hi-hat chokes the open one)
 * @param velocityAttenuationCb the amount of the velocity-to-attenuation modulator, centibels (960
 *     by the SoundFont default modulator; its concave curve maps velocity to attenuation)
 */
public record Region(
    int loKey,
    int hiKey,
    int loVel,
    int hiVel,
    int start,
    int end,
    int loopStart,
    int loopEnd,
    LoopMode loopMode,
    int rootKey,
    int tuneCents,
    int scaleTuningCents,
    int sampleRate,
    float attenuationDb,
    float pan,
    Envelope volume,
    float filterCutoffHz,
    float filterQDb,
    int exclusiveClass,
    float velocityAttenuationCb) {

  /** True if this region plays {@code key} at {@code velocity}. */
  public boolean matches(int key, int velocity) {
    return key >= loKey && key <= hiKey && velocity >= loVel && velocity <= hiVel;
  }
}
