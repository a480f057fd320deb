package org.attune.loadtest.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.attune.loadtest.run.LoadResult;
import org.attune.loadtest.run.TimelineRow;

/**
 * The report's plots: the latency distribution of each run against the floor (on a "nines" axis, so
 * that the tail is as wide as the body), and throughput and server CPU over time.
 *
 * <p>Thread-safe: yes (stateless).
 */
public final class Charts {

  /** The nines shown: 0 = p0, 1 = p90, 2 = p99, ... 5 = p99.999. */
  private static final double MAX_NINES = 5;

  private Charts() {}

  /**
   * Writes the SVG files for {@code report} into {@code dir}.
   *
   * @return file name by caption, in the order written
   */
  public static Map<String, String> write(LoadTestReport report, Path dir) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    LineChart cdf =
        new LineChart(
                "Gesture fan-out latency distribution",
                "percentile",
                "latency (µs, log scale)",
                true)
            .xTicks(
                new double[] {0, 1, 2, 3, 4, 5},
                n ->
                    n == 0
                        ? "0%"
                        : n == 1 ? "90%" : n == 2 ? "99%" : "99." + "9".repeat((int) n - 2) + "%");
    if (report.floor() != null) {
      cdf.add(
          new LineChart.Series(
              "floor (minimal Netty relay)", nines(report.floor().latencyNanos())));
    }
    if (report.loopback() != null) {
      cdf.add(new LineChart.Series("Attune, loopback", nines(report.loopback().fanOutNanos())));
    }
    if (report.impaired() != null) {
      cdf.add(
          new LineChart.Series(
              "Attune, emulated 20 ± 5 ms link", nines(report.impaired().fanOutNanos())));
    }
    write(dir, "latency-cdf.svg", cdf.toSvg(), "Fan-out latency distribution", files);
    for (LoadResult run : new LoadResult[] {report.loopback(), report.impaired()}) {
      if (run == null) {
        continue;
      }
      String name = run.workload().name();
      List<double[]> sent = new ArrayList<>();
      List<double[]> received = new ArrayList<>();
      List<double[]> cores = new ArrayList<>();
      List<double[]> p99 = new ArrayList<>();
      for (TimelineRow row : run.timeline()) {
        sent.add(new double[] {row.second(), row.sentPerSecond()});
        received.add(new double[] {row.second(), row.receivedPerSecond()});
        cores.add(new double[] {row.second(), row.serverCores()});
        p99.add(new double[] {row.second(), row.fanOutP99Micros()});
      }
      LineChart throughput =
          new LineChart(
                  "Throughput over time, " + name,
                  "seconds since playing started (warm-up: first "
                      + run.workload().warmup().toSeconds()
                      + " s)",
                  "gestures per second",
                  false)
              .add(new LineChart.Series("received (after fan-out)", received))
              .add(new LineChart.Series("sent", sent));
      write(
          dir,
          "throughput-" + name + ".svg",
          throughput.toSvg(),
          "Throughput over time, " + name,
          files);
      LineChart cpu =
          new LineChart(
                  "Server CPU over time, " + name, "seconds since playing started", "cores", false)
              .add(new LineChart.Series("server process CPU", cores));
      write(dir, "cpu-" + name + ".svg", cpu.toSvg(), "Server CPU over time, " + name, files);
      LineChart latency =
          new LineChart(
                  "Fan-out p99 per second, " + name,
                  "seconds since playing started",
                  "µs (log scale)",
                  true)
              .add(new LineChart.Series("p99 of the second", p99));
      write(dir, "p99-" + name + ".svg", latency.toSvg(), "Fan-out p99 per second, " + name, files);
    }
    return files;
  }

  /** The histogram's percentile spectrum as (nines, microseconds) points. */
  static List<double[]> nines(Histogram nanos) {
    List<double[]> points = new ArrayList<>();
    if (nanos.getTotalCount() == 0) {
      return points;
    }
    for (double n = 0; n <= MAX_NINES + 1e-9; n += 0.05) {
      double percentile = 100 * (1 - Math.pow(10, -n));
      points.add(new double[] {n, nanos.getValueAtPercentile(percentile) / 1_000.0});
    }
    return points;
  }

  private static void write(
      Path dir, String file, String svg, String caption, Map<String, String> files)
      throws IOException {
    Files.writeString(dir.resolve(file), svg, StandardCharsets.UTF_8);
    files.put(caption, file);
  }
}
