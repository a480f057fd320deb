package org.attune.loadtest.audio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.attune.audio.sf2.SoundFont;

/**
 * Holds a {@link HeldChord} in FluidSynth: a MIDI file that starts every note at once and holds it,
 * rendered with {@code synth.polyphony} set to the voices asked for, on one core. The realtime
 * factor is the file's length over the process's wall time less its load time.
 *
 * <p>Thread-safe: no.
 */
public final class FluidSynthVoiceProbe implements VoiceProbe {

  private final FluidSynthRunner runner;
  private final Path soundFontFile;
  private final SoundFont font;
  private final FluidSynthRunner.Settings settings;
  private final long holdMillis;
  private final Path work;
  private final long loadNanos;

  /**
   * @param font {@code soundFontFile} as Attune reads it, to count the voices of each note
   * @param seconds how long the notes are held (attack included)
   */
  public FluidSynthVoiceProbe(
      FluidSynthRunner runner,
      Path soundFontFile,
      SoundFont font,
      FluidSynthRunner.Settings settings,
      double seconds,
      Path work)
      throws IOException {
    this.runner = runner;
    this.soundFontFile = soundFontFile;
    this.font = font;
    this.settings = settings.withCpuCores(1);
    this.holdMillis = Math.round(seconds * 1000);
    this.work = work;
    this.loadNanos = runner.loadNanos(soundFontFile, this.settings.withPolyphony(4096), 2);
  }

  /** Startup and loading, subtracted from every probe's wall time. */
  public long loadNanos() {
    return loadNanos;
  }

  @Override
  public Result probe(int voices) throws IOException {
    List<HeldNote> notes = HeldChord.forVoices(font, voices);
    int held = Math.min(voices, HeldChord.loopingVoices(font, notes));
    Path midi = work.resolve("held.mid");
    BenchmarkMidi.writeHeld(notes, holdMillis, midi);
    FluidSynthRunner.Run run =
        runner.render(
            soundFontFile,
            midi,
            work.resolve("held.wav"),
            settings.withPolyphony(Math.min(65_535, voices)));
    if (!run.succeeded()) {
      throw new IOException("fluidsynth failed holding " + voices + " voices: " + run.output());
    }
    double seconds = (holdMillis + 1) / 1000.0;
    long renderNanos = Math.max(1, run.wallNanos() - loadNanos);
    return new Result(voices, held, seconds / (renderNanos / 1e9));
  }
}
