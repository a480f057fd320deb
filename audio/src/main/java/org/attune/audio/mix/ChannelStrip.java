package org.attune.audio.mix;

import org.attune.mixer.MixerLimits;

/**
 * One member's (or one backing part's) channel on the bus: fader gain, pan, mute and solo, with a
 * post-fader meter.
 *
 * <p>Its input is the stereo block the synthesizer rendered for the member; the pan is a
 * constant-power balance on it: the left channel is scaled by {@code cos θ} and the right by {@code
 * sin θ}, {@code θ = (pan + 1)·π/4}, so a centred source is 3 dB down on each side and its total
 * power stays the same wherever it is panned. Controls arrive on the render thread as events
 * between blocks; every change (fader, pan, mute, solo) is ramped linearly over the next block so
 * that it makes no click or zipper noise.
 *
 * <p>Thread-safe: no; every method but {@link #meter()} belongs to the render thread. The meter may
 * be read from any thread. Realtime-safe: yes (every method).
 */
public final class ChannelStrip {

  private final Meter meter = new Meter();
  private final GainRamp left;
  private final GainRamp right;

  private double gainDb;
  private double pan;
  private boolean muted;
  private boolean soloed;
  private float faderLeft;
  private float faderRight;

  /** A strip at 0 dB, centred, neither muted nor soloed, already at that gain. */
  public ChannelStrip() {
    left = new GainRamp(0);
    right = new GainRamp(0);
    restoreDefaults();
    left.jumpTo(faderLeft);
    right.jumpTo(faderRight);
  }

  /**
   * Back to 0 dB, centre, unmuted, unsoloed; the gain ramps from wherever it is, so a reused strip
   * fades in from silence and a strip still fading out fades back in without a step.
   */
  void restoreDefaults() {
    gainDb = 0;
    pan = 0;
    muted = false;
    soloed = false;
    updateFader();
  }

  /** Starts a strip that was unused: silent now, so its first block fades in. */
  void silenceNow() {
    left.jumpTo(0);
    right.jumpTo(0);
  }

  /**
   * Sets the fader; {@code -Infinity} closes it. Values above {@link MixerLimits#MAX_GAIN_DB} are
   * taken as {@link MixerLimits#MAX_GAIN_DB}.
   *
   * @throws IllegalArgumentException for NaN
   */
  public void setGainDb(double db) {
    if (Double.isNaN(db)) {
      throw new IllegalArgumentException("gain is NaN");
    }
    gainDb = Math.min(db, MixerLimits.MAX_GAIN_DB);
    updateFader();
  }

  /** The fader setting, in dB. */
  public double gainDb() {
    return gainDb;
  }

  /**
   * Sets the pan from -1 (hard left) through 0 (centre) to 1 (hard right); values outside are taken
   * as the nearest end.
   *
   * @throws IllegalArgumentException for NaN
   */
  public void setPan(double pan) {
    if (Double.isNaN(pan)) {
      throw new IllegalArgumentException("pan is NaN");
    }
    this.pan = Math.max(-1, Math.min(1, pan));
    updateFader();
  }

  /** The pan, -1..1. */
  public double pan() {
    return pan;
  }

  /** Mutes or unmutes the strip. */
  public void setMuted(boolean muted) {
    this.muted = muted;
  }

  /** Whether the strip is muted. */
  public boolean isMuted() {
    return muted;
  }

  /** Solos the strip: while any strip is soloed, only soloed strips are heard. */
  public void setSoloed(boolean soloed) {
    this.soloed = soloed;
  }

  /** Whether the strip is soloed. */
  public boolean isSoloed() {
    return soloed;
  }

  /** The post-fader meter: what this strip adds to the bus. */
  public Meter meter() {
    return meter;
  }

  /**
   * Applies this strip to one block of its input and adds the result into the bus.
   *
   * @param inLeft the strip's left input, at least {@code frames} long
   * @param inRight the strip's right input
   * @param frames frames in the block, 1 or more
   * @param busLeft the bus's left channel, added into
   * @param busRight the bus's right channel, added into
   * @param soloActive whether some strip of the bus is soloed, so that this one is silent unless it
   *     is soloed too
   */
  public void mixInto(
      float[] inLeft,
      float[] inRight,
      int frames,
      float[] busLeft,
      float[] busRight,
      boolean soloActive) {
    mixInto(inLeft, inRight, frames, busLeft, busRight, soloActive, false);
  }

  /** As {@link #mixInto(float[], float[], int, float[], float[], boolean)}, fading out if asked. */
  void mixInto(
      float[] inLeft,
      float[] inRight,
      int frames,
      float[] busLeft,
      float[] busRight,
      boolean soloActive,
      boolean fadingOut) {
    boolean audible = !fadingOut && !muted && (soloed || !soloActive);
    left.setTarget(audible ? faderLeft : 0);
    right.setTarget(audible ? faderRight : 0);
    left.beginBlock(frames);
    right.beginBlock(frames);
    float peakLeft = 0;
    float peakRight = 0;
    double sumLeft = 0;
    double sumRight = 0;
    // Plain comparisons, not Math.max, whose NaN and -0.0 rules cost branches in this loop.
    for (int i = 0; i < frames; i++) {
      float l = inLeft[i] * left.at(i);
      float r = inRight[i] * right.at(i);
      busLeft[i] += l;
      busRight[i] += r;
      float al = Math.abs(l);
      float ar = Math.abs(r);
      peakLeft = al > peakLeft ? al : peakLeft;
      peakRight = ar > peakRight ? ar : peakRight;
      sumLeft += (double) l * l;
      sumRight += (double) r * r;
    }
    left.endBlock();
    right.endBlock();
    meter.record(peakLeft, peakRight, sumLeft, sumRight, frames);
  }

  /**
   * As {@link #mixInto} for a block whose input is known to be silent: nothing is added, the gain
   * ramps move on and the meter counts the silent frames, at no cost per frame.
   */
  void skipSilent(int frames, boolean soloActive, boolean fadingOut) {
    boolean audible = !fadingOut && !muted && (soloed || !soloActive);
    left.setTarget(audible ? faderLeft : 0);
    right.setTarget(audible ? faderRight : 0);
    left.endBlock();
    right.endBlock();
    meter.record(0, 0, 0, 0, frames);
  }

  private void updateFader() {
    double gain = Decibels.toGain(gainDb);
    double angle = (pan + 1) * Math.PI / 4;
    faderLeft = (float) (gain * Math.cos(angle));
    faderRight = (float) (gain * Math.sin(angle));
  }
}
