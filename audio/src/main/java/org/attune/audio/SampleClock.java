package org.attune.audio;

/**
 * The bus's sample grid: 48 kHz stereo float, rendered in fixed blocks, and the conversion between
 * server time (microseconds) and sample frames. Frame 0 is server time 0.
 *
 * <p>Thread-safe: yes (constants and pure functions).
 */
public final class SampleClock {

  /** Frames per second of every bus, stem and file Attune renders. */
  public static final int SAMPLE_RATE = 48_000;

  /** Frames per render block by default: 1.33 ms at 48 kHz. */
  public static final int BLOCK_FRAMES = 64;

  private SampleClock() {}

  /** The frame at server time {@code micros}, rounded down. */
  public static long frameAt(long micros) {
    return Math.floorDiv(micros * (SAMPLE_RATE / 1000), 1000);
  }

  /** The server time of frame {@code frame}, in microseconds, rounded down. */
  public static long microsAt(long frame) {
    return Math.floorDiv(frame * 1000, SAMPLE_RATE / 1000);
  }
}
