package org.attune.audio.sf2;

/**
 * The SoundFont generator operators Attune reads, their defaults, and which of them a preset zone
 * may add to an instrument zone (SoundFont 2.04, sections 8.1.2, 8.1.3 and 9.4).
 *
 * <p>Thread-safe: yes (constants and pure functions).
 */
final class Generator {

  static final int START_ADDRS_OFFSET = 0;
  static final int END_ADDRS_OFFSET = 1;
  static final int STARTLOOP_ADDRS_OFFSET = 2;
  static final int ENDLOOP_ADDRS_OFFSET = 3;
  static final int START_ADDRS_COARSE_OFFSET = 4;
  static final int INITIAL_FILTER_FC = 8;
  static final int INITIAL_FILTER_Q = 9;
  static final int END_ADDRS_COARSE_OFFSET = 12;
  static final int PAN = 17;
  static final int DELAY_VOL_ENV = 33;
  static final int ATTACK_VOL_ENV = 34;
  static final int HOLD_VOL_ENV = 35;
  static final int DECAY_VOL_ENV = 36;
  static final int SUSTAIN_VOL_ENV = 37;
  static final int RELEASE_VOL_ENV = 38;
  static final int KEYNUM_TO_VOL_ENV_HOLD = 39;
  static final int KEYNUM_TO_VOL_ENV_DECAY = 40;
  static final int INSTRUMENT = 41;
  static final int KEY_RANGE = 43;
  static final int VEL_RANGE = 44;
  static final int STARTLOOP_ADDRS_COARSE_OFFSET = 45;
  static final int KEYNUM = 46;
  static final int VELOCITY = 47;
  static final int INITIAL_ATTENUATION = 48;
  static final int ENDLOOP_ADDRS_COARSE_OFFSET = 50;
  static final int COARSE_TUNE = 51;
  static final int FINE_TUNE = 52;
  static final int SAMPLE_ID = 53;
  static final int SAMPLE_MODES = 54;
  static final int SCALE_TUNING = 56;
  static final int EXCLUSIVE_CLASS = 57;
  static final int OVERRIDING_ROOT_KEY = 58;

  /** Operators 0..60 are defined by SoundFont 2.04; later ones are ignored, as it asks. */
  static final int COUNT = 61;

  /** A range generator's amount covering keys or velocities 0..127 (low byte lo, high byte hi). */
  static final int FULL_RANGE = 127 << 8;

  /** Timecents of the shortest envelope stage, about 1 ms. */
  static final int MIN_TIMECENTS = -12000;

  private Generator() {}

  /** The value of a generator that no zone sets. */
  static int defaultValue(int op) {
    switch (op) {
      case INITIAL_FILTER_FC:
        return 13500;
      case DELAY_VOL_ENV:
      case ATTACK_VOL_ENV:
      case HOLD_VOL_ENV:
      case DECAY_VOL_ENV:
      case RELEASE_VOL_ENV:
        return MIN_TIMECENTS;
      case KEY_RANGE:
      case VEL_RANGE:
        return FULL_RANGE;
      case KEYNUM:
      case VELOCITY:
      case OVERRIDING_ROOT_KEY:
        return -1;
      case SCALE_TUNING:
        return 100;
      default:
        return 0;
    }
  }

  /**
   * True for generators a preset zone adds to the instrument's value. Sample offsets, loop mode,
   * exclusive class, root key and fixed key or velocity are instrument-only and ignored at preset
   * level; the ranges are intersected rather than added.
   */
  static boolean isAdditiveAtPresetLevel(int op) {
    switch (op) {
      case START_ADDRS_OFFSET:
      case END_ADDRS_OFFSET:
      case STARTLOOP_ADDRS_OFFSET:
      case ENDLOOP_ADDRS_OFFSET:
      case START_ADDRS_COARSE_OFFSET:
      case END_ADDRS_COARSE_OFFSET:
      case STARTLOOP_ADDRS_COARSE_OFFSET:
      case ENDLOOP_ADDRS_COARSE_OFFSET:
      case INSTRUMENT:
      case KEY_RANGE:
      case VEL_RANGE:
      case KEYNUM:
      case VELOCITY:
      case SAMPLE_ID:
      case SAMPLE_MODES:
      case EXCLUSIVE_CLASS:
      case OVERRIDING_ROOT_KEY:
        return false;
      default:
        return true;
    }
  }
}
