package org.attune.gesture;

/**
 * The bounds of a gesture's numbers: MIDI pitches and percussion keys, and the MIDI scale that OSC
 * tools send velocities and control values in. A pad's scale degrees are bounded by the pad mapping
 * ({@link org.attune.form.PadMapping#MIN_DEGREE}, {@link org.attune.form.PadMapping#MAX_DEGREE});
 * velocities and control values are 0..1 on the wire.
 *
 * <p>Pure; thread-safe.
 */
public final class GestureLimits {

  /** The lowest MIDI note number a note or a hit may have. */
  public static final int MIN_PITCH = 0;

  /** The highest MIDI note number: a note's pitch, or a hit's General MIDI percussion key. */
  public static final int MAX_PITCH = 127;

  /** The top of MIDI's 7-bit value scale, which velocities and controllers are sent in. */
  public static final int MAX_MIDI_VALUE = 127;

  private GestureLimits() {}

  /** True if {@code pitch} is a MIDI note number 0..127. */
  public static boolean isPitch(int pitch) {
    return pitch >= MIN_PITCH && pitch <= MAX_PITCH;
  }
}
