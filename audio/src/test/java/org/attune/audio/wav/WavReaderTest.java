package org.attune.audio.wav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavReaderTest {

  @TempDir Path dir;

  /** Has sox synthesize one second of a 1 kHz sine at half scale, in both channels. */
  private Path soxSine(String name, String... format) throws IOException, InterruptedException {
    Path file = dir.resolve(name);
    List<String> command = new ArrayList<>(List.of("sox", "-n", "-r", "48000", "-c", "2"));
    command.addAll(List.of(format));
    command.addAll(List.of(file.toString(), "synth", "1", "sine", "1000", "vol", "0.5"));
    Process sox = new ProcessBuilder(command).redirectErrorStream(true).start();
    sox.getInputStream().readAllBytes();
    assertThat(sox.waitFor()).isZero();
    return file;
  }

  private static void assertHalfScaleSine(WavAudio audio) {
    assertThat(audio.sampleRate()).isEqualTo(48_000);
    assertThat(audio.frames()).isEqualTo(48_000);
    for (float[] channel : audio.channels()) {
      double sum = 0;
      float peak = 0;
      for (float sample : channel) {
        sum += (double) sample * sample;
        peak = Math.max(peak, Math.abs(sample));
      }
      assertThat(peak).isCloseTo(0.5f, within(1e-4f));
      assertThat(Math.sqrt(sum / channel.length)).isCloseTo(0.5 / Math.sqrt(2), within(1e-4));
    }
  }

  @Test
  void readsTheExtensible24BitPcmThatSoxWrites() throws Exception {
    Sox.assumeInstalled();
    WavAudio audio = WavReader.read(soxSine("sox24.wav", "-b", "24"));

    assertThat(audio.bitsPerSample()).isEqualTo(24);
    assertThat(audio.floatingPoint()).isFalse();
    assertHalfScaleSine(audio);
  }

  @Test
  void readsTheFloatFilesThatSoxWrites() throws Exception {
    Sox.assumeInstalled();
    WavAudio audio = WavReader.read(soxSine("soxf.wav", "-e", "floating-point", "-b", "32"));

    assertThat(audio.floatingPoint()).isTrue();
    assertHalfScaleSine(audio);
  }

  @Test
  void reads16BitPcm() throws Exception {
    Sox.assumeInstalled();
    WavAudio audio = WavReader.read(soxSine("sox16.wav", "-b", "16"));

    assertThat(audio.bitsPerSample()).isEqualTo(16);
    assertHalfScaleSine(audio);
  }

  @Test
  void rejectsAFileThatIsNotRiffWave() throws IOException {
    Path file = dir.resolve("not.wav");
    Files.writeString(file, "ID3 this is an mp3, honestly");

    assertThatThrownBy(() -> WavReader.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a RIFF file");
  }
}
