package org.attune.loadtest.audio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a render-bench run as {@code render-bench.json} (every figure and probe) and {@code
 * render-bench.md} (tables, the ratios and the targets).
 *
 * <p>Thread-safe: yes (stateless).
 */
public final class RenderBenchReport {

  /** Attune against FluidSynth, on each file: at least this much faster. */
  static final double TARGET_SPEEDUP = 2;

  static final int TARGET_VOICES = 4_000;
  static final int TARGET_GROUPS = 40;
  static final double TARGET_LATENCY_MILLIS = 10;
  private static final String BASELINE = "FluidSynth 4th-order, 1 core";

  private RenderBenchReport() {}

  public static void write(RenderBenchResults results, Path directory) throws IOException {
    Files.createDirectories(directory);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(directory.resolve("render-bench.json").toFile(), results);
    Files.writeString(directory.resolve("render-bench.md"), markdown(results));
  }

  static String markdown(RenderBenchResults r) {
    StringBuilder md = new StringBuilder("# Render benchmark\n\n");
    md.append("Command: `").append(r.command()).append("`\n\n");
    for (Map.Entry<String, String> e :
        r.environment().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .collect(Collectors.toList())) {
      md.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
    }
    md.append('\n');
    offline(md, r.offline());
    voices(md, r.voices());
    groups(md, r);
    targets(md, r);
    if (!r.notes().isEmpty()) {
      md.append("## Notes\n\n");
      for (String n : r.notes()) {
        md.append("- ").append(n).append('\n');
      }
    }
    return md.toString();
  }

