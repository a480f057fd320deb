package org.attune.form;

import org.attune.text.DisplayText;

/**
 * The bounds of the form a facilitator may set, defined once for everyone who checks them: the
 * console's parser ({@code FacilitatorCommandParser}, which the OSC gateway speaks too), the
 * server's planner, which checks every command whatever sent it, and the pages and tools that offer
 * the choices. Each value is accepted up to and including the bound, refused one past it. The tempo
 * lives with the tempo map ({@link org.attune.clock.TempoMap#MIN_BPM}, {@link
 * org.attune.clock.TempoMap#MAX_BPM}).
 *
 * <p>Error sentences are built from these constants, never from a literal, so that a changed bound
 * changes what people read.
 *
 * <p>Pure; thread-safe.
 */
public final class FormLimits {

  /**
   * The longest section or groove name, in characters ({@link DisplayText#length}): a label for a
   * tablet's screen and the console's timeline ("A", "Coda", "bossa nova"), not a text.
   */
  public static final int MAX_LABEL_CHARS = 32;

  /** The fewest beats in a bar. */
  public static final int MIN_BEATS_PER_BAR = 1;

  /**
   * The most beats in a bar: 16 covers compound and additive meters (12/8, 7/4, 15/16); a longer
   * cycle is written as a phrase of shorter bars.
   */
  public static final int MAX_BEATS_PER_BAR = 16;

  /**
   * The note values a beat may have, as the meter's lower number: half, quarter, eighth, sixteenth.
   */
  private static final int[] BEAT_UNITS = {2, 4, 8, 16};

  /** The fewest bars in a phrase. */
  public static final int MIN_PHRASE_BARS = 1;

  /**
   * The most bars in a phrase: 64 bars is a long song form; a change quantized to the next phrase
   * of a longer one might wait minutes, longer than a facilitator means to.
   */
  public static final int MAX_PHRASE_BARS = 64;

  /** The fewest chords in a progression. */
  public static final int MIN_CHORDS = 1;

  /**
   * The most chords in a progression, one a bar: 16 holds a twelve-bar blues or a sixteen-bar song
   * form and keeps the progression's place in every snapshot small.
   */
  public static final int MAX_CHORDS = 16;

  /**
   * The longest tempo or dynamics ramp, in beats: 256 beats is two minutes at 128 BPM; a longer one
   * is more likely a slip of the keyboard than an accelerando or a crescendo anyone means.
   */
  public static final double MAX_RAMP_BEATS = 256;

  /** The highest pitch class a key's tonic may have: 0 is C, 11 is B. */
  public static final int MAX_PITCH_CLASS = 11;

  private FormLimits() {}

  /** True if {@code beats} may be a bar's number of beats. */
  public static boolean isBeatsPerBar(int beats) {
    return beats >= MIN_BEATS_PER_BAR && beats <= MAX_BEATS_PER_BAR;
  }

  /** True if {@code unit} may be a meter's beat unit ({@link #beatUnitsInWords}). */
  public static boolean isBeatUnit(int unit) {
    for (int u : BEAT_UNITS) {
      if (u == unit) {
        return true;
      }
    }
    return false;
  }

  /** The beat units for sentences: "2, 4, 8 or 16". */
  public static String beatUnitsInWords() {
    StringBuilder words = new StringBuilder();
    for (int i = 0; i < BEAT_UNITS.length; i++) {
      if (i > 0) {
        words.append(i == BEAT_UNITS.length - 1 ? " or " : ", ");
      }
      words.append(BEAT_UNITS[i]);
    }
    return words.toString();
  }

  /** True if {@code bars} may be a phrase's length. */
  public static boolean isPhraseBars(int bars) {
    return bars >= MIN_PHRASE_BARS && bars <= MAX_PHRASE_BARS;
  }

  /** True if a progression may have {@code count} chords. */
  public static boolean isChordCount(int count) {
    return count >= MIN_CHORDS && count <= MAX_CHORDS;
  }

  /** True if {@code beats} may be a ramp's length; 0 is no ramp (the change is at once). */
  public static boolean isRampBeats(double beats) {
    return beats >= 0 && beats <= MAX_RAMP_BEATS;
  }

  /** True if {@code pitchClass} may be a tonic. */
  public static boolean isPitchClass(int pitchClass) {
    return pitchClass >= 0 && pitchClass <= MAX_PITCH_CLASS;
  }

  /**
   * True if {@code label}, already stripped, may name a section or a groove: 1 to {@link
   * #MAX_LABEL_CHARS} printable characters.
   */
  public static boolean isLabel(String label) {
    return !label.isEmpty() && DisplayText.fits(label, MAX_LABEL_CHARS);
  }
}
