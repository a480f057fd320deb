package org.attune.audio.wav;

/**
 * How a {@link WavWriter} stores samples.
 *
 * <p>24-bit PCM is what most players and editors take; dither turns the rounding error of quiet
 * passages (a fade, a reverb tail) from distortion that follows the music into a steady hiss 144 dB
 * down. 32-bit float keeps the bus's samples exactly, peaks above full scale included, for further
 * mixing.
 *
 * <p>Thread-safe: yes (constants).
 */
public enum WavEncoding {

  /** 24-bit signed PCM with triangular (TPDF) dither of ±1 LSB, clipped at full scale. */
  PCM_24_DITHERED(24, 1),

  /** 24-bit signed PCM rounded to the nearest step, clipped at full scale. */
  PCM_24_ROUNDED(24, 1),

  /** 32-bit IEEE 754 float ({@code WAVE_FORMAT_IEEE_FLOAT}), the samples as they are. */
  FLOAT_32(32, 3);

  private final int bitsPerSample;
  private final int formatTag;

  WavEncoding(int bitsPerSample, int formatTag) {
    this.bitsPerSample = bitsPerSample;
    this.formatTag = formatTag;
  }

  /** Bits of one sample of one channel. */
  public int bitsPerSample() {
    return bitsPerSample;
  }

  /** The {@code wFormatTag} of the {@code fmt } chunk: 1 for PCM, 3 for IEEE float. */
  int formatTag() {
    return formatTag;
  }

  /** Whether the file has a {@code fact} chunk, which every non-PCM format must have. */
  boolean hasFactChunk() {
    return formatTag != 1;
  }
}
