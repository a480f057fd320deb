package org.attune.audio.wav;

/**
 * The contents of a WAVE file as float samples, full scale ±1.0, one array per channel.
 *
 * <p>Thread-safe: no (the arrays are the caller's, to read or change).
 *
 * @param sampleRate frames per second
 * @param bitsPerSample bits of one stored sample
 * @param floatingPoint whether the samples were stored as IEEE floats rather than PCM integers
 * @param channels the samples, {@code channels[c][frame]}
 */
public record WavAudio(
    int sampleRate, int bitsPerSample, boolean floatingPoint, float[][] channels) {

  /** The number of frames. */
  public int frames() {
    return channels.length == 0 ? 0 : channels[0].length;
  }
}
