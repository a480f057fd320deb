package org.attune.audio.mix;

import org.attune.mixer.MixerLimits;

/**
 * The end of the bus: master fader, {@link Limiter} and master meter, in that order.
 *
 * <p>The fader comes before the limiter so that turning the whole group up cannot push the output
 * past the ceiling; the meter comes after it and so shows what listeners and recordings get.
 *
 * <p>Thread-safe: no; every method but {@link #meter()} belongs to the render thread, the meter may
 * be read from any thread. Realtime-safe: yes.
 */
public final class MasterBus {

  private final GainRamp fader = new GainRamp(1);
  private final Limiter limiter;
  private final Meter meter = new Meter();
  private double gainDb;

  /** A master bus at 0 dB with the default {@link Limiter}. */
  public MasterBus() {
    this(new Limiter());
  }

  /** A master bus at 0 dB with the given limiter, which it owns from now on. */
  public MasterBus(Limiter limiter) {
    this.limiter = limiter;
  }

  /**
   * Sets the master fader, ramped over the next block; {@code -Infinity} closes it. Values above
   * {@link MixerLimits#MAX_GAIN_DB} are taken as that.
   *
   * @throws IllegalArgumentException for NaN
   */
  public void setGainDb(double db) {
    if (Double.isNaN(db)) {
      throw new IllegalArgumentException("gain is NaN");
    }
    gainDb = Math.min(db, MixerLimits.MAX_GAIN_DB);
    fader.setTarget((float) Decibels.toGain(gainDb));
  }

  /** The master fader setting, in dB. */
  public double gainDb() {
    return gainDb;
  }

  /** The limiter. */
  public Limiter limiter() {
    return limiter;
  }

  /** The meter of the final output. */
  public Meter meter() {
    return meter;
  }

  /** How many frames the output lags the summed strips: the limiter's look-ahead. */
  public int latencyFrames() {
    return limiter.latencyFrames();
  }

  /**
   * Runs one block: applies the fader to the summed strips in place, limits into the output, meters
   * the output.
   *
   * @param busLeft the summed strips' left channel, changed in place
   * @param busRight likewise right
   * @param frames frames in the block, 1 or more
   * @param outLeft the final left output, written
   * @param outRight the final right output, written
   */
  public void process(
      float[] busLeft, float[] busRight, int frames, float[] outLeft, float[] outRight) {
    fader.beginBlock(frames);
    for (int i = 0; i < frames; i++) {
      float gain = fader.at(i);
      busLeft[i] *= gain;
      busRight[i] *= gain;
    }
    fader.endBlock();
    limiter.process(busLeft, busRight, outLeft, outRight, frames);
    meter.measure(outLeft, outRight, frames);
  }
}
