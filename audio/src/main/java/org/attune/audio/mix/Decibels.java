package org.attune.audio.mix;

/**
 * Conversions between decibels and linear amplitude factors, with silence as negative infinity.
 *
 * <p>Faders and meters speak decibels while the arithmetic on samples is linear; keeping silence at
 * {@code -Infinity} (rather than a floor such as -96 dB) lets a fader close completely and a meter
 * of digital silence say so.
 *
 * <p>Thread-safe: yes (pure functions). Realtime-safe: yes.
 */
public final class Decibels {

  private Decibels() {}

  /** The amplitude factor of {@code db} decibels; 0 for negative infinity. */
  public static double toGain(double db) {
    if (db == Double.NEGATIVE_INFINITY) {
      return 0;
    }
    return Math.pow(10, db / 20);
  }

  /** The level in decibels of amplitude factor {@code gain}; negative infinity for 0 or less. */
  public static double fromGain(double gain) {
    if (gain <= 0) {
      return Double.NEGATIVE_INFINITY;
    }
    return 20 * Math.log10(gain);
  }
}
