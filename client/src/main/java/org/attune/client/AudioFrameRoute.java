package org.attune.client;

import org.attune.client.stream.AudioFrameSink;
import org.attune.protocol.v1.AudioFrame;

/**
 * Hands the live stream's frames, from TCP and UDP alike, to whoever listens now; frames that
 * arrive while no one listens are dropped.
 *
 * <p>Thread-safe: {@link #deliver} on the I/O thread, {@link #sink} from any.
 */
final class AudioFrameRoute {

  private volatile AudioFrameSink sink;

  void sink(AudioFrameSink sink) {
    this.sink = sink;
  }

  void deliver(AudioFrame frame, boolean viaUdp, long receivedLocalNanos) {
    AudioFrameSink s = sink;
    if (s != null) {
      s.onFrame(frame, viaUdp, receivedLocalNanos);
    }
  }
}
