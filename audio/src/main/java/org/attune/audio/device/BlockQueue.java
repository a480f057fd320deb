package org.attune.audio.device;

import org.attune.audio.SampleClock;
import org.jctools.queues.SpscArrayQueue;

/**
 * Rendered blocks on their way from the render thread to a thread that writes them out (a file, a
 * sound device): preallocated chunks passed through two single-producer single-consumer queues, one
 * of filled chunks and one of free ones.
 *
 * <p>Thread-safe: {@link #offer} on the one render thread (realtime-safe: no allocation, no lock,
 * no I/O); {@link #poll} and {@link #recycle} on the one consumer thread.
 */
public final class BlockQueue {

  /** One block of stereo frames and the bus frame of its first. */
  public static final class Chunk {
    public long frame;
    public int frames;
    public final float[] left = new float[SampleClock.BLOCK_FRAMES];
    public final float[] right = new float[SampleClock.BLOCK_FRAMES];
  }

  private final SpscArrayQueue<Chunk> free;
  private final SpscArrayQueue<Chunk> filled;

  /** A queue holding up to {@code chunks} blocks. */
  public BlockQueue(int chunks) {
    free = new SpscArrayQueue<>(chunks);
    filled = new SpscArrayQueue<>(chunks);
    for (int i = 0; i < chunks; i++) {
      free.offer(new Chunk());
    }
  }

  /** A queue holding {@code seconds} of blocks. */
  public static BlockQueue forSeconds(double seconds) {
    return new BlockQueue(
        (int) Math.ceil(seconds * SampleClock.SAMPLE_RATE / SampleClock.BLOCK_FRAMES));
  }

  /**
   * Copies a block in; false if every chunk is taken (the consumer is that far behind) and the
   * block is lost. At most {@link SampleClock#BLOCK_FRAMES} frames. Render thread only.
   */
  public boolean offer(long frame, float[] left, float[] right, int frames) {
    Chunk c = free.relaxedPoll();
    if (c == null) {
      return false;
    }
    c.frame = frame;
    c.frames = frames;
    System.arraycopy(left, 0, c.left, 0, frames);
    System.arraycopy(right, 0, c.right, 0, frames);
    filled.relaxedOffer(c);
    return true;
  }

  /** The oldest filled chunk, or null; hand it back with {@link #recycle}. Consumer only. */
  public Chunk poll() {
    return filled.poll();
  }

  /** Gives a chunk back for the render thread to fill again. Consumer only. */
  public void recycle(Chunk chunk) {
    free.relaxedOffer(chunk);
  }

  /** Blocks waiting for the consumer (approximate). */
  public int size() {
    return filled.size();
  }
}
