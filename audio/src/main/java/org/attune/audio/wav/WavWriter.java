package org.attune.audio.wav;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import org.attune.audio.SampleClock;

/**
 * Streams the bus's stereo float blocks into a 48 kHz RIFF WAVE file.
 *
 * <p>Recording a session must survive the server dying mid-session. The header is therefore written
 * first with the sizes of what is on disk (at first: no frames), and rewritten, after the data
 * before it has been handed to the operating system, every {@code headerUpdateFrames} frames (one
 * second by default) and on {@link #close()}. A file left behind by a crash is a valid WAVE file
 * holding everything up to the last update; readers that trust the header (sox, ffmpeg, {@link
 * WavReader}) open it and ignore the tail that followed. (The alternative, sizes of 0xFFFFFFFF,
 * makes sox 14.4 report a duration of four hours and warn of a premature end.)
 *
 * <p>RIFF sizes are 32-bit, so a file holds at most about 4 GiB: 3.1 hours of float, 4.1 hours of
 * 24-bit PCM. {@link #write} refuses the block that would pass that with an {@link IOException},
 * and the caller starts a new file. The dither's random numbers come from a fixed seed so that the
 * same input gives the same file.
 *
 * <p>Thread-safe: no (one writer thread, fed through a queue; never the render thread: it does file
 * I/O). It allocates nothing per block after it is open.
 */
public final class WavWriter implements Closeable {

  /** Frames between header updates by default: one second. */
  public static final int DEFAULT_HEADER_UPDATE_FRAMES = SampleClock.SAMPLE_RATE;

  private static final int CHANNELS = 2;
  private static final int PCM_HEADER_BYTES = 44;
  private static final int FLOAT_HEADER_BYTES = 58;
  private static final long MAX_RIFF_SIZE = 0xFFFF_FFFFL;
  private static final double PCM_24_SCALE = 0x1p23;
  private static final int PCM_24_MAX = (1 << 23) - 1;
  private static final int PCM_24_MIN = -(1 << 23);
  private static final int BUFFER_BYTES = 1 << 16;
  private static final long DITHER_SEED = 0x5EED_A77_0E5L;

  private final FileChannel channel;
  private final WavEncoding encoding;
  private final int headerUpdateFrames;
  private final int frameBytes;
  private final int headerBytes;
  private final long maxFrames;
  private final ByteBuffer buffer =
      ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private final ByteBuffer header;
  private final SplittableRandom dither = new SplittableRandom(DITHER_SEED);

  private long frames;
  private int framesSinceHeader;
  private boolean closed;

  private WavWriter(FileChannel channel, WavEncoding encoding, int headerUpdateFrames) {
    this.channel = channel;
    this.encoding = encoding;
    this.headerUpdateFrames = headerUpdateFrames;
    frameBytes = CHANNELS * encoding.bitsPerSample() / 8;
    headerBytes = encoding.hasFactChunk() ? FLOAT_HEADER_BYTES : PCM_HEADER_BYTES;
    maxFrames = (MAX_RIFF_SIZE - (headerBytes - 8)) / frameBytes;
    header = ByteBuffer.allocate(headerBytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Creates (or truncates) {@code path}, with the header updated every second. */
  public static WavWriter open(Path path, WavEncoding encoding) throws IOException {
    return open(path, encoding, DEFAULT_HEADER_UPDATE_FRAMES);
  }

  /**
   * Creates (or truncates) {@code path} and writes the header of an empty file.
   *
   * @param headerUpdateFrames how many frames may be written between two header updates, so how
   *     much a crash can lose at most (besides what the operating system had not yet stored)
   */
  public static WavWriter open(Path path, WavEncoding encoding, int headerUpdateFrames)
      throws IOException {
    if (headerUpdateFrames < 1) {
      throw new IllegalArgumentException("header update interval " + headerUpdateFrames);
    }
    FileChannel channel =
        FileChannel.open(
            path,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    WavWriter writer = new WavWriter(channel, encoding, headerUpdateFrames);
    try {
      writer.writeHeader();
      channel.position(writer.headerBytes);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return writer;
  }

  /** The encoding of the file. */
  public WavEncoding encoding() {
    return encoding;
  }

  /** Frames written so far. */
  public long frames() {
    return frames;
  }

  /**
   * Appends {@code count} frames.
   *
   * @param left left samples, full scale ±1.0
   * @param right right samples
   * @param count frames to take from the start of both arrays
   * @throws IOException if writing fails or the file would pass the RIFF limit of 4 GiB
   */
  public void write(float[] left, float[] right, int count) throws IOException {
    if (closed) {
      throw new IOException("WAV writer is closed");
    }
    if (frames + count > maxFrames) {
      throw new IOException(
          "WAV file full: " + frames + " frames written, " + maxFrames + " fit in RIFF sizes");
    }
    for (int i = 0; i < count; i++) {
      if (buffer.remaining() < frameBytes) {
        drain();
      }
      putSample(left[i]);
      putSample(right[i]);
      frames++;
      if (++framesSinceHeader == headerUpdateFrames) {
        drain();
        writeHeader();
      }
    }
  }

  private void putSample(float sample) {
    switch (encoding) {
      case FLOAT_32 -> buffer.putFloat(sample);
      case PCM_24_ROUNDED -> putPcm24(sample * PCM_24_SCALE);
      case PCM_24_DITHERED ->
          putPcm24(sample * PCM_24_SCALE + dither.nextDouble() - dither.nextDouble());
    }
  }

  private void putPcm24(double steps) {
    long rounded = Math.round(steps);
    int value = (int) Math.max(PCM_24_MIN, Math.min(PCM_24_MAX, rounded));
    buffer.put((byte) value).put((byte) (value >> 8)).put((byte) (value >> 16));
  }

  private void drain() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  /** Writes the header for the frames written so far at the start of the file. */
  private void writeHeader() throws IOException {
    long dataBytes = frames * frameBytes;
    header.clear();
    header.putInt(ascii('R', 'I', 'F', 'F')).putInt((int) (headerBytes - 8 + dataBytes));
    header.putInt(ascii('W', 'A', 'V', 'E'));
    header.putInt(ascii('f', 'm', 't', ' ')).putInt(encoding.hasFactChunk() ? 18 : 16);
    header.putShort((short) encoding.formatTag());
    header.putShort((short) CHANNELS);
    header.putInt(SampleClock.SAMPLE_RATE);
    header.putInt(SampleClock.SAMPLE_RATE * frameBytes);
    header.putShort((short) frameBytes);
    header.putShort((short) encoding.bitsPerSample());
    if (encoding.hasFactChunk()) {
      header.putShort((short) 0);
      header.putInt(ascii('f', 'a', 'c', 't')).putInt(4).putInt((int) frames);
    }
    header.putInt(ascii('d', 'a', 't', 'a')).putInt((int) dataBytes);
    header.flip();
    long position = 0;
    while (header.hasRemaining()) {
      position += channel.write(header, position);
    }
    framesSinceHeader = 0;
  }

  private static int ascii(char a, char b, char c, char d) {
    return a | b << 8 | c << 16 | d << 24;
  }

  /** Writes what is buffered, finishes the header's sizes and closes the file. Idempotent. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (channel) {
      drain();
      writeHeader();
    }
  }
}