  private static void offline(StringBuilder md, List<OfflineRender> rows) {
    if (rows.isEmpty()) {
      return;
    }
    md.append("## Offline render (best of runs)\n\n")
        .append(
            "Total: FluidSynth's whole process; Attune and Gervill: loading the SoundFont and"
                + " rendering. Render: FluidSynth's total less its one-second-file run (load);"
                + " Attune and Gervill measured. RT = seconds of audio / seconds of wall time.\n\n")
        .append(
            "| file | SoundFont | engine | audio s | total s (runs) | RT total | load s |"
                + " render s (best) | RT render | sox RMS dBFS | sox max |\n")
        .append("|---|---|---|---:|---|---:|---:|---:|---:|---:|---:|\n");
    for (OfflineRender o : rows) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %.2f | %s | %.1f | %.2f | %.2f | %.1f | %s | %s |%n",
              o.midiFile(),
              o.soundFont(),
              o.engine(),
              o.audioSeconds(),
              runs(o.totalSeconds()),
              o.realtimeFactorTotal(),
              o.loadSeconds(),
              o.bestRenderSeconds(),
              o.realtimeFactorRender(),
              o.output() == null ? "-" : String.format(Locale.ROOT, "%.1f", o.output().rmsDbfs()),
              o.output() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.3f", o.output().maximumAmplitude())));
    }
    md.append("\nAttune's speed over FluidSynth's (")
        .append(BASELINE)
        .append("):\n\n")
        .append(
            "Ratios of wall times on the same file (FluidSynth's over Attune's): FluidSynth"
                + " renders its own length of tail after the last note, so realtime factors of"
                + " different lengths are not compared.\n\n")
        .append(
            "| file | SoundFont | render-only ratio | whole-run ratio |\n|---|---|---:|---:|\n");
    for (OfflineRender a : rows) {
      if (!a.engine().startsWith("Attune")) {
        continue;
      }
      for (OfflineRender f : rows) {
        if (f.engine().equals(BASELINE)
            && f.midiFile().equals(a.midiFile())
            && f.soundFont().equals(a.soundFont())) {
          md.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %s | %.2fx | %.2fx |%n",
                  a.midiFile(),
                  a.soundFont(),
                  speedup(a, f),
                  f.bestTotalSeconds() / a.bestTotalSeconds()));
        }
      }
    }
    md.append('\n');
  }

  /** How many times faster Attune rendered the file than FluidSynth, render only. */
  static double speedup(OfflineRender attune, OfflineRender fluid) {
    return fluid.bestRenderSeconds() / attune.bestRenderSeconds();
  }

  private static String runs(List<Double> seconds) {
    return seconds.stream()
        .map(s -> String.format(Locale.ROOT, "%.2f", s))
        .collect(Collectors.joining(", "));
  }

  private static void voices(StringBuilder md, List<VoicesRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    md.append("## Voices sustained on one core\n\n")
        .append(
            "Largest held-voice count rendered faster than real time (binary search);"
                + " probes as voices:realtime factor.\n\n")
        .append("| engine | SoundFont | voices | probes |\n|---|---|---:|---|\n");
    for (VoicesRow v : rows) {
      String probes =
          v.probes().stream()
              .map(
                  p ->
                      String.format(Locale.ROOT, "%d:%.2f", p.voices(), p.realtimeFactor())
                          + (p.sounding() < p.voices() ? "(" + p.sounding() + " held)" : ""))
              .collect(Collectors.joining(" "));
      md.append("| ")
          .append(v.engine())
          .append(" | ")
          .append(v.soundFont())
          .append(" | ")
          .append(v.voices())
          .append(v.capped() ? " (cap)" : "")
          .append(" | ")
          .append(probes)
          .append(" |\n");
    }
    md.append('\n');
  }

  private static void groups(StringBuilder md, RenderBenchResults r) {
    if (r.ramp().isEmpty() && r.sustained() == null) {
      return;
    }
    md.append("## Concurrent real-time groups\n\n")
        .append(
            "8 members at 4 notes/s each, backing drums+bass+pad; RenderScheduler on the"
                + " server clock. Latency: block handed to the sinks minus the note's played-at"
                + " time; placement: the onset frame's time minus played-at.\n\n")
        .append(
            "| groups | s | underruns | late notes | queue/schedule drops | render load |"
                + " max block ms | voices mean/max | notes | latency p50/p99/max ms |"
                + " placement ms | machine load avg |\n")
        .append("|---:|---:|---:|---:|---|---:|---:|---|---:|---|---|---:|\n");
    for (ConcurrentGroups.Step s : r.ramp()) {
      step(md, s, "");
    }
    if (r.sustained() != null) {
      step(md, r.sustained(), " (long run)");
    }
    md.append("\nLargest count with zero underruns: ")
        .append(r.largestGroupsWithoutUnderruns())
        .append("\n\n");
  }

  private static void step(StringBuilder md, ConcurrentGroups.Step s, String tag) {
    md.append(
        String.format(
            Locale.ROOT,
            "| %d%s | %.0f | %d | %d | %d/%d | %.2f | %.2f | %.0f/%d | %d | %.2f/%.2f/%.2f |"
                + " %.2f..%.2f | %.1f |%n",
            s.groups(),
            tag,
            s.seconds(),
            s.underruns(),
            s.lateNotes(),
            s.queueDrops(),
            s.scheduleDrops(),
            s.renderLoad(),
            s.maxBlockMillis(),
            s.voicesMean(),
            s.voicesMax(),
            s.notes(),
            s.latencyP50Millis(),
            s.latencyP99Millis(),
            s.latencyMaxMillis(),
            s.placementMinMillis(),
            s.placementMaxMillis(),
            s.machineLoadAverage()));
  }

  private static void targets(StringBuilder md, RenderBenchResults r) {
    md.append("## Targets\n\n| target | measured | met |\n|---|---|---|\n");
    double worstRatio = Double.MAX_VALUE;
    for (OfflineRender a : r.offline()) {
      for (OfflineRender f : r.offline()) {
        if (a.engine().startsWith("Attune")
            && f.engine().equals(BASELINE)
            && f.midiFile().equals(a.midiFile())
            && f.soundFont().equals(a.soundFont())) {
          worstRatio = Math.min(worstRatio, speedup(a, f));
        }
      }
    }
    if (worstRatio != Double.MAX_VALUE) {
      target(
          md,
          "Attune >= 2x FluidSynth on each file (render-only)",
          String.format(Locale.ROOT, "worst %.2fx", worstRatio),
          worstRatio >= TARGET_SPEEDUP);
    }
    int attuneVoices =
        r.voices().stream()
            .filter(v -> v.engine().startsWith("Attune"))
            .mapToInt(VoicesRow::voices)
            .min()
            .orElse(-1);
    if (attuneVoices >= 0) {
      target(
          md,
          "Attune >= 4,000 voices per core (linear)",
          attuneVoices + " (worst font)",
          attuneVoices >= TARGET_VOICES);
    }
    if (!r.ramp().isEmpty() || r.sustained() != null) {
      ConcurrentGroups.Step s = r.sustained();
      int groups = s != null && s.underruns() == 0 ? s.groups() : r.largestGroupsWithoutUnderruns();
      String how =
          s != null
              ? String.format(
                  Locale.ROOT,
                  "%d groups for %.0f s: %d underruns",
                  s.groups(),
                  s.seconds(),
                  s.underruns())
              : groups + " groups (ramp steps only)";
      target(
          md, ">= 40 8-member groups in real time, zero underruns", how, groups >= TARGET_GROUPS);
    }
    if (r.latency() != null) {
      ConcurrentGroups.Step l = r.latency();
      target(
          md,
          "gesture-to-output <= 10 ms (" + l.groups() + " groups)",
          String.format(
              Locale.ROOT, "p99 %.2f ms, max %.2f ms", l.latencyP99Millis(), l.latencyMaxMillis()),
          l.latencyP99Millis() <= TARGET_LATENCY_MILLIS);
    }
    md.append('\n');
  }

  private static void target(StringBuilder md, String target, String measured, boolean met) {
    md.append("| ")
        .append(target)
        .append(" | ")
        .append(measured)
        .append(" | ")
        .append(met ? "yes" : "**no**")
        .append(" |\n");
  }
}
