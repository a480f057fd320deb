package org.attune.loadtest.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.attune.loadtest.floor.FloorResult;
import org.attune.loadtest.measure.Percentiles;
import org.attune.loadtest.run.LoadResult;

/**
 * The readable report: targets, latency against the floor, clock sync and firing spread with and
 * without the emulated link, delivery, server resources, and the plots.
 *
 * <p>Thread-safe: yes (stateless).
 */
public final class MarkdownReport {

  private MarkdownReport() {}

  public static void write(LoadTestReport report, Map<String, String> charts, Path file)
      throws IOException {
    Files.writeString(file, render(report, charts), StandardCharsets.UTF_8);
  }

  static String render(LoadTestReport report, Map<String, String> charts) {
    StringBuilder md = new StringBuilder();
    md.append("# Attune load test\n\n");
    md.append("Started ")
        .append(report.started())
        .append(" on ")
        .append(report.machine())
        .append(".\n\nReproduce with:\n\n    ")
        .append(report.command())
        .append("\n\n");
    List<LoadResult> runs = new ArrayList<>();
    for (LoadResult r : new LoadResult[] {report.loopback(), report.impaired(), report.idle()}) {
      if (r != null) {
        runs.add(r);
      }
    }
    for (LoadResult r : runs) {
      md.append("- **")
          .append(r.workload().name())
          .append("**: ")
          .append(
              String.format(
                  Locale.ROOT,
                  "%,d members in %,d groups of %d, %s gestures/s each,"
                      + " %d s warm-up + %d s measured",
                  r.workload().members(),
                  r.workload().groups(),
                  r.workload().groupSize(),
                  Targets.trim(r.workload().gesturesPerSecond()),
                  r.workload().warmup().toSeconds(),
                  r.workload().duration().toSeconds()));
      if (!r.workload().changeInterval().isZero()) {
        md.append(", a section change at the next bar every ")
            .append(r.workload().changeInterval().toSeconds())
            .append(" s per group");
      }
      md.append(
          r.workload().udpPings()
              ? ", clock pings over UDP every " + r.workload().pingInterval().toMillis() + " ms"
              : ", clock pings over TCP only, every "
                  + r.workload().tcpPingInterval().toSeconds()
                  + " s");
      if (r.workload().impairment() != null) {
        var i = r.workload().impairment();
        md.append(
            String.format(
                Locale.ROOT,
                ", through the impairment relay (%d ± %d ms one way,"
                    + " %.1f%% datagram loss, seed %d)",
                i.meanDelay().toMillis(),
                i.jitter().toMillis(),
                i.datagramLoss() * 100,
                i.seed()));
      }
      md.append(". Server: `").append(r.server()).append("`\n");
    }
    md.append(
        "\n## Targets (this machine)\n\n| target | bound | measured | met |\n|---|---|---|---|\n");
    for (TargetCheck t : report.targets()) {
      md.append("| ")
          .append(t.name())
          .append(" | ")
          .append(t.target())
          .append(" | ")
          .append(t.measured())
          .append(" | ")
          .append(t.met() == null ? "—" : t.met() ? "yes" : "**no**")
          .append(" |\n");
    }

    md.append("\n## Gesture fan-out latency (send to arrival at every other member, µs)\n\n");
    md.append(
        "| run | count | p50 | p90 | p99 | p99.9 | max | mean |\n|---|---|---|---|---|---|---|---|\n");
    FloorResult floor = report.floor();
    if (floor != null) {
      row(md, "floor (minimal Netty relay)", floor.latency());
    }
    for (LoadResult r : runs) {
      if (r.fanOut().count() > 0) {
        row(md, r.workload().name(), r.fanOut());
        if (floor != null && floor.latency().count() > 0) {
          ratioRow(md, r.workload().name() + " ÷ floor", r.fanOut().ratioTo(floor.latency()));
        }
      }
    }
    if (floor != null) {
      md.append(
          String.format(
              Locale.ROOT,
              "%nFloor: %,d frames sent, %,d of %,d expected arrived"
                  + " (%,d lost), %,d send failures; the relay process used %.2f cores, the load"
                  + " generator %.2f.%n",
              floor.sent(),
              floor.received(),
              floor.expected(),
              floor.lost(),
              floor.sendFailures(),
              floor.relayCores(),
              floor.loadGeneratorCores()));
    }

    md.append(
        "\n## Clock-sync error (|estimate − true server time|, every member once a second, µs)\n\n");
    md.append(
        "| run | samples | p50 | p90 | p99 | p99.9 | max | mean |\n|---|---|---|---|---|---|---|---|\n");
    for (LoadResult r : runs) {
      if (r.syncError().count() > 0 && r.workload().udpPings()) {
        row(md, r.workload().name(), r.syncError());
        row(
            md,
            r.workload().name() + ", same samples without the drift term (diagnosis)",
            r.syncErrorWithoutDrift());
      }
    }
    md.append("\n## Structure-change firing (true server time, µs)\n\n");
    md.append(
        "Spread: per change, latest minus earliest firing across the members of its group."
            + " Error: per firing, |actual − effective time|.\n\n");
    md.append(
        "| run | figure | count | p50 | p90 | p99 | p99.9 | max | mean |\n|---|---|---|---|---|---|---|---|---|\n");
    for (LoadResult r : runs) {
      if (r.changes().changes() > 0) {
        md.append("| ").append(r.workload().name()).append(" | spread ");
        cells(md, r.spread());
        md.append("| ").append(r.workload().name()).append(" | error ");
        cells(md, r.firingError());
      }
    }
    for (LoadResult r : runs) {
      if (r.changes().changes() > 0) {
        LoadResult.Changes c = r.changes();
        md.append(
            String.format(
                Locale.ROOT,
                "%n%s: %,d changes, %,d of %,d firings (%,d missed,"
                    + " %,d refused by a full timer).",
                r.workload().name(),
                c.changes(),
                c.firings(),
                c.expectedFirings(),
                c.missedFirings(),
                c.firingsRefused()));
      }
    }
    md.append(
        "\n\n## Delivery\n\n| run | gestures sent | expected arrivals | arrived | lost |"
            + " members with loss | send failures | lag snapshots | server errors | connections lost |"
            + " clock samples |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (LoadResult r : runs) {
      LoadResult.Delivery d = r.delivery();
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %,d |%n",
              r.workload().name(),
              d.sent(),
              d.expected(),
              d.received(),
              d.lost(),
              d.membersWithLoss(),
              d.sendFailures(),
              d.lagSnapshots(),
              d.serverErrors(),
              d.connectionsLost(),
              d.clockSamples()));
    }
    md.append(
        "\n## Server resources\n\n| run | server CPU (cores) | of it in the kernel |"
            + " load generator CPU (cores) |"
            + " heap after GC, no members | heap after GC, all members | heap per member |"
            + " resident set | join time |\n|---|---|---|---|---|---|---|---|---|\n");
    for (LoadResult r : runs) {
      LoadResult.Resources res = r.resources();
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.2f | %.0f%% | %.2f | %s | %s | %s | %s | %.1f s |%n",
              r.workload().name(),
              res.serverCores(),
              100 * res.serverKernelShare(),
              res.loadGeneratorCores(),
              mib(res.heapBaselineBytes()),
              mib(res.heapWithMembersBytes()),
              res.heapPerMemberBytes() < 0
                  ? "—"
                  : String.format(Locale.ROOT, "%,d bytes", res.heapPerMemberBytes()),
              mib(res.residentBytes()),
              res.joinSeconds()));
    }
    for (LoadResult r : runs) {
      if (!r.relay().isEmpty()) {
        md.append("\nImpairment relay (").append(r.workload().name()).append("): ");
        List<String> parts = new ArrayList<>();
        r.relay()
            .forEach(
                (k, v) ->
                    parts.add(k.replace('_', ' ') + " " + String.format(Locale.ROOT, "%,d", v)));
        md.append(String.join(", ", parts)).append(".\n");
      }
    }
    md.append("\n## Plots\n\n");
    charts.forEach(
        (caption, file) ->
            md.append("![").append(caption).append("](").append(file).append(")\n\n"));
    return md.toString();
  }

  private static void row(StringBuilder md, String name, Percentiles p) {
    md.append("| ").append(name).append(' ');
    cells(md, p);
  }

  private static void cells(StringBuilder md, Percentiles p) {
    md.append(
        String.format(
            Locale.ROOT,
            "| %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
            p.count(),
            p.p50(),
            p.p90(),
            p.p99(),
            p.p999(),
            p.max(),
            p.mean()));
  }

  private static void ratioRow(StringBuilder md, String name, Percentiles r) {
    md.append(
        String.format(
            Locale.ROOT,
            "| %s | | ×%.2f | ×%.2f | ×%.2f | ×%.2f | ×%.2f | ×%.2f |%n",
            name,
            r.p50(),
            r.p90(),
            r.p99(),
            r.p999(),
            r.max(),
            r.mean()));
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "—" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }
}
