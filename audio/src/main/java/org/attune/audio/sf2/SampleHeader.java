package org.attune.audio.sf2;

/**
 * One {@code shdr} record: where a sample lies in the pool, its loop, rate and pitch.
 *
 * <p>Immutable; thread-safe.
 *
 * @param index the record's position in {@code shdr}, for errors
 * @param start first frame
 * @param end frame after the last
 * @param loopStart first frame of the loop
 * @param loopEnd frame after the loop
 * @param type {@code sfSampleType}: 1 mono, 2 right, 4 left, 8 linked; bit 15 set for ROM
 */
record SampleHeader(
    int index,
    String name,
    long start,
    long end,
    long loopStart,
    long loopEnd,
    long sampleRate,
    int originalPitch,
    int pitchCorrection,
    int type) {

  private static final int ROM = 0x8000;

  /** True for samples held in a synthesizer's ROM, which this file does not carry. */
  boolean isRom() {
    return (type & ROM) != 0;
  }
}
