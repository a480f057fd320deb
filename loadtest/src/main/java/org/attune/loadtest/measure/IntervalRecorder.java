package org.attune.loadtest.measure;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A latency histogram that many threads record into, read as one total and as per-interval
 * snapshots (for figures over time), after HdrHistogram's {@link Recorder}.
 *
 * <p>Values are nanoseconds. Only values recorded while {@linkplain #counting counting} go into the
 * total; an interval read before counting starts (the warm-up) is discarded from it.
 *
 * <p>Thread-safe: {@link #record} from any thread, wait-free; {@link #nextInterval} and {@link
 * #total} from one reading thread at a time.
 */
public final class IntervalRecorder {

  private static final int SIGNIFICANT_DIGITS = 3;

  private final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
  private final Histogram total = new Histogram(SIGNIFICANT_DIGITS);
  private Histogram recycled;
  private volatile boolean counting;

  /** Records one value in nanoseconds (negative values are recorded as 0). */
  public void record(long nanos) {
    recorder.recordValue(Math.max(0, nanos));
  }

  /** From now on (or no longer), intervals are added to the total. */
  public void counting(boolean counting) {
    this.counting = counting;
  }

  /**
   * The values recorded since the previous call, added to the total when counting. The histogram
   * returned is valid until the next call.
   */
  public Histogram nextInterval() {
    recycled = recorder.getIntervalHistogram(recycled);
    if (counting) {
      total.add(recycled);
    }
    return recycled;
  }

  /** Everything counted so far (takes the current interval first). */
  public Histogram total() {
    nextInterval();
    return total;
  }
}
