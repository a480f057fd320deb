package org.attune.loadtest.member;

import java.util.Arrays;

/**
 * A diagnostic second opinion on a member's clock offset: the client library's estimate without its
 * drift term, i.e. the mean offset of the lowest-round-trip quarter of the same window of samples.
 * Comparing the two errors against the true clock shows how much the drift regression adds when the
 * path's jitter is large (on one machine the true drift is zero).
 *
 * <p>Thread-safe: no. Written on the member's event loop; {@link #offsetMicros} is read by the
 * coordinator once a second, which may see a window one sample old (synchronized, so never a torn
 * one).
 */
final class OffsetOnlyEstimate {

  private final double[] offsets;
  private final long[] rtts;
  private int next;
  private int size;

  OffsetOnlyEstimate(int window) {
    offsets = new double[window];
    rtts = new long[window];
  }

  synchronized void add(long t0, long t1, long t2, long t3) {
    long rtt = (t3 - t0) - (t2 - t1);
    if (rtt < 0 || t3 - t0 < 0 || t2 - t1 < 0) {
      return;
    }
    offsets[next] = ((double) (t1 - t0) + (double) (t2 - t3)) / 2;
    rtts[next] = rtt;
    next = (next + 1) % offsets.length;
    size = Math.min(size + 1, offsets.length);
  }

  /** Server minus local time, microseconds; NaN before the first sample. */
  synchronized double offsetMicros() {
    if (size == 0) {
      return Double.NaN;
    }
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(rtts[a], rtts[b]));
    int best = Math.max(1, size / 4);
    double sum = 0;
    for (int i = 0; i < best; i++) {
      sum += offsets[order[i]];
    }
    return sum / best;
  }
}
