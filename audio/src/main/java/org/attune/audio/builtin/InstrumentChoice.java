package org.attune.audio.builtin;

import org.attune.audio.sf2.SoundFont;

/**
 * A General MIDI sound to play a member's instrument with: bank 0 and a program, or the drum kit
 * (bank 128, program 0).
 *
 * <p>Immutable; thread-safe.
 *
 * @param bank 0 for melodic programs, {@link SoundFont#PERCUSSION_BANK} for the drum kit
 * @param program 0..127
 * @param name the General MIDI name of the program or kit
 */
public record InstrumentChoice(int bank, int program, String name) {

  public InstrumentChoice {
    if (program < 0 || program > 127) {
      throw new IllegalArgumentException("program " + program + " is outside 0..127");
    }
  }

  /** True for the drum kit, whose keys select drums rather than pitches. */
  public boolean isPercussion() {
    return bank == SoundFont.PERCUSSION_BANK;
  }
}
