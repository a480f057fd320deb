package org.attune.server.stream;

import org.attune.audio.opus.OpusFrameSize;
import org.attune.audio.opus.OpusPacketEncoder;

/**
 * Cuts a bus's blocks into Opus frames of one duration and encodes each as it fills. Blocks (64
 * frames) do not divide a 10 ms frame (480), so a block may end one frame and begin the next.
 *
 * <p>Thread-safe: no; owned by the encoder thread. Not realtime-safe (the codec allocates).
 */
final class FrameCutter {

  /** Where encoded frames go: the packet is valid only during the call. */
  interface Packets {
    /**
     * @param sequence counts this cutter's frames from 0
     * @param firstFrame the bus frame of the frame's first input sample
     * @param encodeNanos what encoding it took
     */
    void packet(
        OpusFrameSize size,
        long sequence,
        long firstFrame,
        byte[] packet,
        int length,
        long encodeNanos);
  }

  private final OpusFrameSize size;
  private final OpusPacketEncoder encoder;
  private final float[] pcm;
  private final byte[] packet = new byte[OpusPacketEncoder.MAX_PACKET_BYTES];
  private int filled;
  private long firstFrame;
  private long sequence;

  FrameCutter(OpusFrameSize size) {
    this.size = size;
    this.encoder = StreamEncoding.encoder(size);
    this.pcm = new float[size.frames() * OpusFrameSize.CHANNELS];
  }

  /** Samples by which the decoded stream is late (Opus's look-ahead). */
  int preSkip() {
    return encoder.preSkip();
  }

  /**
   * Takes {@code frames} frames that start at bus frame {@code frame}, contiguous with the last
   * ones; {@code left} null means silence.
   */
  void take(long frame, float[] left, float[] right, int frames, Packets out) {
    int i = 0;
    while (i < frames) {
      if (filled == 0) {
        firstFrame = frame + i;
      }
      int n = Math.min(frames - i, size.frames() - filled);
      int at = filled * 2;
      for (int k = 0; k < n; k++) {
        pcm[at++] = left == null ? 0 : left[i + k];
        pcm[at++] = right == null ? 0 : right[i + k];
      }
      filled += n;
      i += n;
      if (filled == size.frames()) {
        long start = System.nanoTime();
        int length = encoder.encode(pcm, 0, packet);
        long took = System.nanoTime() - start;
        out.packet(size, sequence++, firstFrame, packet, length, took);
        filled = 0;
      }
    }
  }

  /** Drops a partly filled frame: the next one starts with the next block taken. */
  void restart() {
    filled = 0;
  }
}
