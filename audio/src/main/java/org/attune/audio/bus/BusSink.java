package org.attune.audio.bus;

/**
 * Where a bus's master output goes: a recording, a stream, a test's capture.
 *
 * <p>Called on the render thread once per block. Implementations must be realtime-safe: copy the
 * frames into memory of their own (a preallocated ring, a bounded queue) and return; a writer
 * thread of theirs does the rest.
 */
@FunctionalInterface
public interface BusSink {

  /**
   * One rendered block.
   *
   * @param frame the bus frame of {@code left[0]}: {@link org.attune.audio.SampleClock#microsAt} of
   *     it is the server time at which it is heard (a note played at server time t is heard at t
   *     plus the render delay, and the limiter's look-ahead)
   * @param left the block's left channel; valid only during the call
   * @param right the right channel
   * @param frames frames in the block
   */
  void block(long frame, float[] left, float[] right, int frames);
}
