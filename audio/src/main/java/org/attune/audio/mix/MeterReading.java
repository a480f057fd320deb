package org.attune.audio.mix;

/**
 * What a {@link Meter} saw between two reads: the peak and the RMS level of each channel, in dBFS.
 *
 * <p>Levels are relative to full scale (a sample of magnitude 1.0 is 0 dBFS); silence, and a
 * reading that covers no frames at all, is {@code -Infinity}.
 *
 * <p>Thread-safe: yes (immutable).
 *
 * @param peakLeftDb the largest magnitude on the left channel
 * @param peakRightDb the largest magnitude on the right channel
 * @param rmsLeftDb the root mean square of the left channel's samples
 * @param rmsRightDb the root mean square of the right channel's samples
 * @param frames how many frames the reading covers
 */
public record MeterReading(
    double peakLeftDb, double peakRightDb, double rmsLeftDb, double rmsRightDb, long frames) {

  /** The louder channel's peak, as a mono meter shows it. */
  public double peakDb() {
    return Math.max(peakLeftDb, peakRightDb);
  }

  /** The RMS level of both channels' samples together (the mean of their powers). */
  public double rmsDb() {
    double meanSquare =
        (Decibels.toGain(rmsLeftDb) * Decibels.toGain(rmsLeftDb)
                + Decibels.toGain(rmsRightDb) * Decibels.toGain(rmsRightDb))
            / 2;
    return Decibels.fromGain(Math.sqrt(meanSquare));
  }
}
