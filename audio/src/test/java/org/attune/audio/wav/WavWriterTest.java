package org.attune.audio.wav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.attune.audio.SampleClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavWriterTest {

  private static final int RATE = SampleClock.SAMPLE_RATE;
  private static final int BLOCK = SampleClock.BLOCK_FRAMES;
  private static final double LSB = 0x1p-23;

  @TempDir Path dir;

  private static float[] sine(double amplitude, double hz, int frames) {
    float[] out = new float[frames];
    for (int i = 0; i < frames; i++) {
      out[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / RATE));
    }
    return out;
  }

  /** Writes {@code left}/{@code right} in blocks of {@link SampleClock#BLOCK_FRAMES}. */
  private static void writeBlocks(WavWriter writer, float[] left, float[] right)
      throws IOException {
    float[] blockLeft = new float[BLOCK];
    float[] blockRight = new float[BLOCK];
    for (int start = 0; start < left.length; start += BLOCK) {
      int count = Math.min(BLOCK, left.length - start);
      System.arraycopy(left, start, blockLeft, 0, count);
      System.arraycopy(right, start, blockRight, 0, count);
      writer.write(blockLeft, blockRight, count);
    }
  }

  private Path write(WavEncoding encoding, float[] left, float[] right) throws IOException {
    Path file = dir.resolve(encoding + ".wav");
    try (WavWriter writer = WavWriter.open(file, encoding)) {
      writeBlocks(writer, left, right);
      assertThat(writer.frames()).isEqualTo(left.length);
    }
    return file;
  }

  @Test
  void soxReadsTheFloatFileAsStereo48kHzFloatWithTheLevelsWritten() throws IOException {
    Sox.assumeInstalled();
    Path file = write(WavEncoding.FLOAT_32, sine(0.5, 1000, RATE), sine(0.25, 500, RATE));

    String info = Sox.info(file);
    assertThat(Sox.field(info, "Channels")).isEqualTo("2");
    assertThat(Sox.field(info, "Sample Rate")).isEqualTo("48000");
    assertThat(Sox.field(info, "Sample Encoding")).isEqualTo("32-bit Floating Point PCM");
    assertThat(Sox.field(info, "Duration")).startsWith("00:00:01.00 = 48000 samples");
    String left = Sox.stat(file, 1);
    assertThat(Sox.number(left, "Maximum amplitude")).isCloseTo(0.5, within(1e-5));
    assertThat(Sox.number(left, "RMS     amplitude")).isCloseTo(0.5 / Math.sqrt(2), within(1e-5));
    String right = Sox.stat(file, 2);
    assertThat(Sox.number(right, "Maximum amplitude")).isCloseTo(0.25, within(1e-5));
    assertThat(Sox.number(right, "RMS     amplitude")).isCloseTo(0.25 / Math.sqrt(2), within(1e-5));
  }

  @Test
  void soxReadsThe24BitFileAsStereo48kHz24BitWithTheLevelsWritten() throws IOException {
    Sox.assumeInstalled();
    Path file = write(WavEncoding.PCM_24_DITHERED, sine(0.5, 1000, RATE), sine(0.125, 250, RATE));

    String info = Sox.info(file);
    assertThat(Sox.field(info, "Channels")).isEqualTo("2");
    assertThat(Sox.field(info, "Sample Rate")).isEqualTo("48000");
    assertThat(Sox.field(info, "Precision")).isEqualTo("24-bit");
    assertThat(Sox.field(info, "Sample Encoding")).isEqualTo("24-bit Signed Integer PCM");
    assertThat(Sox.field(info, "Duration")).startsWith("00:00:01.00 = 48000 samples");
    String left = Sox.stat(file, 1);
    assertThat(Sox.number(left, "Maximum amplitude")).isCloseTo(0.5, within(1e-5));
    assertThat(Sox.number(left, "RMS     amplitude")).isCloseTo(0.5 / Math.sqrt(2), within(1e-5));
    String right = Sox.stat(file, 2);
    assertThat(Sox.number(right, "RMS     amplitude"))
        .isCloseTo(0.125 / Math.sqrt(2), within(1e-5));
  }

  @Test
  void floatFileRoundTripsEverySampleExactlyIncludingPeaksAboveFullScale() throws IOException {
    float[] left = sine(1.5, 440, 10 * BLOCK + 7);
    float[] right = sine(0.001, 3000, left.length);
    WavAudio audio = WavReader.read(write(WavEncoding.FLOAT_32, left, right));

    assertThat(audio.sampleRate()).isEqualTo(RATE);
    assertThat(audio.floatingPoint()).isTrue();
    assertThat(audio.channels()).hasNumberOfRows(2);
    assertThat(audio.channels()[0]).containsExactly(left);
    assertThat(audio.channels()[1]).containsExactly(right);
  }

  @Test
  void roundedPcmIsWithinHalfAStepOfEverySample() throws IOException {
    float[] left = sine(0.9, 440, RATE / 4);
    float[] right = sine(0.3, 1234, RATE / 4);
    WavAudio audio = WavReader.read(write(WavEncoding.PCM_24_ROUNDED, left, right));

    assertThat(audio.bitsPerSample()).isEqualTo(24);
    for (int i = 0; i < left.length; i++) {
      assertThat((double) audio.channels()[0][i]).isCloseTo(left[i], within(LSB / 2 + 1e-12));
      assertThat((double) audio.channels()[1][i]).isCloseTo(right[i], within(LSB / 2 + 1e-12));
    }
  }

  @Test
  void ditherAddsTriangularNoiseOfHalfAStepRmsAndNoBias() throws IOException {
    // A level between two steps: rounding errs the same way every time, dither averages it out.
    float level = (float) (1000.3 * LSB);
    float[] constant = new float[RATE];
    Arrays.fill(constant, level);
    WavAudio dithered = WavReader.read(write(WavEncoding.PCM_24_DITHERED, constant, constant));
    WavAudio rounded = WavReader.read(write(WavEncoding.PCM_24_ROUNDED, constant, constant));

    double sum = 0;
    double sumOfSquares = 0;
    double largest = 0;
    for (float sample : dithered.channels()[0]) {
      double error = (sample - level) / LSB;
      sum += error;
      sumOfSquares += error * error;
      largest = Math.max(largest, Math.abs(error));
    }
    int n = constant.length;
    // TPDF of ±1 step plus rounding: error power 1/6 + 1/12 of a step squared.
    assertThat(Math.sqrt(sumOfSquares / n)).isCloseTo(Math.sqrt(0.25), within(0.02));
    assertThat(sum / n).isCloseTo(0, within(0.02));
    assertThat(largest).isLessThanOrEqualTo(1.5 + 1e-3);
    assertThat((rounded.channels()[0][0] - level) / LSB).isCloseTo(-0.3, within(1e-3));
  }

  @Test
  void pcmClipsAtFullScale() throws IOException {
    float[] over = {1.5f, -1.5f, 1.0f, -1.0f};
    WavAudio audio = WavReader.read(write(WavEncoding.PCM_24_ROUNDED, over, over));

    assertThat(audio.channels()[0]).containsExactly((float) (1 - LSB), -1f, (float) (1 - LSB), -1f);
  }

  @Test
  void fileLeftOpenByACrashHoldsEverythingUpToTheLastHeaderUpdate() throws IOException {
    Path file = dir.resolve("crashed.wav");
    float[] left = sine(0.5, 1000, 5 * RATE / 2);
    float[] right = sine(0.25, 1000, left.length);
    WavWriter writer = WavWriter.open(file, WavEncoding.FLOAT_32, RATE);
    writeBlocks(writer, left, right);
    // What a crash leaves: the bytes on disk now, with the writer never closed.
    Path copy = dir.resolve("copy.wav");
    Files.copy(file, copy);

    WavAudio audio = WavReader.read(copy);
    assertThat(audio.frames()).isEqualTo(2 * RATE);
    for (int i = 0; i < 2 * RATE; i++) {
      assertThat(audio.channels()[0][i]).isEqualTo(left[i]);
    }
    if (Sox.installed()) {
      assertThat(Sox.field(Sox.info(copy), "Duration")).startsWith("00:00:02.00 = 96000 samples");
    }
    writer.close();
    assertThat(WavReader.read(file).frames()).isEqualTo(left.length);
  }

  @Test
  void fileCrashedBeforeTheFirstHeaderUpdateIsAValidEmptyFile() throws IOException {
    Path file = dir.resolve("early.wav");
    try (WavWriter writer = WavWriter.open(file, WavEncoding.PCM_24_DITHERED)) {
      writeBlocks(writer, sine(0.5, 1000, RATE / 2), sine(0.5, 1000, RATE / 2));
      Path copy = dir.resolve("early-copy.wav");
      Files.copy(file, copy);

      assertThat(WavReader.read(copy).frames()).isZero();
      if (Sox.installed()) {
        assertThat(Sox.field(Sox.info(copy), "Channels")).isEqualTo("2");
        assertThat(Sox.number(Sox.stat(copy, 1), "Samples read")).isZero();
      }
    }
  }

  @Test
  void writingAfterCloseFails() throws IOException {
    WavWriter writer = WavWriter.open(dir.resolve("closed.wav"), WavEncoding.FLOAT_32);
    writer.close();
    writer.close();

    assertThatThrownBy(() -> writer.write(new float[1], new float[1], 1))
        .isInstanceOf(IOException.class);
  }
}
