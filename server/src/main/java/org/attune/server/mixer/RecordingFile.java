package org.attune.server.mixer;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import org.attune.audio.ogg.OggOpusWriter;
import org.attune.audio.opus.OpusFrameSize;
import org.attune.audio.opus.OpusPacketEncoder;
import org.attune.audio.wav.WavEncoding;
import org.attune.audio.wav.WavWriter;
import org.attune.protocol.v1.RecordFormat;

/**
 * One file of a recording, the master's or a stem's, in the format the facilitator chose: the
 * writer thread's view of {@link WavWriter} and {@link OggOpusWriter}.
 *
 * <p>Thread-safe: no; the recording's writer thread only (it does file I/O and, for Ogg Opus,
 * encodes).
 */
interface RecordingFile extends Closeable {

  /** The file name's ending for a format: ".wav" or ".opus". */
  static String extension(RecordFormat format) {
    return format == RecordFormat.OGG_OPUS ? ".opus" : ".wav";
  }

  /** Creates {@code path} for {@code format}. */
  static RecordingFile open(Path path, RecordFormat format) throws IOException {
    return switch (format) {
      case OGG_OPUS ->
          new Ogg(OggOpusWriter.open(path, OpusFrameSize.MS_20, OpusPacketEncoder.DEFAULT_BITRATE));
      case WAV_FLOAT32 -> new Wav(WavWriter.open(path, WavEncoding.FLOAT_32));
      default -> new Wav(WavWriter.open(path, WavEncoding.PCM_24_DITHERED));
    };
  }

  void write(float[] left, float[] right, int frames) throws IOException;

  /** Writes {@code frames} of silence (long stretches, for a stem that starts late). */
  void writeSilence(long frames) throws IOException;

  /** Frames written so far. */
  long frames();

  /** Bytes on disk so far. */
  long bytes();

  /** A WAV file; its header is brought up to date every second. */
  final class Wav implements RecordingFile {
    private final WavWriter writer;
    private final float[] zeros = new float[4_800];

    Wav(WavWriter writer) {
      this.writer = writer;
    }

    @Override
    public void write(float[] left, float[] right, int frames) throws IOException {
      writer.write(left, right, frames);
    }

    @Override
    public void writeSilence(long frames) throws IOException {
      for (long left = frames; left > 0; ) {
        int n = (int) Math.min(left, zeros.length);
        writer.write(zeros, zeros, n);
        left -= n;
      }
    }

    @Override
    public long frames() {
      return writer.frames();
    }

    @Override
    public long bytes() {
      return writer.frames() * 2L * writer.encoding().bitsPerSample() / 8;
    }

    @Override
    public void close() throws IOException {
      writer.close();
    }
  }

  /** An Ogg Opus file, encoded here on the writer thread; a page goes out every second. */
  final class Ogg implements RecordingFile {
    private final OggOpusWriter writer;

    Ogg(OggOpusWriter writer) {
      this.writer = writer;
    }

    @Override
    public void write(float[] left, float[] right, int frames) throws IOException {
      writer.write(left, right, frames);
    }

    @Override
    public void writeSilence(long frames) throws IOException {
      writer.writeSilence(frames);
    }

    @Override
    public long frames() {
      return writer.frames();
    }

    @Override
    public long bytes() {
      return writer.bytesWritten();
    }

    @Override
    public void close() throws IOException {
      writer.close();
    }
  }
}
