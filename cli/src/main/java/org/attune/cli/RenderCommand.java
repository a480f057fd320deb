package org.attune.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.attune.audio.midi.MidiFileRenderer;
import org.attune.audio.sf2.SoundFont;
import org.attune.audio.sf2.SoundFontException;
import org.attune.audio.wav.WavEncoding;
import org.attune.audio.wav.WavWriter;
import org.attune.server.mixer.SoundSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code attune render}: renders a Standard MIDI File to a WAV file through the engine and mixer
 * bus that play a group, as fast as it can.
 */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = "Render a Standard MIDI File to a 48 kHz stereo WAV file with Attune's engine.")
final class RenderCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE.mid", description = "The Standard MIDI File.")
  Path midi;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "FILE.wav",
      description = "The WAV file to write.")
  Path output;

  @Option(
      names = "--soundfont",
      paramLabel = "SF2",
      description =
          "SoundFont 2 file (default: $ATTUNE_SOUNDFONT, else an installed one, else the"
              + " built-in voices; 'builtin' forces those).")
  Path soundFont;

  @Option(names = "--float", description = "Write 32-bit float samples instead of 24-bit PCM.")
  boolean floatSamples;

  @Option(
      names = "--polyphony",
      defaultValue = "" + MidiFileRenderer.DEFAULT_POLYPHONY,
      description = "Voices sounding at once before stealing (default: ${DEFAULT-VALUE}).")
  int polyphony;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try {
      return render();
    } catch (IOException | SoundFontException e) {
      spec.commandLine().getErr().println("attune render: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 1;
    }
  }

  private int render() throws IOException, SoundFontException {
    Rendered rendered =
        renderToWav(midi, output, Optional.ofNullable(soundFont), floatSamples, polyphony);
    report(spec.commandLine().getOut(), output, rendered);
    return 0;
  }

  /** What a render did, and the SoundFont it played with. */
  record Rendered(MidiFileRenderer.Result result, String fontName) {}

  /**
   * Renders {@code midi} to the WAV file {@code output} through the group's engine and bus: the one
   * code path of {@code attune render}, also used by {@code attune sessions export --wav}.
   *
   * @param soundFont a SoundFont file, "builtin", or empty for the default ({@link
   *     SoundSystem#loadFont})
   */
  static Rendered renderToWav(
      Path midi, Path output, Optional<Path> soundFont, boolean floatSamples, int polyphony)
      throws IOException, SoundFontException {
    SoundFont font = SoundSystem.loadFont(soundFont);
    MidiFileRenderer.Result result;
    try (WavWriter wav =
        WavWriter.open(output, floatSamples ? WavEncoding.FLOAT_32 : WavEncoding.PCM_24_DITHERED)) {
      result =
          new MidiFileRenderer(font, polyphony)
              .render(
                  midi,
                  (frame, left, right, frames) -> {
                    try {
                      wav.write(left, right, frames);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return new Rendered(result, font.name());
  }

  /** One line on what a render wrote. */
  static void report(PrintWriter out, Path output, Rendered rendered) {
    MidiFileRenderer.Result result = rendered.result();
    out.printf(
        "%s: %.1f s of audio, %d notes, with %s, in %.2f s (%.1fx real time)%n",
        output,
        result.frames() / 48_000.0,
        result.notes(),
        rendered.fontName(),
        result.renderNanos() / 1e9,
        result.realtimeFactor());
    out.flush();
  }
}
