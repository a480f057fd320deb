package org.attune.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.attune.loadtest.floor.FloorResult;
import org.attune.loadtest.run.LoadResult;
import org.attune.loadtest.run.TimelineRow;

/**
 * The targets of issues 4 and 9 on a 2-core machine, checked against a report's runs: absolute
 * bounds, and ratios to the floor relay measured in the same invocation (this machine is noisy).
 *
 * <p>Pure; thread-safe.
 */
public final class Targets {

  static final double FAN_OUT_P99_MS = 2;
  static final double FAN_OUT_P999_MS = 5;
  static final double SYNC_LOOPBACK_P99_MS = 0.25;
  static final double SYNC_IMPAIRED_P99_MS = 1;
  static final double SPREAD_P99_MS = 1;
  static final long IDLE_HEAP_BYTES = 1L << 30;

  /** Fan-out percentiles no worse than the floor relay's in the same run. */
  static final double FAN_OUT_TO_FLOOR = 1.0;

  /** Server CPU per delivered gesture at most this part of the floor relay's. */
  static final double CPU_PER_GESTURE_TO_FLOOR = 0.6;

  /** Seconds after the first gesture by which every second's p99 is within 2x of the run's. */
  static final int STEADY_P99_SECONDS = 3;

  private Targets() {}

  /** The checks that the runs present in {@code report} allow. */
  public static List<TargetCheck> check(LoadTestReport report) {
    List<TargetCheck> checks = new ArrayList<>();
    LoadResult loop = report.loopback();
    if (loop != null) {
      String who =
          String.format(
              Locale.ROOT,
              " (%,d members, %,d groups, %s/s each)",
              loop.workload().members(),
              loop.workload().groups(),
              trim(loop.workload().gesturesPerSecond()));
      checks.add(atMost("fan-out p99" + who, FAN_OUT_P99_MS, loop.fanOut().p99() / 1_000));
      checks.add(atMost("fan-out p99.9" + who, FAN_OUT_P999_MS, loop.fanOut().p999() / 1_000));
      long lost = loop.delivery().lost() + loop.delivery().sendFailures();
      checks.add(
          new TargetCheck(
              "gestures lost or not sent" + who,
              "0",
              String.format(Locale.ROOT, "%,d of %,d", lost, loop.delivery().expected()),
              lost == 0));
      checks.add(
          atMost(
              "clock-sync error p99, loopback",
              SYNC_LOOPBACK_P99_MS,
              loop.syncError().p99() / 1_000));
      checks.add(
          atMost(
              "structure-change firing spread p99, loopback",
              SPREAD_P99_MS,
              loop.spread().p99() / 1_000));
      int steady = secondsToSteadyP99(loop);
      if (steady >= 0) {
        checks.add(
            new TargetCheck(
                "time to steady fan-out p99 (every later second within 2x of"
                    + " the measured p99), from the first gesture"
                    + who,
                "≤ " + STEADY_P99_SECONDS + " s",
                steady
                    + " s (members joined in "
                    + String.format(Locale.ROOT, "%.1f", loop.resources().joinSeconds())
                    + " s before)",
                steady <= STEADY_P99_SECONDS));
      }
      FloorResult floor = report.floor();
      if (floor != null && floor.latency().count() > 0 && loop.fanOut().count() > 0) {
        checks.add(
            ratioAtMost(
                "fan-out p99 ÷ floor p99" + who,
                FAN_OUT_TO_FLOOR,
                loop.fanOut().p99() / floor.latency().p99()));
        checks.add(
            ratioAtMost(
                "fan-out p99.9 ÷ floor p99.9" + who,
                FAN_OUT_TO_FLOOR,
                loop.fanOut().p999() / floor.latency().p999()));
        double server =
            cpuMicrosPerDelivery(
                loop.resources().serverCores(),
                loop.fanOut().count(),
                loop.workload().duration().toNanos());
        double relay =
            cpuMicrosPerDelivery(
                floor.relayCores(), floor.latency().count(), loop.workload().duration().toNanos());
        if (server > 0 && relay > 0) {
          checks.add(
              new TargetCheck(
                  "server CPU per delivered gesture ÷ floor relay's" + who,
                  "≤ " + trim(CPU_PER_GESTURE_TO_FLOOR),
                  String.format(
                      Locale.ROOT,
                      "×%.2f (%.2f µs against %.2f µs)",
                      server / relay,
                      server,
                      relay),
                  server / relay <= CPU_PER_GESTURE_TO_FLOOR));
        }
      }
    }
    LoadResult impaired = report.impaired();
    if (impaired != null) {
      checks.add(
          atMost(
              "clock-sync error p99, emulated 20 ± 5 ms link",
              SYNC_IMPAIRED_P99_MS,
              impaired.syncError().p99() / 1_000));
    }
    LoadResult idle = report.idle();
    if (idle != null) {
      long heap = idle.resources().heapWithMembersBytes();
      checks.add(
          new TargetCheck(
              String.format(
                  Locale.ROOT, "server heap after GC, %,d idle members", idle.workload().members()),
              "< 1 GiB",
              heap < 0 ? "not measured" : String.format(Locale.ROOT, "%.1f MiB", heap / 1048576.0),
              heap < 0 ? null : heap < IDLE_HEAP_BYTES));
    }
    return checks;
  }

  /**
   * CPU microseconds a process spent per delivered gesture: its mean cores over the measured
   * window, times the window, over the arrivals measured in it; -1 if either is unknown.
   */
  static double cpuMicrosPerDelivery(double cores, long deliveries, long windowNanos) {
    return cores <= 0 || deliveries <= 0 ? -1 : cores * windowNanos / 1_000.0 / deliveries;
  }

  /**
   * The seconds of playing after which every second's fan-out p99 stays within twice the p99 of the
   * measured window; -1 if the run has no timeline or no fan-out.
   */
  static int secondsToSteadyP99(LoadResult loop) {
    if (loop.timeline().isEmpty() || loop.fanOut().count() == 0) {
      return -1;
    }
    double bound = 2 * loop.fanOut().p99();
    int steady = 0;
    for (TimelineRow row : loop.timeline()) {
      if (row.fanOutP99Micros() > bound) {
        steady = row.second();
      }
    }
    return steady;
  }

  private static TargetCheck ratioAtMost(String name, double bound, double measured) {
    return new TargetCheck(
        name, "≤ " + trim(bound), String.format(Locale.ROOT, "×%.2f", measured), measured <= bound);
  }

  private static TargetCheck atMost(String name, double boundMs, double measuredMs) {
    return new TargetCheck(
        name,
        "≤ " + trim(boundMs) + " ms",
        String.format(Locale.ROOT, "%.3f ms", measuredMs),
        measuredMs <= boundMs);
  }

  static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
