package org.attune.audio.ogg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attune.audio.opus.OpusFrameSize;
import org.attune.audio.opus.OpusPacketEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OggOpusWriterTest {

  private static final int RATE = 48_000;

  @TempDir Path dir;

  @Test
  void oggCrcIsTheUnreflectedPolynomialWithNoInversion() {
    // CRC-32/POSIX (cksum) of "123456789" is 0x765E7680 after its final inversion; Ogg's is the
    // same register without it. java.util.zip.CRC32 gives 0xCBF43926.
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertThat(OggCrc.of(check, 0, check.length)).isEqualTo(~0x765E7680);
  }

  @Test
  void aWrittenFileReadsBackWithItsLengthOnsetsAndPagesAndOpusinfoAcceptsIt() throws Exception {
    Path file = dir.resolve("bursts.opus");
    int[] onsets = {12_000, 60_000, 100_321};
    int length = 150_000;
    float[][] audio = bursts(length, onsets);
    try (OggOpusWriter w =
        OggOpusWriter.open(file, OpusFrameSize.MS_20, OpusPacketEncoder.DEFAULT_BITRATE)) {
      writeInBlocks(w, audio, length);
      assertThat(w.frames()).isEqualTo(length);
    }

    OggOpusReader.Contents c = OggOpusReader.read(file);
    assertThat(c.endOfStream()).isTrue();
    assertThat(c.truncatedTail()).isFalse();
    assertThat(c.frames()).isEqualTo(length);
    assertThat(c.preSkip()).isEqualTo(312);
    // Two header pages and an audio page a second (3.1 s: three full ones and the last).
    assertThat(c.pages()).isEqualTo(2 + 4);
    float[] decoded = c.decode();
    assertThat(decoded.length / 2).isEqualTo(length);
    for (int onset : onsets) {
      int found = onset(decoded, onset - 2_400, onset + 2_400);
      assertThat(found).as("burst at %d", onset).isBetween(onset - 48, onset + 48);
    }

    ExternalTool.assumeInstalled("opusinfo");
    ExternalTool.Result info = ExternalTool.run("opusinfo", file.toString());
    assertThat(info.exit()).as(info.output()).isZero();
    assertThat(info.output())
        .contains("Pre-skip: 312")
        .contains("Channels: 2")
        .doesNotContain("WARNING")
        .doesNotContain("ERROR");
    assertThat(playbackSeconds(info.output())).isCloseTo(length / (double) RATE, within(0.001));
  }

  @Test
  void silenceWrittenCheaplyDecodesAsSilenceAndKeepsWhatFollowsInPlace() throws Exception {
    Path file = dir.resolve("late.opus");
    int silence = 30 * RATE + 123;
    int after = RATE;
    try (OggOpusWriter w =
        OggOpusWriter.open(file, OpusFrameSize.MS_20, OpusPacketEncoder.DEFAULT_BITRATE)) {
      float[] l = new float[37];
      w.write(l, l, 37);
      w.writeSilence(silence);
      writeInBlocks(w, bursts(after, new int[] {4_000}), after);
    }
    OggOpusReader.Contents c = OggOpusReader.read(file);
    assertThat(c.frames()).isEqualTo(37 + silence + after);
    float[] decoded = c.decode();
    double quiet = 0;
    for (int i = 0; i < 2 * (37 + silence); i++) {
      quiet = Math.max(quiet, Math.abs(decoded[i]));
    }
    assertThat(quiet).isLessThan(1e-3);
    int expected = 37 + silence + 4_000;
    assertThat(onset(decoded, expected - 2_400, expected + 2_400))
        .isBetween(expected - 48, expected + 48);
    // 30 s of silence in repeated packets: a few bytes a frame, not a bitrate's worth.
    assertThat(Files.size(file)).isLessThan(60_000);
  }

  @Test
  void ffprobeReadsTheFileAsOpusOfTheRightLength() throws Exception {
    ExternalTool.assumeInstalled("ffprobe");
    Path file = dir.resolve("tone.opus");
    float[][] audio = bursts(96_000, new int[] {1_000});
    try (OggOpusWriter w = OggOpusWriter.open(file, OpusFrameSize.MS_10, 96_000)) {
      writeInBlocks(w, audio, 96_000);
    }
    ExternalTool.Result probe =
        ExternalTool.run(
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "stream=codec_name,channels,sample_rate:format=duration",
            "-of",
            "default=nw=1",
            file.toString());
    assertThat(probe.exit()).as(probe.output()).isZero();
    assertThat(probe.output()).contains("codec_name=opus").contains("channels=2");
    Matcher m = Pattern.compile("duration=([0-9.]+)").matcher(probe.output());
    assertThat(m.find()).as(probe.output()).isTrue();
    assertThat(Double.parseDouble(m.group(1))).isCloseTo(2.0, within(0.01));
  }

  @Test
  void aFileNeverClosedPlaysUpToItsLastPage() throws Exception {
    Path file = dir.resolve("abandoned.opus");
    int length = 2 * RATE + RATE / 2;
    float[][] audio = bursts(length, new int[] {30_000, 80_000});
    OggOpusWriter w =
        OggOpusWriter.open(file, OpusFrameSize.MS_20, OpusPacketEncoder.DEFAULT_BITRATE);
    writeInBlocks(w, audio, length);
    // Not closed: what a killed process leaves. Pages are handed to the OS as they fill.
    OggOpusReader.Contents c = OggOpusReader.read(file);
    assertThat(c.endOfStream()).isFalse();
    assertThat(c.frames()).as("the two whole seconds").isBetween(2L * RATE - 1_000, 2L * RATE);
    float[] decoded = c.decode();
    assertThat(onset(decoded, 30_000 - 2_400, 30_000 + 2_400)).isBetween(30_000 - 48, 30_048);
    assertThat(onset(decoded, 80_000 - 2_400, 80_000 + 2_400)).isBetween(80_000 - 48, 80_048);
    if (ExternalTool.installed("opusinfo")) {
      // opusinfo exits 1 over the missing end-of-stream flag, and reads the stream all the same.
      ExternalTool.Result info = ExternalTool.run("opusinfo", file.toString());
      assertThat(info.output()).contains("EOS not set").doesNotContain("ERROR");
      assertThat(playbackSeconds(info.output()))
          .isCloseTo(c.frames() / (double) RATE, within(0.001));
    }
    w.close();
    assertThat(OggOpusReader.read(file).frames()).isEqualTo(length);
  }

  @Test
  void aCutPageIsReportedAndEverythingBeforeItReads() throws Exception {
    Path file = dir.resolve("cut.opus");
    try (OggOpusWriter w =
        OggOpusWriter.open(file, OpusFrameSize.MS_20, OpusPacketEncoder.DEFAULT_BITRATE)) {
      writeInBlocks(w, bursts(3 * RATE, new int[] {1_000}), 3 * RATE);
    }
    byte[] whole = Files.readAllBytes(file);
    Path cut = dir.resolve("cut-short.opus");
    int lastPage = lastCapture(whole);
    Files.write(cut, Arrays.copyOf(whole, (lastPage + whole.length) / 2));
    OggOpusReader.Contents c = OggOpusReader.read(cut);
    assertThat(c.truncatedTail()).isTrue();
    assertThat(c.frames())
        .as("the three whole pages before the last")
        .isBetween(3L * RATE - 1_000, 3L * RATE);

    whole[whole.length / 2] ^= 0x40;
    Path damaged = dir.resolve("damaged.opus");
    Files.write(damaged, whole);
    assertThatThrownBy(() -> OggOpusReader.read(damaged))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("checksum");
  }

  /** Where the last page's "OggS" starts. */
  private static int lastCapture(byte[] b) {
    for (int i = b.length - 4; i >= 0; i--) {
      if (b[i] == 'O' && b[i + 1] == 'g' && b[i + 2] == 'g' && b[i + 3] == 'S') {
        return i;
      }
    }
    throw new AssertionError("no page");
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  private static double playbackSeconds(String opusinfo) {
    Matcher m = Pattern.compile("Playback length: (\\d+)m:([0-9.]+)s").matcher(opusinfo);
    assertThat(m.find()).as(opusinfo).isTrue();
    return Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2));
  }

  private static void writeInBlocks(OggOpusWriter w, float[][] audio, int length)
      throws IOException {
    float[] l = new float[64];
    float[] r = new float[64];
    for (int at = 0; at < length; at += 64) {
      int n = Math.min(64, length - at);
      System.arraycopy(audio[0], at, l, 0, n);
      System.arraycopy(audio[1], at, r, 0, n);
      w.write(l, r, n);
    }
  }

  /** Silence with 100 ms bursts of a 440 Hz tone (half level) starting at each onset. */
  private static float[][] bursts(int length, int[] onsets) {
    float[] l = new float[length];
    float[] r = new float[length];
    for (int onset : onsets) {
      for (int i = 0; i < 4_800 && onset + i < length; i++) {
        float s = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / RATE));
        l[onset + i] = s;
        r[onset + i] = s * 0.8f;
      }
    }
    return new float[][] {l, r};
  }

  /** The first frame in {@code [from, to)} whose left sample passes a tenth of that span's peak. */
  private static int onset(float[] interleaved, int from, int to) {
    double peak = 0;
    for (int i = Math.max(0, from); i < to; i++) {
      peak = Math.max(peak, Math.abs(interleaved[2 * i]));
    }
    assertThat(peak).as("sound near %d", from).isGreaterThan(0.05);
    for (int i = Math.max(0, from); i < to; i++) {
      if (Math.abs(interleaved[2 * i]) >= peak / 10) {
        return i;
      }
    }
    return -1;
  }
}
