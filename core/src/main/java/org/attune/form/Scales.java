package org.attune.form;

import org.attune.protocol.v1.Mode;

/**
 * The scale of each mode, as semitones above the tonic.
 *
 * <p>Pentatonic and blues scales have no diatonic chords of their own; {@link #harmonicParent}
 * gives the seven-note mode whose triads accompany them (major for major pentatonic, natural minor
 * for minor pentatonic and blues).
 */
public final class Scales {

  private static final int[] IONIAN = {0, 2, 4, 5, 7, 9, 11};
  private static final int[] DORIAN = {0, 2, 3, 5, 7, 9, 10};
  private static final int[] PHRYGIAN = {0, 1, 3, 5, 7, 8, 10};
  private static final int[] LYDIAN = {0, 2, 4, 6, 7, 9, 11};
  private static final int[] MIXOLYDIAN = {0, 2, 4, 5, 7, 9, 10};
  private static final int[] AEOLIAN = {0, 2, 3, 5, 7, 8, 10};
  private static final int[] LOCRIAN = {0, 1, 3, 5, 6, 8, 10};
  private static final int[] HARMONIC_MINOR = {0, 2, 3, 5, 7, 8, 11};
  private static final int[] MAJOR_PENTATONIC = {0, 2, 4, 7, 9};
  private static final int[] MINOR_PENTATONIC = {0, 3, 5, 7, 10};
  private static final int[] BLUES = {0, 3, 5, 6, 7, 10};

  private Scales() {}

  /** Semitones above the tonic of each scale degree, ascending, starting with 0. A copy. */
  public static int[] intervals(Mode mode) {
    return table(mode).clone();
  }

  static int[] table(Mode mode) {
    return switch (mode) {
      case MAJOR, IONIAN -> IONIAN;
      case NATURAL_MINOR, AEOLIAN -> AEOLIAN;
      case DORIAN -> DORIAN;
      case PHRYGIAN -> PHRYGIAN;
      case LYDIAN -> LYDIAN;
      case MIXOLYDIAN -> MIXOLYDIAN;
      case LOCRIAN -> LOCRIAN;
      case HARMONIC_MINOR -> HARMONIC_MINOR;
      case MAJOR_PENTATONIC -> MAJOR_PENTATONIC;
      case MINOR_PENTATONIC -> MINOR_PENTATONIC;
      case BLUES -> BLUES;
      case UNRECOGNIZED -> throw new IllegalArgumentException("unknown mode");
    };
  }

  /** The seven-note mode whose scale degrees Roman numerals refer to in {@code mode}. */
  public static Mode harmonicParent(Mode mode) {
    return switch (mode) {
      case MAJOR_PENTATONIC -> Mode.MAJOR;
      case MINOR_PENTATONIC, BLUES -> Mode.NATURAL_MINOR;
      default -> mode;
    };
  }

  /** True if the mode's third is minor (its home chord is a minor triad). */
  public static boolean isMinor(Mode mode) {
    return table(harmonicParent(mode))[2] == 3;
  }

  /** Pitch class 0..11 of a note name such as "C", "F#", "Bb" (case-insensitive). */
  public static int pitchClass(String name) {
    String n = name.trim();
    if (n.isEmpty()) {
      throw new IllegalArgumentException("empty note name");
    }
    int pc =
        switch (Character.toUpperCase(n.charAt(0))) {
          case 'C' -> 0;
          case 'D' -> 2;
          case 'E' -> 4;
          case 'F' -> 5;
          case 'G' -> 7;
          case 'A' -> 9;
          case 'B' -> 11;
          default -> throw new IllegalArgumentException("not a note name: " + name);
        };
    for (char accidental : n.substring(1).toCharArray()) {
      switch (accidental) {
        case '#', '♯' -> pc++;
        case 'b', '♭' -> pc--;
        default -> throw new IllegalArgumentException("not a note name: " + name);
      }
    }
    return Math.floorMod(pc, 12);
  }

  private static final String[] NAMES = {
    "C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"
  };

  /** A readable name for pitch class {@code pc}. */
  public static String noteName(int pc) {
    return NAMES[Math.floorMod(pc, 12)];
  }
}
