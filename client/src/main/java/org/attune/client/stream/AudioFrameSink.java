package org.attune.client.stream;

import org.attune.protocol.v1.AudioFrame;

/**
 * Where the frames of the live stream go as they arrive.
 *
 * <p>Thread: called on the client's I/O thread (for TCP and UDP alike); must return at once.
 */
@FunctionalInterface
public interface AudioFrameSink {

  /**
   * @param viaUdp whether it came as a datagram
   * @param receivedLocalNanos {@link System#nanoTime()} when it was read
   */
  void onFrame(AudioFrame frame, boolean viaUdp, long receivedLocalNanos);
}
