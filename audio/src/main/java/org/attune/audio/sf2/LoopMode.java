package org.attune.audio.sf2;

/** How a region's sample loops (the SoundFont {@code sampleModes} generator). */
public enum LoopMode {
  /** Plays from start to end once. */
  NONE,
  /** Loops between loop start and loop end for as long as the voice sounds. */
  CONTINUOUS,
  /** Loops while the key is held, then plays on past the loop end to the end of the sample. */
  UNTIL_RELEASE
}
