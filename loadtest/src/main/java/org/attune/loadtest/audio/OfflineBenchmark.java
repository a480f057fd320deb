package org.attune.loadtest.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.attune.audio.midi.MidiFileRenderer;
import org.attune.audio.sf2.SoundFont;
import org.attune.audio.sf2.SoundFontException;
import org.attune.audio.sf2.SoundFontParser;

/**
 * Renders the same MIDI file with the same SoundFont on Attune, FluidSynth and Gervill, as fast as
 * each goes, a number of times each, writing each engine's WAV for sox to check.
 *
 * <p>Thread-safe: no.
 */
public final class OfflineBenchmark {

  private final Path work;
  private final int runs;
  private final FluidSynthRunner fluid;

  /**
   * @param fluid null if FluidSynth is not installed
   */
  public OfflineBenchmark(Path work, int runs, FluidSynthRunner fluid) {
    this.work = work;
    this.runs = runs;
    this.fluid = fluid;
  }

  /** Attune's {@link MidiFileRenderer}, the SoundFont parsed afresh for every run. */
  public OfflineRender attune(Path soundFont, Path midi) throws IOException, SoundFontException {
    Path wav = output("attune", soundFont, midi);
    List<Double> total = new ArrayList<>();
    List<Double> render = new ArrayList<>();
    double load = Double.MAX_VALUE;
    double audio = 0;
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      SoundFont font = SoundFontParser.read(soundFont);
      long loaded = System.nanoTime();
      MidiFileRenderer.Result result;
      try (WavFileSink sink = new WavFileSink(wav)) {
        result = new MidiFileRenderer(font, MidiFileRenderer.DEFAULT_POLYPHONY).render(midi, sink);
      }
      long done = System.nanoTime();
      load = Math.min(load, (loaded - start) / 1e9);
      total.add((done - start) / 1e9);
      render.add((done - loaded) / 1e9);
      audio = result.frames() / 48_000.0;
    }
    return new OfflineRender(
        "Attune (linear)",
        name(soundFont),
        name(midi),
        audio,
        load,
        total,
        render,
        SoxStat.of(wav).orElse(null));
  }

  /** FluidSynth's fast render as a process, {@link FluidSynthRunner#loadNanos} its load. */
  public OfflineRender fluidSynth(Path soundFont, Path midi, FluidSynthRunner.Settings settings)
      throws IOException {
    String tag =
        "fluidsynth-"
            + settings.interpolation().name().toLowerCase(Locale.ROOT)
            + "-"
            + settings.cpuCores();
    Path wav = output(tag, soundFont, midi);
    double load = fluid.loadNanos(soundFont, settings, runs) / 1e9;
    List<Double> total = new ArrayList<>();
    List<Double> render = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      FluidSynthRunner.Run run = fluid.render(soundFont, midi, wav, settings);
      if (!run.succeeded()) {
        throw new IOException("fluidsynth failed: " + run.output());
      }
      total.add(run.wallNanos() / 1e9);
      render.add(Math.max(1e-6, run.wallNanos() / 1e9 - load));
    }
    Optional<SoxStat> stat = SoxStat.of(wav);
    double audio = stat.map(SoxStat::lengthSeconds).orElse(Double.NaN);
    return new OfflineRender(
        settings.label(),
        name(soundFont),
        name(midi),
        audio,
        load,
        total,
        render,
        stat.orElse(null));
  }

  /** Gervill opened afresh for every run; its load is opening it and loading the SoundFont. */
  public OfflineRender gervill(Path soundFont, Path midi) throws IOException {
    Path wav = output("gervill", soundFont, midi);
    List<Double> total = new ArrayList<>();
    List<Double> render = new ArrayList<>();
    double load = Double.MAX_VALUE;
    double audio = 0;
    for (int i = 0; i < runs; i++) {
      try (GervillRenderer gervill =
          new GervillRenderer(soundFont, "linear", MidiFileRenderer.DEFAULT_POLYPHONY)) {
        GervillRenderer.Result result = gervill.render(midi, wav);
        double loadSeconds = gervill.loadNanos() / 1e9;
        load = Math.min(load, loadSeconds);
        total.add(loadSeconds + result.renderNanos() / 1e9);
        render.add(result.renderNanos() / 1e9);
        audio = result.frames() / 48_000.0;
      }
    }
    return new OfflineRender(
        "Gervill (linear)",
        name(soundFont),
        name(midi),
        audio,
        load,
        total,
        render,
        SoxStat.of(wav).orElse(null));
  }

  private Path output(String engine, Path soundFont, Path midi) throws IOException {
    Path dir = work.resolve("wav");
    Files.createDirectories(dir);
    return dir.resolve(engine + "-" + stem(soundFont) + "-" + stem(midi) + ".wav");
  }

  static String name(Path file) {
    return file.getFileName().toString();
  }

  private static String stem(Path file) {
    String n = name(file);
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }
}
