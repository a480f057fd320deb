package org.attune.loadtest.audio;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.attune.audio.SampleClock;
import org.attune.audio.bus.BusSink;

/**
 * Writes a bus's blocks to a 16-bit stereo WAV file at {@link SampleClock#SAMPLE_RATE}, as
 * FluidSynth's fast render does, so that the engines' outputs cost alike and sox reads them all.
 *
 * <p>For the offline benchmark only: it writes on the calling thread, which is the render thread,
 * so it is not realtime-safe. Thread-safe: no.
 */
final class WavFileSink implements BusSink, Closeable {

  private static final int HEADER_BYTES = 44;

  private final FileChannel channel;
  private final ByteBuffer buffer =
      ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
  private long dataBytes;

  WavFileSink(Path file) throws IOException {
    channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
    channel.write(header(0), 0);
    channel.position(HEADER_BYTES);
  }

  @Override
  public void block(long frame, float[] left, float[] right, int frames) {
    for (int i = 0; i < frames; i++) {
      if (buffer.remaining() < 4) {
        flush();
      }
      buffer.putShort(pcm16(left[i]));
      buffer.putShort(pcm16(right[i]));
    }
  }

  /** Raw little-endian 16-bit stereo bytes, as Gervill's stream delivers them. */
  void write(byte[] bytes, int length) throws IOException {
    flush();
    channel.write(ByteBuffer.wrap(bytes, 0, length));
    dataBytes += length;
  }

  private static short pcm16(float sample) {
    float clipped = Math.max(-1f, Math.min(1f, sample));
    return (short) Math.round(clipped * 32767f);
  }

  private void flush() {
    buffer.flip();
    try {
      while (buffer.hasRemaining()) {
        dataBytes += channel.write(buffer);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    buffer.clear();
  }

  @Override
  public void close() throws IOException {
    flush();
    channel.write(header(dataBytes), 0);
    channel.close();
  }

  private static ByteBuffer header(long dataBytes) {
    int channels = 2;
    int bytesPerFrame = channels * 2;
    ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    h.put("RIFF".getBytes(US_ASCII));
    h.putInt((int) Math.min(0xFFFF_FFFFL, 36 + dataBytes));
    h.put("WAVEfmt ".getBytes(US_ASCII));
    h.putInt(16);
    h.putShort((short) 1);
    h.putShort((short) channels);
    h.putInt(SampleClock.SAMPLE_RATE);
    h.putInt(SampleClock.SAMPLE_RATE * bytesPerFrame);
    h.putShort((short) bytesPerFrame);
    h.putShort((short) 16);
    h.put("data".getBytes(US_ASCII));
    h.putInt((int) Math.min(0xFFFF_FFFFL, dataBytes));
    h.flip();
    return h;
  }
}
