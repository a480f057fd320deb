package org.attune.audio.backing;

import java.util.Locale;

/**
 * A style of accompaniment: what the drums, the bass and the comping play on each beat of a bar.
 *
 * <p>Each groove writes one beat at a time knowing its place in the bar and the bar's length, so
 * that every pattern fits any meter: the downbeat and the middle of an even bar are the strong
 * beats, the odd beats are backbeats, and patterns that span four beats (the bossa clave, the
 * walking line) count the beats modulo four.
 *
 * <p>Thread-safe: yes (immutable).
 */
public enum Groove {
  /** Straight eighths: hi-hat eighths, kick on the strong beats, snare on the backbeats. */
  STRAIGHT {
    @Override
    void beat(int i, int n, PatternBuilder p) {
      p.drum(0, CLOSED_HAT, 72);
      p.drum(12, CLOSED_HAT, 56);
      if (strong(i, n)) {
        p.drum(0, KICK, 96);
      }
      if (backbeat(i)) {
        p.drum(0, SNARE, 90);
      }
      p.bass(0, strong(i, n) && i != 0 ? GroovePattern.FIFTH : GroovePattern.ROOT, 88, 22);
      p.comp(0, 60, 10);
    }
  },
  /** Rock: loud eighths, a pushed kick after the middle of the bar, an open hat to end it. */
  ROCK {
    @Override
    void beat(int i, int n, PatternBuilder p) {
      p.drum(0, CLOSED_HAT, 92);
      p.drum(12, i == n - 1 ? OPEN_HAT : CLOSED_HAT, 74);
      if (strong(i, n)) {
        p.drum(0, KICK, 112);
      }
      if (i == n / 2) {
        p.drum(12, KICK, 96);
      }
      if (backbeat(i)) {
        p.drum(0, SNARE, 116);
      }
      p.bass(0, GroovePattern.ROOT, 100, 10);
      p.bass(12, GroovePattern.ROOT, 84, 10);
      if (strong(i, n)) {
        p.comp(0, 84, 46);
      }
    }
  },
  /** Swing: the ride's "ding, ding-a" on swung (triplet) eighths, hi-hat foot on 2 and 4. */
  SWING {
    @Override
    void beat(int i, int n, PatternBuilder p) {
      p.drum(0, RIDE, backbeat(i) ? 84 : 70);
      if (backbeat(i)) {
        p.drum(SWUNG, RIDE, 60);
        p.drum(0, PEDAL_HAT, 70);
      }
      p.drum(0, KICK, 36);
      p.bass(0, WALK[i % 4], 86, 22);
      if (i % 4 == 0) {
        p.comp(0, 70, 8);
      } else if (i % 4 == 1) {
        p.comp(SWUNG, 66, 6);
      }
    }
  },
  /** Shuffle: triplet-feel eighths on the hi-hat and a boogie bass line, root-fifth-sixth-fifth. */
  SHUFFLE {
    @Override
    void beat(int i, int n, PatternBuilder p) {
      p.drum(0, CLOSED_HAT, 80);
      p.drum(SWUNG, CLOSED_HAT, 60);
      if (strong(i, n)) {
        p.drum(0, KICK, 100);
      }
      if (backbeat(i)) {
        p.drum(0, SNARE, 104);
      }
      p.bass(0, BOOGIE[i % 4], 92, 14);
      p.bass(SWUNG, BOOGIE[i % 4], 76, 7);
      p.comp(SWUNG, 62, 6);
    }
  },
  /** Waltz: oom-pah-pah, kick and bass on the first of every three beats, chords on the others. */
  WALTZ {
    @Override
    void beat(int i, int n, PatternBuilder p) {
      if (i % 3 == 0) {
        p.drum(0, KICK, 92);
        p.bass(0, i == 0 ? GroovePattern.ROOT : GroovePattern.FIFTH, 90, 22);
      } else {
        p.drum(0, CLOSED_HAT, 62);
        p.drum(0, SIDE_STICK, 54);
        p.comp(0, 66, 12);
      }
    }
  },
  /**
   * Bossa nova: the bossa clave on the rim, a dotted kick, root held and fifth pushed on the bass.
   */
  BOSSA {
    @Override
    void beat(int i, int n, PatternBuilder p) {
      p.drum(0, CLOSED_HAT, 58);
      p.drum(12, CLOSED_HAT, 46);
      if (i % 2 == 0) {
        p.drum(0, KICK, 80);
        p.bass(0, GroovePattern.ROOT, 86, 34);
      } else {
        p.drum(12, KICK, 70);
        p.bass(12, GroovePattern.FIFTH, 80, 10);
      }
      for (int tick : CLAVE[i % 4]) {
        p.drum(tick, SIDE_STICK, 76);
      }
      switch (i % 4) {
        case 0 -> p.comp(0, 64, 8);
        case 1, 2 -> p.comp(12, 60, 8);
        default -> {}
      }
    }
  },
  /** Ballad: quiet quarter-note hi-hat, side stick in the middle of the bar, bass in half notes. */
  BALLAD {
    @Override
    void beat(int i, int n, PatternBuilder p) {
      p.drum(0, CLOSED_HAT, 44);
      int half = Math.max(1, n / 2);
      if (i == 0) {
        p.drum(0, KICK, 64);
        p.bass(0, GroovePattern.ROOT, 76, half * GroovePattern.TICKS_PER_BEAT - 2);
        p.comp(0, 56, half * GroovePattern.TICKS_PER_BEAT - 2);
      } else if (i == half) {
        p.drum(0, SIDE_STICK, 60);
        p.bass(0, GroovePattern.FIFTH, 70, (n - half) * GroovePattern.TICKS_PER_BEAT - 2);
        p.comp(0, 52, (n - half) * GroovePattern.TICKS_PER_BEAT - 2);
      }
    }
  },
  /** March: snare eighths with a roll into the bar line, kick on every beat, bass oom-pah. */
  MARCH {
    @Override
    void beat(int i, int n, PatternBuilder p) {
      p.drum(0, SNARE, strong(i, n) ? 100 : 80);
      p.drum(12, SNARE, 56);
      if (i == n - 1) {
        p.drum(6, SNARE, 48);
        p.drum(18, SNARE, 52);
      }
      p.drum(0, KICK, strong(i, n) ? 100 : 76);
      p.bass(0, i % 2 == 0 ? GroovePattern.ROOT : GroovePattern.FIFTH, 94, 10);
      if (i % 2 == 1) {
        p.comp(0, 68, 8);
      }
    }
  };

