package org.attune.form;

import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Key;
import org.attune.protocol.v1.PadLayer;

/**
 * Maps a pad (a scale degree or chord tone) to a MIDI pitch in the current key, mode and chord, so
 * that everyone hears the same note and a member with no musical training always plays in key.
 *
 * <p>Degree 1 is the tonic (or the chord's root) in the octave of middle C (MIDI 60..71); degrees
 * past the scale continue an octave up, degree 0 and below go down.
 */
public final class PadMapping {

  public static final int MIN_DEGREE = -21;
  public static final int MAX_DEGREE = 35;
  private static final int MIDDLE_C = 60;

  private PadMapping() {}

  /** The pitch of pad {@code degree} in {@code layer}, at {@code beat} of {@code form}. */
  public static int pitch(FormState form, double beat, int degree, PadLayer layer) {
    Key key = form.getKey();
    if (layer == PadLayer.CHORD) {
      RomanChord chord = FormStates.chordAt(form, beat);
      int root = MIDDLE_C + key.getTonic() + chord.rootOffset(key);
      return step(root, chord.intervals(), degree);
    }
    return step(MIDDLE_C + key.getTonic(), Scales.table(key.getMode()), degree);
  }

  private static int step(int base, int[] intervals, int degree) {
    int n = degree - 1;
    int octave = Math.floorDiv(n, intervals.length);
    int pitch = base + 12 * octave + intervals[Math.floorMod(n, intervals.length)];
    // Out of MIDI range: fold by octaves, so that the pad still sounds in key.
    while (pitch > 127) {
      pitch -= 12;
    }
    while (pitch < 0) {
      pitch += 12;
    }
    return pitch;
  }
}
