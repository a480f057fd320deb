package org.attune.audio.opus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OpusPacketCodingTest {

  private static final int SECONDS = 2;

  @ParameterizedTest
  @EnumSource(OpusFrameSize.class)
  void aToneComesBackAtItsPitchAndLevelWithinTheBitrate(OpusFrameSize size) {
    OpusPacketEncoder encoder = new OpusPacketEncoder(size, OpusPacketEncoder.DEFAULT_BITRATE);
    OpusPacketDecoder decoder = new OpusPacketDecoder();
    int frames = OpusFrameSize.SAMPLE_RATE * SECONDS;
    float[] in = new float[frames * 2];
    for (int i = 0; i < frames; i++) {
      in[2 * i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 48_000.0));
      in[2 * i + 1] = (float) (0.25 * Math.sin(2 * Math.PI * 660 * i / 48_000.0));
    }
    float[] out = new float[in.length];
    byte[] packet = new byte[OpusPacketEncoder.MAX_PACKET_BYTES];
    long bytes = 0;
    int decoded = 0;
    for (int f = 0; f + size.frames() <= frames; f += size.frames()) {
      int length = encoder.encode(in, 2 * f, packet);
      assertThat(length).isBetween(1, OpusPacketEncoder.MAX_PACKET_BYTES);
      bytes += length;
      decoded += decoder.decode(packet, 0, length, out, 2 * decoded);
    }
    assertThat(decoded).isEqualTo(frames);
    double bitsPerSecond = bytes * 8.0 / SECONDS;
    assertThat(bitsPerSecond).isBetween(32_000.0, 72_000.0);

    int skip = encoder.preSkip();
    assertThat(skip).isBetween(0, 960);
    // Past the first 100 ms (the codec settles): level and pitch of each channel.
    int from = 4800 + skip;
    assertThat(rms(out, 0, from, frames)).isCloseTo(0.5 / Math.sqrt(2), withinPercent(0.1));
    assertThat(rms(out, 1, from, frames)).isCloseTo(0.25 / Math.sqrt(2), withinPercent(0.1));
    assertThat(frequency(out, 0, from, frames))
        .isCloseTo(440, org.assertj.core.data.Offset.offset(2.0));
    assertThat(frequency(out, 1, from, frames))
        .isCloseTo(660, org.assertj.core.data.Offset.offset(2.0));
    // The decoded signal is the input delayed by the pre-skip: the difference is small.
    double error = 0;
    for (int i = from; i < frames; i++) {
      error += Math.pow(out[2 * i] - in[2 * (i - skip)], 2);
    }
    assertThat(Math.sqrt(error / (frames - from))).isLessThan(0.05);
  }

  @Test
  void aLostPacketIsConcealedAndGarbageIsRefused() {
    OpusPacketEncoder encoder = new OpusPacketEncoder(OpusFrameSize.MS_20, 64_000);
    OpusPacketDecoder decoder = new OpusPacketDecoder();
    float[] in = new float[960 * 2];
    float[] out = new float[960 * 2];
    byte[] packet = new byte[OpusPacketEncoder.MAX_PACKET_BYTES];
    for (int k = 0; k < 10; k++) {
      for (int i = 0; i < 960; i++) {
        in[2 * i] =
            in[2 * i + 1] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * (k * 960 + i) / 48e3));
      }
      decoder.decode(packet, 0, encoder.encode(in, 0, packet), out, 0);
    }
    assertThat(decoder.conceal(960, out, 0)).isEqualTo(960);
    assertThat(rms(out, 0, 0, 960)).isGreaterThan(0.05);
    assertThatThrownBy(() -> decoder.decode(new byte[] {3, 0}, 0, 2, out, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an Opus packet");
    assertThatThrownBy(() -> OpusFrameSize.ofMillis(15)).hasMessageContaining("10 or 20 ms");
    assertThatThrownBy(() -> new OpusPacketEncoder(OpusFrameSize.MS_10, 1000))
        .hasMessageContaining("6,000..510,000");
  }

  private static org.assertj.core.data.Percentage withinPercent(double fraction) {
    return org.assertj.core.data.Percentage.withPercentage(fraction * 100);
  }

  private static double rms(float[] s, int channel, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += s[2 * i + channel] * s[2 * i + channel];
    }
    return Math.sqrt(sum / (to - from));
  }

  /** Frequency from rising zero crossings, interpolated between samples. */
  private static double frequency(float[] s, int channel, int from, int to) {
    double first = -1;
    double last = -1;
    int crossings = 0;
    for (int i = from + 1; i < to; i++) {
      float a = s[2 * (i - 1) + channel];
      float b = s[2 * i + channel];
      if (a < 0 && b >= 0) {
        double at = i - 1 + a / (a - b);
        if (first < 0) {
          first = at;
        } else {
          crossings++;
        }
        last = at;
      }
    }
    return crossings * 48_000.0 / (last - first);
  }
}
