package org.attune.client.stream;

import java.util.Arrays;

/**
 * Keeps the stream in memory, up to a limit: for tests, measurements and programs that analyse what
 * they hear.
 *
 * <p>Thread-safe: yes (the player writes, anyone reads a copy).
 */
public final class MemoryOutput implements AudioOutput {

  private final float[] left;
  private final float[] right;
  private int frames;
  private long firstServerMicros = Long.MIN_VALUE;

  /** Keeps at most {@code maxFrames} frames (48,000 a second); later audio is not kept. */
  public MemoryOutput(int maxFrames) {
    this.left = new float[maxFrames];
    this.right = new float[maxFrames];
  }

  @Override
  public synchronized void play(long serverMicros, float[] interleaved, int count) {
    if (firstServerMicros == Long.MIN_VALUE) {
      firstServerMicros = serverMicros;
    }
    int n = Math.min(count, left.length - frames);
    for (int i = 0; i < n; i++) {
      left[frames + i] = interleaved[2 * i];
      right[frames + i] = interleaved[2 * i + 1];
    }
    frames += n;
  }

  /** Server time of the first frame kept, or {@link Long#MIN_VALUE} before it. */
  public synchronized long firstServerMicros() {
    return firstServerMicros;
  }

  public synchronized int frames() {
    return frames;
  }

  public synchronized float[] left() {
    return Arrays.copyOf(left, frames);
  }

  public synchronized float[] right() {
    return Arrays.copyOf(right, frames);
  }

  @Override
  public void close() {}
}
