package org.attune.loadtest.audio;

import java.util.List;

/**
 * One engine's offline renders of one file with one SoundFont, every run kept.
 *
 * <p>{@code totalSeconds} are whole runs: for FluidSynth the process from start to exit, for Attune
 * and Gervill loading the SoundFont plus rendering. {@code renderSeconds} leave the load out:
 * measured for Attune and Gervill, estimated for FluidSynth as its total less the wall time of
 * rendering a one-second file ({@code loadSeconds}).
 *
 * <p>{@code output} is what sox read of the last run's file, null if sox could not.
 *
 * <p>Thread-safe: yes (immutable).
 */
public record OfflineRender(
    String engine,
    String soundFont,
    String midiFile,
    double audioSeconds,
    double loadSeconds,
    List<Double> totalSeconds,
    List<Double> renderSeconds,
    SoxStat output) {

  public OfflineRender {
    totalSeconds = List.copyOf(totalSeconds);
    renderSeconds = List.copyOf(renderSeconds);
  }

  public double bestTotalSeconds() {
    return totalSeconds.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  public double bestRenderSeconds() {
    return renderSeconds.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  /** Seconds of audio over the best whole run's seconds. */
  public double realtimeFactorTotal() {
    return audioSeconds / bestTotalSeconds();
  }

  /** Seconds of audio over the best run's rendering seconds. */
  public double realtimeFactorRender() {
    return audioSeconds / bestRenderSeconds();
  }
}
