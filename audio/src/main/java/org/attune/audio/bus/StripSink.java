package org.attune.audio.bus;

/**
 * Where a bus's strips go before the mixer: per-member stems of a recording. A strip here is the
 * synthesizer's output for it, before the strip's gain, pan, mute and solo (pre-fader).
 *
 * <p>Called on the render thread once per block, before the block's {@link BusSink}s. Realtime-safe
 * like a {@link BusSink}: copy what is needed into preallocated memory and return.
 */
@FunctionalInterface
public interface StripSink {

  /**
   * One block of every strip.
   *
   * @param frame the bus frame of sample 0, as {@link BusSink#block}'s; the master that follows is
   *     later by the limiter's look-ahead ({@link org.attune.audio.mix.MasterBus#latencyFrames})
   * @param left each strip's left channel by index; valid only during the call, read-only
   * @param right likewise right
   * @param sounding per strip, false if it holds only zeros this block; read-only
   * @param frames frames in the block
   */
  void strips(long frame, float[][] left, float[][] right, boolean[] sounding, int frames);
}
