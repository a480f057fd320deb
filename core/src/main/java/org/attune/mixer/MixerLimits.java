package org.attune.mixer;

import org.attune.text.DisplayText;

/**
 * The bounds of the facilitator's mixer commands: strip and master gain, pan, the spotlight's duck,
 * instrument text and General MIDI program numbers. Each value is accepted up to and including the
 * bound, refused one past it, by the console's parser and by the server's mixer alike; error
 * sentences are built from these constants.
 *
 * <p>Pure; thread-safe.
 */
public final class MixerLimits {

  /** The quietest gain a strip or the master takes, in dB: -60 dB is all but silent in a room. */
  public static final float MIN_GAIN_DB = -60;

  /**
   * The loudest gain a strip or the master takes, in dB: +12 dB lifts a quiet instrument over the
   * group, and the master's limiter catches what that adds; the bus clamps to it as well.
   */
  public static final float MAX_GAIN_DB = 12;

  /** Hard left. */
  public static final float MIN_PAN = -1;

  /** Hard right. */
  public static final float MAX_PAN = 1;

  /**
   * The deepest a spotlight ducks the other strips, in dB: at -40 dB they are out of the way but
   * still there for the one in the spotlight to play against.
   */
  public static final float MIN_DUCK_DB = -40;

  /**
   * The duck a spotlight gets when none is given (0 on the wire): the others 12 dB softer, clearly
   * behind the soloist.
   */
  public static final float DEFAULT_DUCK_DB = -12;

  /**
   * The shallowest duck, in dB. On the wire 0 means {@link #DEFAULT_DUCK_DB}, so a console that
   * means "not ducked" must refuse 0 rather than send it.
   */
  public static final float MAX_DUCK_DB = 0;

  /** The first General MIDI program, numbered as people read them (1 is the grand piano). */
  public static final int FIRST_PROGRAM = 1;

  /** The last General MIDI program (128, the gunshot). */
  public static final int LAST_PROGRAM = 128;

  /**
   * The longest instrument text, in characters ({@link DisplayText#length}): what a member says it
   * plays when it joins ("tablet pads", "djembe") and what the facilitator names for a strip
   * ("electric piano").
   */
  public static final int MAX_INSTRUMENT_CHARS = 64;

  /**
   * The longest member id a console sends, in characters; the server names members {@code m1},
   * {@code m2}, ..., so a longer one is a slip, refused before it is sent.
   */
  public static final int MAX_MEMBER_ID_CHARS = 32;

  private MixerLimits() {}

  /** True if {@code db} may be a strip's or the master's gain; false for NaN. */
  public static boolean isGainDb(float db) {
    return db >= MIN_GAIN_DB && db <= MAX_GAIN_DB;
  }

  /** True if {@code pan} may be a strip's pan; false for NaN. */
  public static boolean isPan(float pan) {
    return pan >= MIN_PAN && pan <= MAX_PAN;
  }

  /** True if {@code db} may be a spotlight's duck as the mixer takes it (0 is the default). */
  public static boolean isDuckDb(float db) {
    return db >= MIN_DUCK_DB && db <= MAX_DUCK_DB;
  }

  /** True if {@code program} is a General MIDI program number 1..128. */
  public static boolean isProgram(int program) {
    return program >= FIRST_PROGRAM && program <= LAST_PROGRAM;
  }

  /** True if {@code instrument}, already stripped, is printable and not too long. */
  public static boolean isInstrumentText(String instrument) {
    return DisplayText.fits(instrument, MAX_INSTRUMENT_CHARS);
  }
}
