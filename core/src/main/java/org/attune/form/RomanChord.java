package org.attune.form;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attune.protocol.v1.Key;

/**
 * A chord written as a Roman numeral relative to the key: {@code I}, {@code iv}, {@code V7}, {@code
 * bVII}, {@code vii°}.
 *
 * <p>The numeral names a degree of the key's mode (of its {@linkplain Scales#harmonicParent
 * harmonic parent} for pentatonic and blues), so {@code IV} in D dorian is G; a leading {@code b}
 * or {@code #} alters the root. Upper case is a major triad, lower case minor; {@code °} or {@code
 * dim} diminished, {@code +} augmented; {@code 7} adds the seventh.
 */
public record RomanChord(
    String symbol, int accidental, int degree, Quality quality, Seventh seventh) {

  /** The triad's quality. */
  public enum Quality {
    MAJOR(0, 4, 7),
    MINOR(0, 3, 7),
    DIMINISHED(0, 3, 6),
    AUGMENTED(0, 4, 8);

    private final int[] triad;

    Quality(int... triad) {
      this.triad = triad;
    }
  }

  /** Which seventh, if any, is added. */
  public enum Seventh {
    NONE(-1),
    MINOR(10),
    MAJOR(11),
    DIMINISHED(9);

    private final int interval;

    Seventh(int interval) {
      this.interval = interval;
    }
  }

  private static final Pattern SYNTAX =
      Pattern.compile(
          "([b#]?)(VII|VI|V|IV|III|II|I|vii|vi|v|iv|iii|ii|i)(maj7|M7|7|°7|o7|dim7|ø7|ø|°|o|dim|\\+|aug)?");
  private static final String[] NUMERALS = {"I", "II", "III", "IV", "V", "VI", "VII"};

  /**
   * Parses a Roman-numeral chord.
   *
   * @throws IllegalArgumentException with a readable reason if it is not one
   */
  public static RomanChord parse(String symbol) {
    Matcher m = SYNTAX.matcher(symbol.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a Roman-numeral chord: \"" + symbol + "\" (try I, IV, V7, ii, vi, bVII)");
    }
    int accidental = m.group(1).isEmpty() ? 0 : m.group(1).equals("b") ? -1 : 1;
    String numeral = m.group(2);
    int degree = java.util.Arrays.asList(NUMERALS).indexOf(numeral.toUpperCase()) + 1;
    boolean upper = Character.isUpperCase(numeral.charAt(0));
    String suffix = m.group(3) == null ? "" : m.group(3);
    Quality quality = upper ? Quality.MAJOR : Quality.MINOR;
    Seventh seventh = Seventh.NONE;
    switch (suffix) {
      case "7" -> seventh = Seventh.MINOR;
      case "maj7", "M7" -> seventh = Seventh.MAJOR;
      case "°", "o", "dim" -> quality = Quality.DIMINISHED;
      case "°7", "o7", "dim7" -> {
        quality = Quality.DIMINISHED;
        seventh = Seventh.DIMINISHED;
      }
      case "ø", "ø7" -> {
        quality = Quality.DIMINISHED;
        seventh = Seventh.MINOR;
      }
      case "+", "aug" -> quality = Quality.AUGMENTED;
      default -> {}
    }
    return new RomanChord(symbol.trim(), accidental, degree, quality, seventh);
  }

  /** The home chord of a key: {@code I} in major modes, {@code i} in minor ones. */
  public static RomanChord tonic(Key key) {
    return parse(Scales.isMinor(key.getMode()) ? "i" : "I");
  }

  /** Semitones from the key's tonic up to this chord's root, 0..11. */
  public int rootOffset(Key key) {
    int[] scale = Scales.table(Scales.harmonicParent(key.getMode()));
    return Math.floorMod(scale[degree - 1] + accidental, 12);
  }

  /** Pitch class of the root, 0..11. */
  public int rootPitchClass(Key key) {
    return Math.floorMod(key.getTonic() + rootOffset(key), 12);
  }

  /** The chord's tones as semitones above its root, ascending: three or four of them. */
  public int[] intervals() {
    int[] triad = quality.triad;
    if (seventh == Seventh.NONE) {
      return triad.clone();
    }
    return new int[] {triad[0], triad[1], triad[2], seventh.interval};
  }

  /** A readable name in the key, e.g. "G" or "Dm7". */
  public String nameIn(Key key) {
    String root = Scales.noteName(rootPitchClass(key));
    String q =
        switch (quality) {
          case MAJOR -> "";
          case MINOR -> "m";
          case DIMINISHED -> seventh == Seventh.MINOR ? "m7b5" : "dim";
          case AUGMENTED -> "aug";
        };
    String s =
        switch (seventh) {
          case NONE -> "";
          case MINOR -> quality == Quality.DIMINISHED ? "" : "7";
          case MAJOR -> "maj7";
          case DIMINISHED -> "7";
        };
    return root + q + s;
  }
}
