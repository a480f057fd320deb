package org.attune.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.attune.loadtest.run.LoadResult;

/**
 * The targets of issue 4 on a 2-core machine, checked against a report's runs.
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

  private Targets() {}

  /** The checks that the runs present in {@code report} allow. */
  public static List<TargetCheck> check(LoadTestReport report) {
    List<TargetCheck> checks = new ArrayList<>();
    LoadResult loop = report.loopback();
    if (loop != null) {
      String who = String.format(Locale.ROOT, " (%,d members, %,d groups, %s/s each)",
          loop.workload().members(), loop.workload().groups(),
          trim(loop.workload().gesturesPerSecond()));
      checks.add(atMost("fan-out p99" + who, FAN_OUT_P99_MS, loop.fanOut().p99() / 1_000));
      checks.add(atMost("fan-out p99.9" + who, FAN_OUT_P999_MS, loop.fanOut().p999() / 1_000));
      long lost = loop.delivery().lost() + loop.delivery().sendFailures();
      checks.add(new TargetCheck("gestures lost or not sent" + who, "0",
          String.format(Locale.ROOT, "%,d of %,d", lost, loop.delivery().expected()), lost == 0));
      checks.add(atMost("clock-sync error p99, loopback", SYNC_LOOPBACK_P99_MS,
          loop.syncError().p99() / 1_000));
      checks.add(atMost("structure-change firing spread p99, loopback", SPREAD_P99_MS,
          loop.spread().p99() / 1_000));
    }
    LoadResult impaired = report.impaired();
    if (impaired != null) {
      checks.add(atMost("clock-sync error p99, emulated 20 ± 5 ms link", SYNC_IMPAIRED_P99_MS,
          impaired.syncError().p99() / 1_000));
    }
    LoadResult idle = report.idle();
    if (idle != null) {
      long heap = idle.resources().heapWithMembersBytes();
      checks.add(new TargetCheck(
          String.format(Locale.ROOT, "server heap after GC, %,d idle members",
              idle.workload().members()),
          "< 1 GiB",
          heap < 0 ? "not measured" : String.format(Locale.ROOT, "%.1f MiB", heap / 1048576.0),
          heap < 0 ? null : heap < IDLE_HEAP_BYTES));
    }
    return checks;
  }

  private static TargetCheck atMost(String name, double boundMs, double measuredMs) {
    return new TargetCheck(name, "≤ " + trim(boundMs) + " ms",
        String.format(Locale.ROOT, "%.3f ms", measuredMs), measuredMs <= boundMs);
  }

  static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
