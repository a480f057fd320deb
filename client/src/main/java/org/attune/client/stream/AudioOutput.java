package org.attune.client.stream;

import java.io.IOException;

/**
 * Where decoded audio goes: the local sound device, a file, memory. 48 kHz stereo, interleaved
 * floats in -1..1.
 *
 * <p>Thread: called by the {@link StreamPlayer}'s thread alone.
 */
public interface AudioOutput extends AutoCloseable {

  /**
   * Plays {@code frames} frames of {@code interleaved}, whose first is heard at server time {@code
   * serverMicros} on the group's clock (before the player's playout delay). Consecutive calls are
   * contiguous in time.
   */
  void play(long serverMicros, float[] interleaved, int frames) throws IOException;

  @Override
  void close() throws IOException;
}
