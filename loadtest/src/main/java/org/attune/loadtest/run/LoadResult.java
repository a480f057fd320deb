package org.attune.loadtest.run;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.attune.loadtest.measure.Percentiles;

/**
 * What one load run measured.
 *
 * <p>Immutable once made; thread-safe to read.
 *
 * @param workload what was run
 * @param server how the server was run
 * @param fanOutNanos gesture send-to-arrival latency at every other member, after the warm-up
 * @param syncErrorNanos |estimated - true| server time, every member once a second after warm-up
 * @param syncErrorWithoutDriftNanos the same for the estimate without its drift term (diagnosis)
 * @param spreadNanos per structure change: latest minus earliest firing across its group
 * @param firingErrorNanos per firing: |actual - effective| in true server time
 * @param delivery gestures sent, expected, received and lost, and the other counters
 * @param changes structure changes measured; firings and expected firings
 * @param resources the server's CPU and memory
 * @param timeline one row a second
 * @param relay the impairment relay's counters, empty without one
 */
public record LoadResult(
    Workload workload,
    String server,
    Histogram fanOutNanos,
    Histogram syncErrorNanos,
    Histogram syncErrorWithoutDriftNanos,
    Histogram spreadNanos,
    Histogram firingErrorNanos,
    Delivery delivery,
    Changes changes,
    Resources resources,
    List<TimelineRow> timeline,
    Map<String, Long> relay) {

  public Percentiles fanOut() {
    return Percentiles.ofNanos(fanOutNanos);
  }

  public Percentiles syncError() {
    return Percentiles.ofNanos(syncErrorNanos);
  }

  public Percentiles syncErrorWithoutDrift() {
    return Percentiles.ofNanos(syncErrorWithoutDriftNanos);
  }

  public Percentiles spread() {
    return Percentiles.ofNanos(spreadNanos);
  }

  public Percentiles firingError() {
    return Percentiles.ofNanos(firingErrorNanos);
  }

  /**
   * Gesture delivery. Expected is, for each member, the gestures the others of its group sent; lost
   * is expected minus received, summed over members.
   */
  public record Delivery(
      long sent,
      long expected,
      long received,
      long lost,
      int membersWithLoss,
      long sendFailures,
      long serverErrors,
      long lagSnapshots,
      long connectionsLost,
      long clockSamples) {}

  /** Structure changes whose effective time fell in the measured window, and their firings. */
  public record Changes(
      long changes, long firings, long expectedFirings, long missedFirings, long firingsRefused) {}

  /**
   * The server's resources; -1 where not measured.
   *
   * @param serverCores mean CPU of the server process over the measured window, in cores
   * @param serverKernelShare the part of the server's CPU spent in the kernel, 0..1
   * @param loadGeneratorCores mean CPU of the load generator's process, in cores
   * @param heapBaselineBytes server heap after GC with its groups and no members
   * @param heapWithMembersBytes server heap after GC with every member joined
   * @param heapPerMemberBytes (with members - baseline) / members
   * @param residentBytes the server's resident set size at the end
   * @param joinSeconds time to connect and join every member
   */
  public record Resources(
      double serverCores,
      double serverKernelShare,
      double loadGeneratorCores,
      long heapBaselineBytes,
      long heapWithMembersBytes,
      long heapPerMemberBytes,
      long residentBytes,
      double joinSeconds) {}
}
