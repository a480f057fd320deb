package org.attune.loadtest.measure;

import org.HdrHistogram.Histogram;

/**
 * The summary of a distribution that the report shows, in microseconds.
 *
 * <p>Immutable; thread-safe.
 */
public record Percentiles(
    long count, double p50, double p90, double p99, double p999, double max, double mean) {

  public static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0, 0, 0);

  /** The percentiles of a histogram of nanoseconds, in microseconds. */
  public static Percentiles ofNanos(Histogram nanos) {
    if (nanos.getTotalCount() == 0) {
      return EMPTY;
    }
    return new Percentiles(
        nanos.getTotalCount(),
        micros(nanos.getValueAtPercentile(50)),
        micros(nanos.getValueAtPercentile(90)),
        micros(nanos.getValueAtPercentile(99)),
        micros(nanos.getValueAtPercentile(99.9)),
        micros(nanos.getMaxValue()),
        nanos.getMean() / 1_000);
  }

  /** Each figure divided by the same figure of {@code floor} (NaN where the floor is 0). */
  public Percentiles ratioTo(Percentiles floor) {
    return new Percentiles(
        count,
        ratio(p50, floor.p50),
        ratio(p90, floor.p90),
        ratio(p99, floor.p99),
        ratio(p999, floor.p999),
        ratio(max, floor.max),
        ratio(mean, floor.mean));
  }

  private static double ratio(double a, double b) {
    return b > 0 ? a / b : Double.NaN;
  }

  private static double micros(long nanos) {
    return nanos / 1_000.0;
  }
}
