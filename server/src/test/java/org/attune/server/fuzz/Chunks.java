package org.attune.server.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one fuzz input into the buffers a socket might deliver: the first byte chooses the chunk
 * size (1..256), so that frames arrive whole, split and across reads alike. Pooled direct buffers,
 * as sockets read them, each kept so that the test can check it was released.
 */
final class Chunks {

  private Chunks() {}

  /**
   * Tracks every buffer in regression runs, and returns the level it replaced for {@link
   * #trackAsBefore}; while fuzzing for real (JAZZER_FUZZ) the refCnt checks alone, since tracking
   * each access would cost most of the executions.
   *
   * <p>The level is the whole JVM's: left at PARANOID, it made every later test class in the same
   * surefire fork record a stack trace on each buffer access. A server under a ping flood in a
   * later class then took about four times as long over each read batch
   * (ConnectionLimitsOverSocketsTest, which runs after these in some checkouts' order: the likely
   * cause of its fresh-clone failures).
   */
  static ResourceLeakDetector.Level trackEveryBuffer() {
    ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();
    if (System.getenv("JAZZER_FUZZ") == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }
    return before;
  }

  /** Puts the leak detector back as {@link #trackEveryBuffer} found it. */
  static void trackAsBefore(ResourceLeakDetector.Level before) {
    ResourceLeakDetector.setLevel(before);
  }

  /** The payload of {@code input} (all but its first byte) in chunks of the size it names. */
  static List<ByteBuf> of(byte[] input) {
    List<ByteBuf> chunks = new ArrayList<>();
    if (input.length == 0) {
      return chunks;
    }
    int size = (input[0] & 0xFF) + 1;
    for (int at = 1; at < input.length; at += size) {
      int n = Math.min(size, input.length - at);
      ByteBuf chunk = PooledByteBufAllocator.DEFAULT.directBuffer(n);
      chunk.writeBytes(input, at, n);
      chunks.add(chunk);
    }
    return chunks;
  }

  /** Fails unless every chunk was released by the pipeline it went through. */
  static void assertReleased(List<ByteBuf> chunks) {
    for (ByteBuf chunk : chunks) {
      if (chunk.refCnt() != 0) {
        throw new AssertionError("a buffer was not released: refCnt " + chunk.refCnt());
      }
    }
  }
}
