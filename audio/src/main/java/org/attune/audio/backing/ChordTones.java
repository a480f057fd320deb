package org.attune.audio.backing;

import org.attune.form.RomanChord;
import org.attune.form.Scales;
import org.attune.protocol.v1.Key;

/**
 * One chord of a key resolved to MIDI keys: the bass's notes in the low octave (root from E1 up to
 * D#2, so that its fifth, sixth and octave stay at or below E3) and a close voicing around middle C
 * for the pad and the comping.
 *
 * <p>Thread-safe: yes (immutable after construction).
 */
final class ChordTones {

  /** E1: the bottom of a four-string bass, where every root is placed at or above. */
  static final int LOWEST_BASS = 28;

  /** F3: the lowest root of the voicing, which then fits between F3 and F5. */
  static final int LOWEST_VOICING_ROOT = 53;

  /** Indexed by role, {@link GroovePattern#ROOT} to {@link GroovePattern#OCTAVE}. */
  private final int[] bass;

  private final int[] voicing;
  final int rootPitchClass;

  private ChordTones(int rootPitchClass, int[] bass, int[] voicing) {
    this.rootPitchClass = rootPitchClass;
    this.bass = bass;
    this.voicing = voicing;
  }

  /**
   * {@code chord} in {@code key}. The sixth and the seventh, when the chord has none of its own,
   * come from the key's scale above the root, so that a walking or boogie line stays in the mode.
   */
  static ChordTones of(RomanChord chord, Key key) {
    int rootPc = chord.rootPitchClass(key);
    int[] intervals = chord.intervals();
    int[] scale = Scales.intervals(Scales.harmonicParent(key.getMode()));
    int rootInScale = Math.floorMod(rootPc - key.getTonic(), 12);
    int sixth = scaleStep(scale, rootInScale, 8, 9, 9);
    int seventh = intervals.length > 3 ? intervals[3] : scaleStep(scale, rootInScale, 10, 11, 10);
    int root = LOWEST_BASS + Math.floorMod(rootPc - LOWEST_BASS, 12);
    int[] bass = {
      root, root + intervals[1], root + intervals[2], root + sixth, root + seventh, root + 12
    };
    int voicingRoot = LOWEST_VOICING_ROOT + Math.floorMod(rootPc - LOWEST_VOICING_ROOT, 12);
    int[] voicing = new int[intervals.length];
    for (int i = 0; i < intervals.length; i++) {
      voicing[i] = voicingRoot + intervals[i];
    }
    return new ChordTones(rootPc, bass, voicing);
  }

  /**
   * The interval above the root, {@code low} or {@code high}, that the scale has; else {@code
   * fallback}.
   */
  private static int scaleStep(int[] scale, int rootInScale, int low, int high, int fallback) {
    boolean hasLow = false;
    boolean hasHigh = false;
    for (int step : scale) {
      int above = Math.floorMod(step - rootInScale, 12);
      hasLow |= above == low;
      hasHigh |= above == high;
    }
    return hasHigh ? high : hasLow ? low : fallback;
  }

  /** The bass key for {@code role}. */
  int bass(int role) {
    return bass[role];
  }

  int voicingSize() {
    return voicing.length;
  }

  int voicing(int i) {
    return voicing[i];
  }
}
