package org.attune.audio.opus;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;

/**
 * Decodes Opus packets of one stream into 48 kHz stereo float frames; for a lost packet, Opus's
 * packet-loss concealment fills the gap.
 *
 * <p>Thread-safe: no. One decoder per stream, used by one thread.
 */
public final class OpusPacketDecoder {

  /** The longest frame Opus codes: 120 ms at 48 kHz. */
  private static final int MAX_FRAMES = 5760;

  private final OpusDecoder decoder;
  private final short[] pcm = new short[MAX_FRAMES * OpusFrameSize.CHANNELS];

  public OpusPacketDecoder() {
    try {
      decoder = new OpusDecoder(OpusFrameSize.SAMPLE_RATE, OpusFrameSize.CHANNELS);
    } catch (OpusException e) {
      throw new IllegalStateException("Opus decoder: " + e.getMessage(), e);
    }
  }

  /**
   * Decodes {@code length} bytes of {@code packet} from {@code offset} into {@code out}
   * (interleaved stereo from {@code outOffset}) and returns the frames decoded.
   *
   * @throws IllegalArgumentException if the bytes are not an Opus packet
   */
  public int decode(byte[] packet, int offset, int length, float[] out, int outOffset) {
    try {
      int frames = decoder.decode(packet, offset, length, pcm, 0, MAX_FRAMES, false);
      if (frames < 0) {
        throw new IllegalArgumentException("not an Opus packet: error " + frames);
      }
      return toFloat(frames, out, outOffset);
    } catch (OpusException e) {
      throw new IllegalArgumentException("not an Opus packet: " + e.getMessage(), e);
    }
  }

  /**
   * Fills {@code frames} frames of a lost packet by concealment (a continuation of what came
   * before) into {@code out} from {@code outOffset}; returns the frames written.
   */
  public int conceal(int frames, float[] out, int outOffset) {
    try {
      int n = decoder.decode(null, 0, 0, pcm, 0, frames, false);
      return toFloat(n, out, outOffset);
    } catch (OpusException e) {
      throw new IllegalStateException("Opus concealment: " + e.getMessage(), e);
    }
  }

  private int toFloat(int frames, float[] out, int outOffset) {
    int n = frames * OpusFrameSize.CHANNELS;
    for (int i = 0; i < n; i++) {
      out[outOffset + i] = pcm[i] / 32768f;
    }
    return frames;
  }
}
