package org.attune.server.journal.export;

import org.attune.form.Scales;
import org.attune.protocol.v1.Key;
import org.attune.protocol.v1.Mode;

/**
 * A key as a Standard MIDI File key signature (meta event 0x59: sharps or flats, major or minor).
 *
 * <p>Major and minor keys (and the pentatonic and blues scales, by their major or minor third) are
 * written as themselves. A church mode has no MIDI key of its own: it is written with the signature
 * of its parent major scale, marked major (D dorian and E phrygian as C major), which gives the
 * right accidentals; the mode's own name goes in a text event beside it ({@link #describe}).
 *
 * <p>Thread-safe: yes (stateless).
 */
final class KeySignature {

  /** Sharps (positive) or flats (negative) of the major key on each pitch class, C to B. */
  private static final int[] MAJOR_SHARPS = {0, -5, 2, -3, 4, -1, 6, 1, -4, 3, -2, 5};

  private KeySignature() {}

  /** The two data bytes of the key signature meta event for {@code key}. */
  static byte[] data(Key key) {
    int tonic = Math.floorMod(key.getTonic(), 12);
    Mode mode = key.getMode();
    int majorOffset =
        switch (mode) {
          case MAJOR, IONIAN, MAJOR_PENTATONIC -> 0;
          case NATURAL_MINOR, AEOLIAN, MINOR_PENTATONIC, BLUES, HARMONIC_MINOR -> 3;
          case DORIAN -> -2;
          case PHRYGIAN -> -4;
          case LYDIAN -> -5;
          case MIXOLYDIAN -> -7;
          case LOCRIAN -> -11;
          case UNRECOGNIZED -> 0;
        };
    boolean minor =
        switch (mode) {
          case NATURAL_MINOR, AEOLIAN, MINOR_PENTATONIC, BLUES, HARMONIC_MINOR -> true;
          default -> false;
        };
    int sharps = MAJOR_SHARPS[Math.floorMod(tonic + majorOffset, 12)];
    return new byte[] {(byte) sharps, (byte) (minor ? 1 : 0)};
  }

  /** The key in words, e.g. "D dorian". */
  static String describe(Key key) {
    return Scales.noteName(key.getTonic())
        + " "
        + key.getMode().name().toLowerCase().replace('_', ' ');
  }
}
