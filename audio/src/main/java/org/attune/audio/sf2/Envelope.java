package org.attune.audio.sf2;

/**
 * A volume envelope, DAHDSR, in seconds and as a linear sustain level.
 *
 * @param delaySeconds silence before the attack
 * @param attackSeconds rise from 0 to full level (linear in amplitude)
 * @param holdSeconds full level before the decay
 * @param decaySeconds time to fall from full level to the sustain level (the SoundFont decay time
 *     is the time for a fall of 100 dB; the level falls exponentially, linearly in dB)
 * @param sustainLevel amplitude factor 0..1 held while the key is down
 * @param releaseSeconds time for a fall of 100 dB after the key is released
 * @param holdKeyCents change of hold time per key away from key 60, timecents per key ({@code
 *     keynumToVolEnvHold})
 * @param decayKeyCents likewise for the decay ({@code keynumToVolEnvDecay})
 */
public record Envelope(
    double delaySeconds,
    double attackSeconds,
    double holdSeconds,
    double decaySeconds,
    double sustainLevel,
    double releaseSeconds,
    double holdKeyCents,
    double decayKeyCents) {

  /** The SoundFont defaults: instant attack, full sustain, no release to speak of. */
  public static final Envelope DEFAULT = new Envelope(0.001, 0.001, 0.001, 0.001, 1.0, 0.001, 0, 0);
}
