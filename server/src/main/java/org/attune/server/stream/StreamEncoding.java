package org.attune.server.stream;

import org.attune.audio.opus.OpusFrameSize;
import org.attune.audio.opus.OpusPacketEncoder;

/**
 * How the live stream codes a group's mix, by frame duration, so that a listener's whole stream
 * (Opus packets, the {@code AudioFrame} fields and the frame's length prefix) stays within 64
 * kbit/s: 54 kbit/s of Opus at 20 ms frames (about 19 bytes of message a frame, 7.8 kbit/s), 48
 * kbit/s at 10 ms (twice the frames, twice the overhead). 10 ms frames are coded at complexity 3,
 * since they cost more per second to code: one core then codes at least 60 group streams at either
 * duration (see {@code StreamBench}).
 *
 * <p>Thread-safe: yes (stateless).
 */
public final class StreamEncoding {

  private StreamEncoding() {}

  /** The Opus bitrate of a stream with frames of {@code size}, bits a second. */
  public static int bitrate(OpusFrameSize size) {
    return size == OpusFrameSize.MS_20 ? 54_000 : 48_000;
  }

  /** The Opus complexity of a stream with frames of {@code size}. */
  public static int complexity(OpusFrameSize size) {
    return size == OpusFrameSize.MS_20 ? OpusPacketEncoder.DEFAULT_COMPLEXITY : 3;
  }

  /** A new encoder for a stream with frames of {@code size}. */
  public static OpusPacketEncoder encoder(OpusFrameSize size) {
    return new OpusPacketEncoder(size, bitrate(size), complexity(size));
  }
}
