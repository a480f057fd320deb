package org.attune.audio.midi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.attune.audio.SampleClock;
import org.attune.audio.mix.Limiter;
import org.attune.audio.sf2.SoundFont;
import org.attune.audio.synth.Measure;
import org.attune.audio.synth.TestFonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MidiFileRendererTest {

  private static final int PPQ = 480;

  /** Melodic programs play a 480 Hz sine, the drum kit a 960 Hz one. */
  private static final SoundFont FONT = TestFonts.sines(TestFonts.ORGAN, 480, 960);

  @TempDir Path dir;

  /**
   * Type 1: a tempo track (120 bpm, 60 bpm from beat 2), channel 1 at beats 0, 1 and 3, channel 2
   * at beat 1.5 and the drum channel at beat 2.5: at 0, 0.5, 2.0, 0.75 and 1.5 s.
   */
  private Path song() throws InvalidMidiDataException, IOException {
    Sequence sequence = new Sequence(Sequence.PPQ, PPQ);
    Track tempo = sequence.createTrack();
    tempo.add(tempoChange(0, 500_000));
    tempo.add(tempoChange(2 * PPQ, 1_000_000));
    Track first = sequence.createTrack();
    note(first, 0, 0, 69);
    note(first, 0, PPQ, 69);
    note(first, 0, 3 * PPQ, 69);
    Track second = sequence.createTrack();
    note(second, 1, 3 * PPQ / 2, 69);
    note(second, 9, 5 * PPQ / 2, 69);
    Path file = dir.resolve("song.mid");
    MidiSystem.write(sequence, 1, file.toFile());
    return file;
  }

  private static MidiEvent tempoChange(long tick, int microsPerQuarter)
      throws InvalidMidiDataException {
    byte[] data = {
      (byte) (microsPerQuarter >> 16), (byte) (microsPerQuarter >> 8), (byte) microsPerQuarter
    };
    return new MidiEvent(new MetaMessage(0x51, data, 3), tick);
  }

  private static void note(Track track, int channel, long tick, int key)
      throws InvalidMidiDataException {
    track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, channel, key, 100), tick));
    track.add(
        new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, channel, key, 0), tick + PPQ / 4));
  }

  @Test
  void notesSoundAtTheTempoMapsTimes() throws Exception {
    float[][] out = new float[1][0];
    MidiFileRenderer.Result result =
        new MidiFileRenderer(FONT, 32)
            .render(
                song(),
                (frame, left, right, frames) -> {
                  assertThat(frame).isEqualTo(out[0].length);
                  out[0] = Arrays.copyOf(out[0], out[0].length + frames);
                  System.arraycopy(left, 0, out[0], (int) frame, frames);
                });

    float[] sound = out[0];
    int latency = Limiter.DEFAULT_LOOK_AHEAD_FRAMES;
    double[] seconds = {0, 0.5, 0.75, 1.5, 2.0};
    double[] hz = {480, 480, 480, 960, 480};
    for (int n = 0; n < seconds.length; n++) {
      int expected = (int) SampleClock.frameAt(Math.round(seconds[n] * 1e6)) + latency;
      int onset = Measure.onset(sound, expected - 2000, 0.02);
      assertThat(onset - expected).as("note at %.2f s", seconds[n]).isBetween(-48, 48);
      assertThat(Measure.pitchHz(sound, onset + 200, onset + 4000, 200, 2000))
          .as("pitch at %.2f s", seconds[n])
          .isCloseTo(hz[n], within(1.0));
    }
    assertThat(result.notes()).isEqualTo(5);
    assertThat(result.underruns()).isZero();
    // The last note's end (2.25 s) and two seconds for releases to ring out.
    assertThat(result.frames())
        .isBetween((long) Measure.frames(4.25), (long) Measure.frames(4.25) + 64);
    assertThat(sound.length).isEqualTo((int) result.frames());
  }

  @Test
  void aFileThatIsNotMidiGivesAnIoExceptionNamingIt() throws IOException {
    Path broken = dir.resolve("broken.mid");
    Files.write(broken, "RIFF this is not a MIDI file at all".getBytes(StandardCharsets.US_ASCII));

    assertThatThrownBy(
            () -> new MidiFileRenderer(FONT, 32).render(broken, (frame, left, right, frames) -> {}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("broken.mid");
  }

  @Test
  void aMissingFileGivesAnIoExceptionNamingIt() {
    Path missing = dir.resolve("missing.mid");

    assertThatThrownBy(
            () ->
                new MidiFileRenderer(FONT, 32).render(missing, (frame, left, right, frames) -> {}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("missing.mid");
  }
}
