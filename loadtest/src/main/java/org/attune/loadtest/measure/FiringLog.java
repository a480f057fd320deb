package org.attune.loadtest.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;

/**
 * When each member fired each structure change, in true server time, and from that the spread of
 * firing instants across a group (latest minus earliest) and each firing's error against the
 * change's effective time.
 *
 * <p>Thread-safe: {@link #fired} from any thread; {@link #summarize} once the run is quiet.
 */
public final class FiringLog {

  private record ChangeKey(int group, long sequence) {}

  private static final class Firings {
    final long effectiveServerNanos;
    final List<Long> serverNanos = new ArrayList<>();

    Firings(long effectiveServerNanos) {
      this.effectiveServerNanos = effectiveServerNanos;
    }
  }

  /**
   * The firing figures of a run.
   *
   * @param spreadNanos per change: latest minus earliest firing across its group's members
   * @param errorNanos per firing: |actual - effective| server time
   * @param changes structure changes seen
   * @param firings firings recorded
   * @param expectedFirings changes times the members of their group
   */
  public record Summary(
      Histogram spreadNanos,
      Histogram errorNanos,
      long changes,
      long firings,
      long expectedFirings) {

    /** Firings that should have happened and did not. */
    public long missedFirings() {
      return Math.max(0, expectedFirings - firings);
    }
  }

  private final Map<ChangeKey, Firings> changes = new ConcurrentHashMap<>();

  /**
   * Records that a member of {@code group} fired change {@code sequence} at true server time {@code
   * actualServerNanos}.
   */
  public void fired(int group, long sequence, long effectiveServerMicros, long actualServerNanos) {
    Firings f =
        changes.computeIfAbsent(
            new ChangeKey(group, sequence), k -> new Firings(effectiveServerMicros * 1_000));
    synchronized (f) {
      f.serverNanos.add(actualServerNanos);
    }
  }

  /**
   * Summarizes the changes whose effective time is at or after {@code fromServerNanos} (the end of
   * the warm-up).
   *
   * @param groupSize how many members of a group should fire each of its changes
   */
  public Summary summarize(long fromServerNanos, java.util.function.IntUnaryOperator groupSize) {
    Histogram spread = new Histogram(3);
    Histogram error = new Histogram(3);
    long count = 0;
    long firings = 0;
    long expected = 0;
    for (Map.Entry<ChangeKey, Firings> e : changes.entrySet()) {
      Firings f = e.getValue();
      if (f.effectiveServerNanos - fromServerNanos < 0) {
        continue;
      }
      synchronized (f) {
        count++;
        firings += f.serverNanos.size();
        expected += groupSize.applyAsInt(e.getKey().group());
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long t : f.serverNanos) {
          min = Math.min(min, t);
          max = Math.max(max, t);
          error.recordValue(Math.abs(t - f.effectiveServerNanos));
        }
        if (f.serverNanos.size() >= 2) {
          spread.recordValue(max - min);
        }
      }
    }
    return new Summary(spread, error, count, firings, expected);
  }
}
