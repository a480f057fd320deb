package org.attune.loadtest.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.attune.audio.sf2.SoundFont;
import org.attune.audio.sf2.SoundFontException;
import org.attune.audio.sf2.SoundFontParser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code render-bench}: Attune's SoundFont player against FluidSynth and Gervill (offline speed on
 * generated group files, voices per core), then Attune's render threads under a ramp of concurrent
 * groups (underruns, load, gesture-to-output latency). Writes {@code render-bench.md} and {@code
 * render-bench.json}.
 */
@Command(
    name = "render-bench",
    mixinStandardHelpOptions = true,
    description = "Benchmark Attune's renderer against FluidSynth and Gervill.")
public final class RenderBench implements Callable<Integer> {

  @Option(
      names = "--out",
      defaultValue = "loadtest/target/render-bench",
      description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--soundfonts",
      split = ",",
      defaultValue = "/usr/share/sounds/sf2/TimGM6mb.sf2,/usr/share/sounds/sf2/FluidR3_GM.sf2",
      description = "SoundFonts to compare on (default: ${DEFAULT-VALUE}).")
  List<Path> soundFonts;

  @Option(
      names = "--parts",
      split = ",",
      defaultValue = "offline,voices,groups",
      description = "Parts to run: offline, voices, groups (default: ${DEFAULT-VALUE}).")
  List<String> parts;

  @Option(names = "--runs", defaultValue = "3", description = "Offline runs per engine.")
  int runs;

  @Option(names = "--seed", defaultValue = "20240611", description = "Seed of the scores.")
  long seed;

  @Option(names = "--fluidsynth", defaultValue = "fluidsynth", description = "FluidSynth binary.")
  String fluidsynth;

  @Option(
      names = "--voices-seconds",
      defaultValue = "5",
      description = "Seconds of held voices rendered per probe, after the attack.")
  double voicesSeconds;

  @Option(
      names = "--groups",
      split = ",",
      defaultValue = "10,20,40,60,80,100,120",
      description =
          "Ramp of concurrent group counts; stops once the render threads are busy"
              + " over 90%% of the time.")
  List<Integer> groupRamp;

  @Option(names = "--step-seconds", defaultValue = "30", description = "Seconds per ramp step.")
  int stepSeconds;

  @Option(
      names = "--minutes",
      defaultValue = "0",
      description = "Then render --long-groups groups for this many minutes (0: skip).")
  double minutes;

  @Option(
      names = "--long-groups",
      defaultValue = "0",
      description = "Groups of the long run (0: the ramp's largest with zero underruns).")
  int longGroups;

  @Option(
      names = "--latency-groups",
      defaultValue = "40",
      description = "The group count whose gesture-to-output latency is reported.")
  int latencyGroups;

  @Option(names = "--render-threads", defaultValue = "2", description = "Render threads.")
  int renderThreads;

  @Option(
      names = "--groups-soundfont",
      defaultValue = "/usr/share/sounds/sf2/FluidR3_GM.sf2",
      description = "SoundFont of the concurrent groups (default: ${DEFAULT-VALUE}).")
  Path groupsSoundFont;

  /** The ramp goes on past underruns (a shared machine may cause them) until the load is full. */
  private static final double MAX_RAMP_LOAD = 0.9;

  private final List<String> notes = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new RenderBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(out);
    Path work = out.resolve("work");
    Files.createDirectories(work);
    boolean haveFluid = FluidSynthRunner.installed(fluidsynth);
    if (!haveFluid) {
      String msg = "fluidsynth is not installed (apt-get install fluidsynth): its rows are skipped";
      System.err.println("render-bench: " + msg);
      notes.add(msg);
    }
    FluidSynthRunner fluid = haveFluid ? new FluidSynthRunner(fluidsynth, work) : null;
    Path midi16 = out.resolve("group-16x10.mid");
    Path midi8 = out.resolve("group-8x4.mid");
    BenchmarkMidi.write(GroupScore.generate(16, 10, 60, seed), midi16);
    BenchmarkMidi.write(GroupScore.generate(8, 4, 60, seed + 1), midi8);
    log("wrote " + midi16 + " and " + midi8);

