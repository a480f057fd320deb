package org.attune.audio.sf2;

import java.util.List;

/**
 * A playable preset: a General MIDI program (bank 0) or drum kit (bank 128), with its regions.
 *
 * <p>Immutable; thread-safe.
 */
public record Preset(String name, int bank, int program, List<Region> regions) {

  public Preset {
    regions = List.copyOf(regions);
  }

  /**
   * Writes the regions that play {@code key} at {@code velocity} into {@code out} and returns how
   * many; at most {@code out.length}.
   *
   * <p>Realtime-safe: yes.
   */
  public int regionsFor(int key, int velocity, Region[] out) {
    int n = 0;
    for (int i = 0; i < regions.size() && n < out.length; i++) {
      Region r = regions.get(i);
      if (r.matches(key, velocity)) {
        out[n++] = r;
      }
    }
    return n;
  }
}
