package org.attune.client.stream;

import java.io.IOException;
import java.nio.file.Path;
import org.attune.audio.wav.WavEncoding;
import org.attune.audio.wav.WavWriter;

/**
 * Writes the stream to a WAV file (48 kHz stereo, 24-bit), kept readable up to its last second
 * should the program be killed ({@link WavWriter}).
 *
 * <p>Thread: the player's thread; {@link #firstServerMicros} from any.
 */
public final class WavFileOutput implements AudioOutput {

  private final WavWriter writer;
  private final float[] left = new float[5760];
  private final float[] right = new float[5760];
  private volatile long firstServerMicros = Long.MIN_VALUE;

  private WavFileOutput(WavWriter writer) {
    this.writer = writer;
  }

  /** Creates (or replaces) {@code file}. */
  public static WavFileOutput create(Path file) throws IOException {
    return new WavFileOutput(WavWriter.open(file, WavEncoding.PCM_24_DITHERED));
  }

  @Override
  public void play(long serverMicros, float[] interleaved, int frames) throws IOException {
    if (firstServerMicros == Long.MIN_VALUE) {
      firstServerMicros = serverMicros;
    }
    for (int i = 0; i < frames; i++) {
      left[i] = interleaved[2 * i];
      right[i] = interleaved[2 * i + 1];
    }
    writer.write(left, right, frames);
  }

  /** Server time of the file's first sample, or {@link Long#MIN_VALUE} before it. */
  public long firstServerMicros() {
    return firstServerMicros;
  }

  /** Frames written. */
  public long frames() {
    return writer.frames();
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}
