package org.attune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code attune render} writes a WAV file that an independent reader, sox, opens and measures: the
 * format, the length the MIDI file asks for, and sound where the notes are.
 */
class RenderCommandTest {

  private static final Path TIMGM = Path.of("/usr/share/sounds/sf2/TimGM6mb.sf2");

  @TempDir Path dir;

  /** Two seconds of notes at 120 BPM (a C major scale, a kick on every beat), then silence. */
  private Path scale() throws Exception {
    Sequence sequence = new Sequence(Sequence.PPQ, 480);
    Track track = sequence.createTrack();
    int[] keys = {60, 62, 64, 65};
    for (int i = 0; i < keys.length; i++) {
      track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, keys[i], 100), i * 480L));
      track.add(
          new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, keys[i], 0), i * 480L + 400));
      track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 9, 36, 110), i * 480L));
    }
    Path midi = dir.resolve("scale.mid");
    MidiSystem.write(sequence, 1, new File(midi.toString()));
    return midi;
  }

  private int render(String... args) {
    CommandLine cli = new CommandLine(new AttuneCommand());
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(new StringWriter()));
    return cli.execute(args);
  }

  @Test
  void theWavPassesSoxAndHoldsTheNotes() throws Exception {
    assumeTrue(sox("--version").exitCode == 0, "sox is installed (.ci/run installs it)");
    Path wav = dir.resolve("scale.wav");
    String font = Files.exists(TIMGM) ? TIMGM.toString() : "builtin";

    assertThat(render("render", scale().toString(), "--soundfont", font, "-o", wav.toString()))
        .isZero();

    Sox info = sox("--i", wav.toString());
    assertThat(info.output)
        .contains("Channels       : 2", "Sample Rate    : 48000", "Precision      : 24-bit");
    // The last note ends 1.917 s in (beat 3 and 400 ticks at 120 BPM), then a 2 s tail.
    assertThat(number(info.output, "Duration       : 00:00:(\\d+\\.\\d+)"))
        .isCloseTo(3.92, within(0.02));
    double notes =
        number(
            sox(wav.toString(), "-n", "trim", "0", "2", "stat").output,
            "RMS     amplitude:\\s+([\\d.]+)");
    assertThat(notes).isGreaterThan(0.01);
    assertThat(number(sox(wav.toString(), "-n", "stat").output, "Maximum amplitude:\\s+([\\d.]+)"))
        .as("peak, under the limiter's ceiling")
        .isLessThan(0.9);
    double tail =
        number(
            sox(wav.toString(), "-n", "trim", "3.6", "stat").output,
            "RMS     amplitude:\\s+([\\d.]+)");
    assertThat(tail).as("the releases' tail, 20 dB below the notes").isLessThan(notes / 10);
  }

  @Test
  void aBrokenMidiFileIsRefusedWithItsName() throws Exception {
    Path bad = dir.resolve("bad.mid");
    Files.writeString(bad, "not a MIDI file");
    CommandLine cli = new CommandLine(new AttuneCommand());
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));
    assertThat(
            cli.execute(
                "render",
                bad.toString(),
                "--soundfont",
                "builtin",
                "-o",
                dir.resolve("x.wav").toString()))
        .isNotZero();
    assertThat(err.toString()).contains("bad.mid");
  }

  private record Sox(int exitCode, String output) {}

  private static Sox sox(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("sox"));
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Sox(-1, e.getMessage());
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Sox(p.exitValue(), out);
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s in:%n%s", regex, text).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
