package org.attune.loadtest.abuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.attune.loadtest.run.LoadResult;
import org.attune.loadtest.run.TimelineRow;

/**
 * What the abuse phase measured, and its targets (issue 10): the victims' fan-out p99 within 2x of
 * the quiet run's, no victim gesture lost, {@code /healthz} up throughout and after, and the
 * server's heap after the attack within {@link #HEAP_GROWTH_BYTES} of before it, and no UDP
 * amplification.
 *
 * @param quietHealthChecks {@code /healthz} checks during the quiet run (the control)
 * @param quietUnhealthyChecks those of them that failed
 * @param healthFailures what was wrong with the first failed {@code /healthz} checks, and with the
 *     one after the attack if it failed
 * @param residentBefore the server's RSS before the attack, bytes (-1 if unknown)
 * @param residentPeak the largest RSS sampled during it
 * @param heapBefore heap after a full GC before the attack
 * @param heapAfter heap after a full GC once the attack has stopped
 * @param udpAmplification bytes the server sent back per garbage byte it got over UDP (NaN when the
 *     garbage attack did not run)
 */
public record AbuseResult(
    LoadResult quiet,
    LoadResult attacked,
    List<String> attacks,
    long quietHealthChecks,
    long quietUnhealthyChecks,
    long healthChecks,
    long unhealthyChecks,
    List<String> healthFailures,
    boolean healthyAfter,
    long residentBefore,
    long residentPeak,
    long heapBefore,
    long heapAfter,
    double udpAmplification) {

  /** How much the heap may grow over the attack and still count as bounded. */
  public static final long HEAP_GROWTH_BYTES = 64L << 20;

  /** One target: its name, what it asks, what was measured, whether it was met. */
  public record Check(String name, String target, String measured, boolean met) {}

  public double p99Ratio() {
    double q = quiet.fanOut().p99();
    return q <= 0 ? Double.NaN : attacked.fanOut().p99() / q;
  }

  public List<Check> checks() {
    List<Check> checks = new ArrayList<>();
    checks.add(
        new Check(
            "victims' fan-out p99 under attack / quiet",
            "<= 2.0",
            String.format(
                Locale.ROOT,
                "%.2f (%.0f / %.0f µs)",
                p99Ratio(),
                attacked.fanOut().p99(),
                quiet.fanOut().p99()),
            p99Ratio() <= 2.0));
    checks.add(
        new Check(
            "victims' gestures lost under attack",
            "0",
            String.format(
                Locale.ROOT,
                "%,d of %,d",
                attacked.delivery().lost(),
                attacked.delivery().expected()),
            attacked.delivery().lost() == 0));
    checks.add(
        new Check(
            "/healthz not 200 during the attack, and after",
            "0, healthy",
            String.format(
                Locale.ROOT,
                "%d of %d; after: %s (quiet run: %d of %d)",
                unhealthyChecks,
                healthChecks,
                healthyAfter ? "healthy" : "NOT healthy",
                quietUnhealthyChecks,
                quietHealthChecks),
            unhealthyChecks == 0 && healthyAfter));
    checks.add(
        new Check(
            "server heap after GC, after the attack minus before",
            "<= 64 MiB",
            heapBefore < 0 || heapAfter < 0
                ? "not measured"
                : String.format(
                    Locale.ROOT,
                    "%+.1f MiB (%.1f -> %.1f); RSS %.0f MiB before, %.0f MiB at its peak",
                    (heapAfter - heapBefore) / 1048576.0,
                    heapBefore / 1048576.0,
                    heapAfter / 1048576.0,
                    residentBefore / 1048576.0,
                    residentPeak / 1048576.0),
            heapBefore >= 0 && heapAfter >= 0 && heapAfter - heapBefore <= HEAP_GROWTH_BYTES));
    // Random bytes sometimes parse as a well-formed clock ping, which is answered (with a pong no
    // more than 3x its size): what counts is that garbage is never amplified.
    if (Double.isNaN(udpAmplification)) {
      return checks;
    }
    checks.add(
        new Check(
            "UDP bytes answered per garbage byte (no amplification)",
            "< 1",
            String.format(Locale.ROOT, "%.3f", udpAmplification),
            udpAmplification < 1));
    return checks;
  }

  /** Writes {@code abuse.md}: the attacks, the two runs side by side and the targets. */
  public void write(Path file, String commandLine) throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Abuse phase\n\n").append("Command: `").append(commandLine).append("`\n\n");
    md.append("Attacks (from 127.0.0.2-4), while the victims played:\n\n");
    for (String a : attacks) {
      md.append("- ").append(a).append('\n');
    }
    md.append("\n| | quiet | under attack |\n|---|---:|---:|\n");
    row(md, "fan-out p50, µs", quiet.fanOut().p50(), attacked.fanOut().p50());
    row(md, "fan-out p99, µs", quiet.fanOut().p99(), attacked.fanOut().p99());
    row(md, "fan-out p99.9, µs", quiet.fanOut().p999(), attacked.fanOut().p999());
    row(md, "gestures lost", quiet.delivery().lost(), attacked.delivery().lost());
    row(md, "gestures expected", quiet.delivery().expected(), attacked.delivery().expected());
    row(
        md,
        "server CPU, cores",
        quiet.resources().serverCores(),
        attacked.resources().serverCores());
    row(
        md,
        "load generator CPU (victims and attackers), cores",
        quiet.resources().loadGeneratorCores(),
        attacked.resources().loadGeneratorCores());
    md.append("\n| target | wanted | measured | met |\n|---|---|---|---|\n");
    for (Check c : checks()) {
      md.append("| ")
          .append(c.name())
          .append(" | ")
          .append(c.target())
          .append(" | ")
          .append(c.measured())
          .append(" | ")
          .append(c.met() ? "met" : "MISSED")
          .append(" |\n");
    }
    if (!healthFailures.isEmpty()) {
      md.append("\n`/healthz` checks that failed (seconds since the run started):\n\n");
      for (String f : healthFailures) {
        md.append("- ").append(f).append('\n');
      }
    }
    md.append("\nSecond by second (the first seconds are warm-up, not measured):\n\n");
    md.append(
        "| second | quiet p99, µs | quiet server cores | attacked p99, µs | attacked server cores |\n");
    md.append("|---:|---:|---:|---:|---:|\n");
    int seconds = Math.max(quiet.timeline().size(), attacked.timeline().size());
    for (int i = 0; i < seconds; i++) {
      TimelineRow q = i < quiet.timeline().size() ? quiet.timeline().get(i) : null;
      TimelineRow a = i < attacked.timeline().size() ? attacked.timeline().get(i) : null;
      md.append(String.format(Locale.ROOT, "| %d | %s | %s |%n", i + 1, cells(q), cells(a)));
    }
    Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
  }

  private static String cells(TimelineRow r) {
    if (r == null) {
      return " | ";
    }
    return String.format(
        Locale.ROOT,
        "%s%,.0f | %.2f",
        r.measured() ? "" : "(warm-up) ",
        r.fanOutP99Micros(),
        r.serverCores());
  }

  private static void row(StringBuilder md, String name, double a, double b) {
    md.append(String.format(Locale.ROOT, "| %s | %,.1f | %,.1f |%n", name, a, b));
  }
}
