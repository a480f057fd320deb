package org.attune.loadtest.audio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code sox FILE -n stat} says of a rendered file: its length, RMS and peak amplitude (full
 * scale is 1). An independent reader, so that "it rendered sound" is not the renderer's own word.
 *
 * <p>Thread-safe: yes (immutable; {@link #of} starts a process).
 */
public record SoxStat(double lengthSeconds, double rmsAmplitude, double maximumAmplitude) {

  private static final Pattern LENGTH = Pattern.compile("Length \\(seconds\\):\\s+([0-9.eE+-]+)");
  private static final Pattern RMS = Pattern.compile("RMS\\s+amplitude:\\s+([0-9.eE+-]+)");
  private static final Pattern MAXIMUM = Pattern.compile("Maximum amplitude:\\s+([0-9.eE+-]+)");

  /** RMS in dB below full scale. */
  public double rmsDbfs() {
    return 20 * Math.log10(Math.max(rmsAmplitude, 1e-12));
  }

  /** Runs sox on {@code file}; empty if sox is not installed or cannot read it. */
  public static Optional<SoxStat> of(Path file) {
    try {
      Process p =
          new ProcessBuilder(List.of("sox", file.toString(), "-n", "stat"))
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroy();
        return Optional.empty();
      }
      return parse(out);
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Reads sox's stat report; empty if a figure is missing. */
  static Optional<SoxStat> parse(String report) {
    Matcher length = LENGTH.matcher(report);
    Matcher rms = RMS.matcher(report);
    Matcher max = MAXIMUM.matcher(report);
    if (!length.find() || !rms.find() || !max.find()) {
      return Optional.empty();
    }
    return Optional.of(
        new SoxStat(
            Double.parseDouble(length.group(1)),
            Double.parseDouble(rms.group(1)),
            Double.parseDouble(max.group(1))));
  }
}