    List<OfflineRender> offline = new ArrayList<>();
    if (parts.contains("offline")) {
      offline(work, fluid, List.of(midi16, midi8), offline);
    }
    List<VoicesRow> voices = new ArrayList<>();
    if (parts.contains("voices")) {
      voices(work, fluid, voices);
    }
    List<ConcurrentGroups.Step> ramp = new ArrayList<>();
    ConcurrentGroups.Step sustained = null;
    ConcurrentGroups.Step latency = null;
    if (parts.contains("groups")) {
      SoundFont font = SoundFontParser.read(groupsSoundFont);
      ConcurrentGroups groups = new ConcurrentGroups(font, renderThreads, seed);
      log("groups: warming up");
      groups.run(groupRamp.get(0), Duration.ofSeconds(5));
      for (int count : groupRamp) {
        ConcurrentGroups.Step step = groups.run(count, Duration.ofSeconds(stepSeconds));
        ramp.add(step);
        log(
            String.format(
                Locale.ROOT,
                "groups %d: %d underruns, load %.2f, voices %.0f," + " latency p99 %.2f ms",
                count,
                step.underruns(),
                step.renderLoad(),
                step.voicesMean(),
                step.latencyP99Millis()));
        if (count == latencyGroups) {
          latency = step;
        }
        if (step.renderLoad() > MAX_RAMP_LOAD) {
          break;
        }
      }
      if (latency == null) {
        latency = groups.run(latencyGroups, Duration.ofSeconds(stepSeconds));
        log("latency run at " + latencyGroups + " groups: p99 " + latency.latencyP99Millis());
      }
      if (minutes > 0) {
        int count =
            longGroups > 0
                ? longGroups
                : ramp.stream()
                    .filter(s -> s.underruns() == 0)
                    .mapToInt(ConcurrentGroups.Step::groups)
                    .max()
                    .orElse(groupRamp.get(0));
        log("long run: " + count + " groups for " + minutes + " minutes");
        sustained = groups.run(count, Duration.ofMillis(Math.round(minutes * 60_000)));
      }
    }
    RenderBenchResults results =
        new RenderBenchResults(
            commandLine(), environment(fluid), offline, voices, ramp, sustained, latency, notes);
    RenderBenchReport.write(results, out);
    log("wrote " + out.resolve("render-bench.md") + " and render-bench.json");
    return 0;
  }

  private void offline(
      Path work, FluidSynthRunner fluid, List<Path> files, List<OfflineRender> rows)
      throws IOException, SoundFontException {
    OfflineBenchmark bench = new OfflineBenchmark(work, runs, fluid);
    for (Path font : soundFonts) {
      for (Path midi : files) {
        rows.add(logged(bench.attune(font, midi)));
        if (fluid != null) {
          FluidSynthRunner.Settings def = FluidSynthRunner.Settings.DEFAULT;
          rows.add(logged(bench.fluidSynth(font, midi, def)));
          rows.add(
              logged(
                  bench.fluidSynth(
                      font, midi, def.withInterpolation(FluidSynthRunner.Interpolation.LINEAR))));
          rows.add(logged(bench.fluidSynth(font, midi, def.withCpuCores(2))));
        }
        try {
          rows.add(logged(bench.gervill(font, midi)));
        } catch (IOException e) {
          notes.add("Gervill skipped: " + e.getMessage());
          log("Gervill skipped: " + e.getMessage());
        }
      }
    }
  }

  private void voices(Path work, FluidSynthRunner fluid, List<VoicesRow> rows)
      throws IOException, SoundFontException {
    for (Path file : soundFonts) {
      SoundFont font = SoundFontParser.read(file);
      String name = OfflineBenchmark.name(file);
      AttuneVoiceProbe attune = new AttuneVoiceProbe(font, 0.5, voicesSeconds);
      attune.probe(500);
      attune.probe(1000);
      rows.add(logged(search("Attune (linear)", name, attune, 65_535)));
      int capacity = HeldChord.capacity(font);
      if (fluid != null) {
        for (FluidSynthRunner.Interpolation i : FluidSynthRunner.Interpolation.values()) {
          FluidSynthRunner.Settings settings =
              FluidSynthRunner.Settings.DEFAULT.withInterpolation(i);
          FluidSynthVoiceProbe probe =
              new FluidSynthVoiceProbe(fluid, file, font, settings, 0.5 + voicesSeconds, work);
          rows.add(logged(search(settings.label(), name, probe, Math.min(65_535, capacity))));
        }
      }
      try {
        GervillVoiceProbe gervill = new GervillVoiceProbe(file, font, "linear", 0.5, voicesSeconds);
        rows.add(logged(search("Gervill (linear)", name, gervill, capacity)));
      } catch (IOException e) {
        notes.add("Gervill voices skipped: " + e.getMessage());
      }
      notes.add(
          name
              + ": distinct (channel, key) held chords make at most "
              + capacity
              + " looping voices, the cap for FluidSynth and Gervill (they end a note when its key"
              + " restarts on its channel)");
    }
  }

  private static VoicesRow search(String engine, String font, VoiceProbe probe, int max)
      throws IOException {
    VoicesSearch.Outcome o = VoicesSearch.largest(probe, 500, max, 64);
    return new VoicesRow(engine, font, o.voices(), o.capped(), o.probes());
  }

  private static VoicesRow logged(VoicesRow row) {
    log(
        String.format(
            Locale.ROOT,
            "voices %s, %s: %d%s",
            row.engine(),
            row.soundFont(),
            row.voices(),
            row.capped() ? " (capped)" : ""));
    return row;
  }

  private static OfflineRender logged(OfflineRender row) {
    log(
        String.format(
            Locale.ROOT,
            "offline %s, %s, %s: %.2f s audio, best render %.2f s (RT %.1f),"
                + " best total %.2f s (RT %.1f)%s",
            row.midiFile(),
            row.soundFont(),
            row.engine(),
            row.audioSeconds(),
            row.bestRenderSeconds(),
            row.realtimeFactorRender(),
            row.bestTotalSeconds(),
            row.realtimeFactorTotal(),
            row.output() == null
                ? ", sox could not read it"
                : String.format(
                    Locale.ROOT,
                    ", RMS %.1f dBFS, max %.3f",
                    row.output().rmsDbfs(),
                    row.output().maximumAmplitude())));
    return row;
  }

  private String commandLine() {
    return "loadtest/render-bench --parts "
        + String.join(",", parts)
        + " --runs "
        + runs
        + " --step-seconds "
        + stepSeconds
        + (minutes > 0 ? " --minutes " + minutes : "");
  }

  private Map<String, String> environment(FluidSynthRunner fluid) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    env.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
    env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    env.put("fluidsynth", fluid == null ? "not installed" : fluidsynth);
    env.put("seed", String.valueOf(seed));
    return env;
  }

  private static void log(String line) {
    System.err.println("render-bench: " + line);
  }
}
