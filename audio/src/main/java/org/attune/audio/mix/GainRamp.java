package org.attune.audio.mix;

/**
 * One gain that moves from its old to its new value linearly over the next block.
 *
 * <p>A gain that jumps between two samples puts a step into the waveform, heard as a click, and a
 * fader moved in steps is heard as zipper noise; interpolating over a whole block spreads each step
 * into a ramp of {@code frames} small ones.
 *
 * <p>Thread-safe: no (the render thread only). Realtime-safe: yes.
 */
final class GainRamp {

  private float current;
  private float target;
  private float step;

  GainRamp(float initial) {
    current = initial;
    target = initial;
  }

  /** Sets the gain that the next block ramps to. */
  void setTarget(float gain) {
    target = gain;
  }

  /** Jumps to {@code gain} with no ramp, for a strip that is silent anyway. */
  void jumpTo(float gain) {
    current = gain;
    target = gain;
  }

  float target() {
    return target;
  }

  /** Prepares a block of {@code frames} frames; {@link #at} then walks from the old gain. */
  void beginBlock(int frames) {
    step = (target - current) / frames;
  }

  /** The gain of frame {@code i} of the block; frame {@code frames - 1} has the target gain. */
  float at(int i) {
    return current + step * (i + 1);
  }

  /** Ends the block: the target becomes the gain that the next ramp starts from. */
  void endBlock() {
    current = target;
  }
}