  static final int KICK = 36;
  static final int SIDE_STICK = 37;
  static final int SNARE = 38;
  static final int CLOSED_HAT = 42;
  static final int PEDAL_HAT = 44;
  static final int OPEN_HAT = 46;
  static final int CRASH = 49;
  static final int RIDE = 51;

  /** The second eighth of a triplet-feel beat: two thirds of the way through it. */
  private static final int SWUNG = GroovePattern.TICKS_PER_BEAT * 2 / 3;

  private static final int[] WALK = {
    GroovePattern.ROOT, GroovePattern.THIRD, GroovePattern.FIFTH, GroovePattern.SIXTH
  };
  private static final int[] BOOGIE = {
    GroovePattern.ROOT, GroovePattern.FIFTH, GroovePattern.SIXTH, GroovePattern.FIFTH
  };

  /** The bossa clave over four beats in sixteenths (0, 3, 6, 10, 13), as ticks within each beat. */
  private static final int[][] CLAVE = {{0, 18}, {12}, {12}, {6}};

  /** Writes beat {@code i} (from 0) of a bar of {@code n} beats. */
  abstract void beat(int i, int n, PatternBuilder p);

  /**
   * The groove a form names, case and spaces aside ("Bossa Nova" is bossa); straight eighths for a
   * name it does not know, so that the band always plays something in time.
   */
  public static Groove named(String name) {
    String n =
        name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace(" ", "").replace("_", "");
    return switch (n) {
      case "rock" -> ROCK;
      case "swing", "jazz" -> SWING;
      case "shuffle", "blues" -> SHUFFLE;
      case "waltz" -> WALTZ;
      case "bossa", "bossanova" -> BOSSA;
      case "ballad" -> BALLAD;
      case "march" -> MARCH;
      default -> STRAIGHT;
    };
  }

  private static boolean strong(int i, int n) {
    return i == 0 || (n % 2 == 0 && n >= 4 && i == n / 2);
  }

  private static boolean backbeat(int i) {
    return i % 2 == 1;
  }
}
