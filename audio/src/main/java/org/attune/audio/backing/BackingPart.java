package org.attune.audio.backing;

import java.util.Set;

/**
 * One instrument of the backing band, with the General MIDI bank and program it plays on.
 *
 * <p>Parts are switched on and off as a bit mask ({@link #bit()}), so that the render thread can
 * test them without touching a collection.
 *
 * <p>Thread-safe: yes (immutable).
 */
public enum BackingPart {
  /** A metronome on the drum kit: hi wood block on the downbeat, low wood block on other beats. */
  CLICK(128, 0, true),
  /** The groove's drum pattern on the standard GM kit. */
  DRUMS(128, 0, true),
  /** Fingered electric bass: chord roots, fifths and walking lines in a low octave. */
  BASS(0, 33, false),
  /** Warm pad: the chord held through each bar, voiced around middle C. */
  PAD(0, 89, false),
  /** Electric piano: the groove's chord rhythm. */
  COMPING(0, 4, false);

  /** Every part, as a mask. */
  public static final int ALL = (1 << values().length) - 1;

  private final int bank;
  private final int program;
  private final boolean percussion;

  BackingPart(int bank, int program, boolean percussion) {
    this.bank = bank;
    this.program = program;
    this.percussion = percussion;
  }

  /** The SoundFont bank: 128 is the percussion bank. */
  public int bank() {
    return bank;
  }

  /** The General MIDI program, counted from 0 as SoundFont presets are. */
  public int program() {
    return program;
  }

  /** True for the drum kit, whose notes are short hits rather than held pitches. */
  public boolean isPercussion() {
    return percussion;
  }

  /** This part's bit in a mask of parts. */
  public int bit() {
    return 1 << ordinal();
  }

  /** The mask of {@code parts}. */
  public static int mask(Set<BackingPart> parts) {
    int mask = 0;
    for (BackingPart part : parts) {
      mask |= part.bit();
    }
    return mask;
  }

  /** The mask of {@code parts}. */
  public static int mask(BackingPart... parts) {
    int mask = 0;
    for (BackingPart part : parts) {
      mask |= part.bit();
    }
    return mask;
  }
}
