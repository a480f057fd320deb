package org.attune.audio.sf2;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded SoundFont: one pool of 16-bit mono sample frames and the presets that play them.
 *
 * <p>The pool holds each 16-bit value as a float ({@code -32768..32767}, exactly): twice the memory
 * of the file's samples (FluidR3_GM's 74 million frames take 296 MB), for a render loop that reads
 * them without a conversion, the step that took most of its time.
 *
 * <p>Immutable once built (the pool is shared, never written); thread-safe.
 */
public final class SoundFont {

  /** Bank of General MIDI drum kits. */
  public static final int PERCUSSION_BANK = 128;

  private final String name;
  private final float[] pcm;
  private final List<Preset> presets;
  private final Map<Integer, Preset> byBankProgram = new HashMap<>();

  public SoundFont(String name, float[] pcm, List<Preset> presets) {
    this.name = name;
    this.pcm = pcm;
    this.presets = List.copyOf(presets);
    for (Preset p : this.presets) {
      byBankProgram.putIfAbsent(key(p.bank(), p.program()), p);
    }
  }

  public String name() {
    return name;
  }

  /** Every sample frame of the font: 16-bit signed values, held as floats. Not to be written. */
  public float[] pcm() {
    return pcm;
  }

  public List<Preset> presets() {
    return presets;
  }

  /** The preset at exactly this bank and program. */
  public Optional<Preset> preset(int bank, int program) {
    return Optional.ofNullable(byBankProgram.get(key(bank, program)));
  }

  /**
   * The preset to play a General MIDI program or kit with, as players do: the exact one, else bank
   * 0 (or for drums, kit 0 of bank 128), else the first preset of the font.
   */
  public Preset presetOrFallback(int bank, int program) {
    Preset p = byBankProgram.get(key(bank, program));
    if (p == null) {
      p =
          bank == PERCUSSION_BANK
              ? byBankProgram.get(key(PERCUSSION_BANK, 0))
              : byBankProgram.get(key(0, program));
    }
    if (p == null) {
      p = byBankProgram.get(key(0, 0));
    }
    return p != null ? p : presets.get(0);
  }

  private static int key(int bank, int program) {
    return bank * 128 + program;
  }

  @Override
  public String toString() {
    return "SoundFont[" + name + ", " + presets.size() + " presets, " + pcm.length + " frames]";
  }
}
