package org.attune.audio.opus;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;

/**
 * Encodes one stream of 48 kHz stereo float frames into Opus packets, a frame at a time.
 *
 * <p>Music settings: {@code OPUS_APPLICATION_AUDIO}, the music signal hint, constrained VBR at the
 * given bitrate (64 kbit/s stereo by default, which Opus codes transparently for most listeners),
 * complexity 5 by default (about half the cost of 10 for a loss listeners rarely hear). Samples
 * beyond ±1 are clipped as the 16-bit input of the codec requires.
 *
 * <p>Thread-safe: no. One encoder per stream, used by one thread; not realtime-safe (Concentus
 * allocates), so never on a render thread.
 */
public final class OpusPacketEncoder {

  /** The default bitrate of a stereo music stream, bits a second. */
  public static final int DEFAULT_BITRATE = 64_000;

  /** The largest packet this encoder writes: RFC 6716's limit for one frame. */
  public static final int MAX_PACKET_BYTES = 1275;

  private final OpusFrameSize frameSize;
  private final OpusEncoder encoder;
  private final short[] pcm;

  /** The default complexity (0..10): about half the cost of 10, for a loss few hear. */
  public static final int DEFAULT_COMPLEXITY = 5;

  /** An encoder of frames of {@code frameSize} at {@code bitrate} bits a second. */
  public OpusPacketEncoder(OpusFrameSize frameSize, int bitrate) {
    this(frameSize, bitrate, DEFAULT_COMPLEXITY);
  }

  /**
   * An encoder of frames of {@code frameSize} at {@code bitrate} bits a second and Opus {@code
   * complexity} 0..10 (lower costs less CPU and a little quality).
   */
  public OpusPacketEncoder(OpusFrameSize frameSize, int bitrate, int complexity) {
    if (complexity < 0 || complexity > 10) {
      throw new IllegalArgumentException("Opus complexity is 0..10, not " + complexity);
    }
    if (bitrate < 6_000 || bitrate > 510_000) {
      throw new IllegalArgumentException(
          "an Opus bitrate lies in 6,000..510,000 bit/s, not " + bitrate);
    }
    this.frameSize = frameSize;
    try {
      encoder =
          new OpusEncoder(
              OpusFrameSize.SAMPLE_RATE,
              OpusFrameSize.CHANNELS,
              OpusApplication.OPUS_APPLICATION_AUDIO);
    } catch (OpusException e) {
      throw new IllegalStateException("Opus encoder: " + e.getMessage(), e);
    }
    encoder.setBitrate(bitrate);
    encoder.setSignalType(OpusSignal.OPUS_SIGNAL_MUSIC);
    encoder.setUseVBR(true);
    encoder.setUseConstrainedVBR(true);
    encoder.setComplexity(complexity);
    pcm = new short[frameSize.frames() * OpusFrameSize.CHANNELS];
  }

  /** The frame duration this encoder codes. */
  public OpusFrameSize frameSize() {
    return frameSize;
  }

  /**
   * Samples the decoder's output is late by (the codec's look-ahead, 312 at 48 kHz): a decoded
   * sample {@code n} is input sample {@code n - preSkip()}. Ogg Opus stores it as "pre-skip".
   */
  public int preSkip() {
    return encoder.getLookahead();
  }

  /**
   * Encodes one frame: {@link OpusFrameSize#frames()} interleaved stereo samples of {@code
   * interleaved} from {@code offset}. Writes the packet into {@code packet} (at least {@link
   * #MAX_PACKET_BYTES} long) and returns its length in bytes.
   */
  public int encode(float[] interleaved, int offset, byte[] packet) {
    int n = pcm.length;
    for (int i = 0; i < n; i++) {
      float s = interleaved[offset + i] * 32767f;
      pcm[i] = (short) (s >= 32767f ? 32767 : s <= -32768f ? -32768 : Math.round(s));
    }
    try {
      return encoder.encode(pcm, 0, frameSize.frames(), packet, 0, packet.length);
    } catch (OpusException e) {
      throw new IllegalStateException("Opus encode: " + e.getMessage(), e);
    }
  }
}
