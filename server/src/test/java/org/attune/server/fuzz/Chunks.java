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

  static {
    // Every buffer tracked in regression runs; while fuzzing for real (JAZZER_FUZZ) the refCnt
    // checks alone, since tracking each access would cost most of the executions.
    if (System.getenv("JAZZER_FUZZ") == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }
  }

  private Chunks() {}

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
