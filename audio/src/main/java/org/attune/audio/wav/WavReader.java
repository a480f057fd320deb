package org.attune.audio.wav;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a RIFF WAVE file into float samples: 16-, 24- and 32-bit PCM and 32-bit IEEE float, plain
 * or {@code WAVE_FORMAT_EXTENSIBLE}, any number of channels.
 *
 * <p>For tests and tools (it reads the whole file into memory), so that what {@link WavWriter}
 * wrote can be checked sample by sample. PCM is scaled by 2^(bits-1), the inverse of the writer's
 * scaling. A data chunk that claims more bytes than the file holds, as after a crash mid-write, is
 * read up to the last whole frame in the file.
 *
 * <p>Thread-safe: yes (no state).
 */
public final class WavReader {

  private static final int FORMAT_PCM = 1;
  private static final int FORMAT_IEEE_FLOAT = 3;
  private static final int FORMAT_EXTENSIBLE = 0xFFFE;

  private WavReader() {}

  /**
   * Reads {@code path}.
   *
   * @throws IOException if it cannot be read or is not a WAVE file of a supported format
   */
  public static WavAudio read(Path path) throws IOException {
    ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
    if (file.remaining() < 12 || file.getInt() != fourCc("RIFF")) {
      throw new IOException(path + ": not a RIFF file");
    }
    file.getInt();
    if (file.getInt() != fourCc("WAVE")) {
      throw new IOException(path + ": not a WAVE file");
    }
    int format = -1;
    int channels = 0;
    int sampleRate = 0;
    int bits = 0;
    while (file.remaining() >= 8) {
      int id = file.getInt();
      long size = Integer.toUnsignedLong(file.getInt());
      if (id == fourCc("fmt ")) {
        int start = file.position();
        format = Short.toUnsignedInt(file.getShort());
        channels = Short.toUnsignedInt(file.getShort());
        sampleRate = file.getInt();
        file.getInt();
        file.getShort();
        bits = Short.toUnsignedInt(file.getShort());
        if (format == FORMAT_EXTENSIBLE && size >= 40) {
          file.position(start + 24);
          format = Short.toUnsignedInt(file.getShort());
        }
        file.position(start + (int) size + (int) (size & 1));
      } else if (id == fourCc("data")) {
        if (format < 0) {
          throw new IOException(path + ": data chunk before fmt chunk");
        }
        return decode(path, file, size, format, channels, sampleRate, bits);
      } else {
        long skip = size + (size & 1);
        if (skip > file.remaining()) {
          break;
        }
        file.position(file.position() + (int) skip);
      }
    }
    throw new IOException(path + ": no data chunk");
  }

  private static WavAudio decode(
      Path path, ByteBuffer file, long size, int format, int channels, int sampleRate, int bits)
      throws IOException {
    boolean floatingPoint = format == FORMAT_IEEE_FLOAT;
    if (!(format == FORMAT_PCM && (bits == 16 || bits == 24 || bits == 32))
        && !(floatingPoint && bits == 32)) {
      throw new IOException(path + ": unsupported format " + format + " of " + bits + " bits");
    }
    if (channels < 1) {
      throw new IOException(path + ": no channels");
    }
    int frameBytes = channels * bits / 8;
    long available = Math.min(size, file.remaining());
    int frames = (int) (available / frameBytes);
    float[][] samples = new float[channels][frames];
    double scale = 1.0 / (1L << (bits - 1));
    for (int f = 0; f < frames; f++) {
      for (int c = 0; c < channels; c++) {
        samples[c][f] =
            switch (bits) {
              case 16 -> (float) (file.getShort() * scale);
              case 24 -> (float) (readInt24(file) * scale);
              default -> floatingPoint ? file.getFloat() : (float) (file.getInt() * scale);
            };
      }
    }
    return new WavAudio(sampleRate, bits, floatingPoint, samples);
  }

  private static int readInt24(ByteBuffer file) {
    int low = Byte.toUnsignedInt(file.get());
    int middle = Byte.toUnsignedInt(file.get());
    int high = file.get();
    return high << 16 | middle << 8 | low;
  }

  private static int fourCc(String id) {
    return id.charAt(0) | id.charAt(1) << 8 | id.charAt(2) << 16 | id.charAt(3) << 24;
  }
}
