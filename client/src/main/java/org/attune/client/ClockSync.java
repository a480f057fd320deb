package org.attune.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Estimates the offset (and drift) between this client's monotonic clock and the server's clock
 * from NTP-style probes.
 *
 * <p>Each probe gives four times: t0 (client sends), t1 (server receives), t2 (server sends) and t3
 * (client receives); round trip {@code (t3 - t0) - (t2 - t1)}, offset {@code ((t1 - t0) + (t2 -
 * t3)) / 2}. The offset of one probe is off by at most half its round trip, and a probe whose path
 * was slow in one direction (a queue, a retransmission) shows a long round trip. So, after the
 * clock filter of NTP (RFC 5905, section 10: of the last few samples, trust the ones with the
 * smallest delay), the estimate uses only the quarter of the window with the lowest round trips:
 * their mean offset, or, once they span enough time, a least-squares line of offset against local
 * time whose slope is the drift between the two oscillators (clamped to NTP's 500 ppm tolerance),
 * used only where it stands out of the samples' scatter, so that a jittery path's noise is not
 * taken for drift.
 *
 * <p>Local time is {@link System#nanoTime()} in microseconds (injectable for tests); server time is
 * the server's microseconds. Both are compared by subtraction only.
 *
 * <p>Thread-safe: yes. {@link #addSample} is serialized by a lock (the client's I/O thread calls
 * it); readers get an immutable {@link Estimate} published through a volatile field and never
 * block.
 */
public final class ClockSync {

  /** Samples kept: at 200 ms per ping, the last 12.8 s. */
  public static final int DEFAULT_WINDOW = 64;

  /** Samples needed before {@link #isSynced()} says yes. */
  public static final int MIN_SYNC_SAMPLES = 4;

  /** Best samples needed before drift is estimated. */
  static final int MIN_DRIFT_SAMPLES = 6;

  /** Local time the best samples must span before drift is estimated. */
  static final long MIN_DRIFT_SPAN_MICROS = 2_000_000;

  /** Standard errors by which a drift must stand out of the samples' scatter to be used. */
  static final double DRIFT_SIGNIFICANCE = 3;

  /**
   * Scatter of the best samples around the fitted line above which drift is not estimated: over the
   * window's dozen seconds, such a path's noise outweighs any real drift (tens of ppm).
   */
  static final double MAX_DRIFT_SCATTER_MICROS = 100;

  /** NTP's frequency tolerance: no real oscillator pair drifts further apart than this. */
  static final double MAX_DRIFT_PPM = 500;

  /** One probe, reduced to what the estimate needs. */
  public record Sample(long localMicros, double offsetMicros, long rttMicros) {}

  /**
   * An immutable estimate: server time = local time + offset + drift × (local − reference).
   *
   * @param offsetMicros server minus local time at {@code referenceLocalMicros}
   * @param referenceLocalMicros the local time the offset refers to
   * @param driftPpm how much faster the server clock runs, in parts per million
   * @param bestRttMicros the lowest round trip in the window (-1 before the first sample)
   * @param lastRttMicros the round trip of the latest sample (-1 before the first sample)
   * @param sampleCount samples accepted since this estimator was created
   */
  public record Estimate(
      double offsetMicros,
      long referenceLocalMicros,
      double driftPpm,
      long bestRttMicros,
      long lastRttMicros,
      long sampleCount) {

    static final Estimate NONE = new Estimate(0, 0, 0, -1, -1, 0);

    /** Server time at local time {@code localMicros}. */
    public long serverMicrosAt(long localMicros) {
      long sinceReference = localMicros - referenceLocalMicros;
      return localMicros + Math.round(offsetMicros + driftPpm * 1e-6 * sinceReference);
    }

    /** Local time at server time {@code serverMicros}; the inverse of {@link #serverMicrosAt}. */
    public long localMicrosAt(long serverMicros) {
      double sinceReference =
          (serverMicros - referenceLocalMicros - offsetMicros) / (1 + driftPpm * 1e-6);
      return referenceLocalMicros + Math.round(sinceReference);
    }
  }

  private final LongSupplier nanoTime;
  private final int window;

  // Guarded by this.
  private final ArrayDeque<Sample> samples;
  private final List<Waiter> waiters = new ArrayList<>();
  private long accepted;

  private volatile Estimate estimate = Estimate.NONE;

  private record Waiter(long samples, CompletableFuture<Estimate> future) {}

  /** An estimator on {@link System#nanoTime()} with the default window. */
  public ClockSync() {
    this(System::nanoTime, DEFAULT_WINDOW);
  }

  /**
   * An estimator on the given local clock.
   *
   * @param nanoTime the local monotonic clock, in nanoseconds ({@code System::nanoTime})
   * @param window how many of the latest samples to keep, at least 1
   */
  public ClockSync(LongSupplier nanoTime, int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1, not " + window);
    }
    this.nanoTime = nanoTime;
    this.window = window;
    this.samples = new ArrayDeque<>(window);
  }

  /** The local clock, in nanoseconds. */
  public long localNanos() {
    return nanoTime.getAsLong();
  }

  /** The local clock, in microseconds: the time base of t0 and t3. */
  public long localMicros() {
    return nanoTime.getAsLong() / 1_000;
  }

  /**
   * Adds one probe and updates the estimate.
   *
   * @param t0 client send time, local micros
   * @param t1 server receive time, server micros
   * @param t2 server send time, server micros
   * @param t3 client receive time, local micros
   * @return false if the probe is impossible (negative round trip) and was ignored
   */
  public boolean addSample(long t0, long t1, long t2, long t3) {
    long rtt = (t3 - t0) - (t2 - t1);
    if (rtt < 0 || t3 - t0 < 0 || t2 - t1 < 0) {
      return false;
    }
    double offset = ((double) (t1 - t0) + (double) (t2 - t3)) / 2;
    Sample sample = new Sample(t0 + (t3 - t0) / 2, offset, rtt);
    List<CompletableFuture<Estimate>> reached = new ArrayList<>();
    Estimate next;
    synchronized (this) {
      if (samples.size() == window) {
        samples.removeFirst();
      }
      samples.addLast(sample);
      accepted++;
      next = estimate(List.copyOf(samples), rtt, accepted);
      estimate = next;
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter waiter = it.next();
        if (accepted >= waiter.samples()) {
          reached.add(waiter.future());
          it.remove();
        }
      }
    }
    for (CompletableFuture<Estimate> future : reached) {
      future.complete(next);
    }
    return true;
  }

  /**
   * A future completed once {@code count} samples have been accepted in total, on the thread that
   * adds the last of them (the client's I/O thread: do not block in a dependent stage).
   */
  public CompletableFuture<Estimate> awaitSamples(long count) {
    synchronized (this) {
      if (accepted >= count) {
        return CompletableFuture.completedFuture(estimate);
      }
      CompletableFuture<Estimate> future = new CompletableFuture<>();
      waiters.add(new Waiter(count, future));
      return future;
    }
  }

  /** The current estimate; one volatile read, consistent in itself. */
  public Estimate estimate() {
    return estimate;
  }

  /** True once {@link #MIN_SYNC_SAMPLES} samples have been accepted. */
  public boolean isSynced() {
    return estimate.sampleCount() >= MIN_SYNC_SAMPLES;
  }

  /** Samples accepted since this estimator was created. */
  public long sampleCount() {
    return estimate.sampleCount();
  }

  /** The lowest round trip in the window, in microseconds; -1 before the first sample. */
  public long bestRttMicros() {
    return estimate.bestRttMicros();
  }

  /** The round trip of the latest sample, in microseconds; -1 before the first sample. */
  public long lastRttMicros() {
    return estimate.lastRttMicros();
  }

  /** Server minus local time now, in microseconds (0 before the first sample). */
  public double offsetMicros() {
    long now = localMicros();
    return estimate.serverMicrosAt(now) - now;
  }

  /** Estimated drift of the server clock against the local one, in parts per million. */
  public double driftPpm() {
    return estimate.driftPpm();
  }

  /** Server time at local time {@code localMicros}. */
  public long serverMicrosAt(long localMicros) {
    return estimate.serverMicrosAt(localMicros);
  }

  /** Local time at server time {@code serverMicros}. */
  public long localMicrosAt(long serverMicros) {
    return estimate.localMicrosAt(serverMicros);
  }

  /** The estimated server time now. */
  public long nowServerMicros() {
    return estimate.serverMicrosAt(localMicros());
  }

  /**
   * True if the path is quiet enough to measure drift over the window (the best samples scatter
   * around the line by at most {@value #MAX_DRIFT_SCATTER_MICROS} µs) and the slope stands out of
   * that scatter by {@value #DRIFT_SIGNIFICANCE} standard errors. On a jittery path the best
   * samples' offsets scatter by hundreds of microseconds, and a line through a few seconds of them
   * has a slope of tens or hundreds of ppm that is only noise; extrapolated seconds past the
   * samples' middle, such a false drift costs more than it corrects.
   */
  private static boolean isSignificant(
      List<Sample> best, long reference, double meanOffset, double slope, double sxx) {
    if (sxx <= 0) {
      return false;
    }
    double residuals = 0;
    for (Sample s : best) {
      double fitted = meanOffset + slope * (s.localMicros() - reference);
      double r = s.offsetMicros() - fitted;
      residuals += r * r;
    }
    double variance = residuals / (best.size() - 2);
    double standardError = Math.sqrt(variance / sxx);
    return Math.sqrt(variance) <= MAX_DRIFT_SCATTER_MICROS
        && Math.abs(slope) > DRIFT_SIGNIFICANCE * standardError;
  }

  private static Estimate estimate(List<Sample> window, long lastRtt, long accepted) {
    List<Sample> best = new ArrayList<>(window);
    best.sort(Comparator.comparingLong(Sample::rttMicros));
    long bestRtt = best.get(0).rttMicros();
    best = best.subList(0, Math.max(1, best.size() / 4));

    double meanLocal = 0;
    double meanOffset = 0;
    long firstLocal = best.get(0).localMicros();
    long minLocal = firstLocal;
    long maxLocal = firstLocal;
    for (Sample s : best) {
      // Relative to the first sample, so the sums stay small and exact.
      meanLocal += s.localMicros() - firstLocal;
      meanOffset += s.offsetMicros();
      minLocal = Math.min(minLocal, s.localMicros());
      maxLocal = Math.max(maxLocal, s.localMicros());
    }
    meanLocal /= best.size();
    meanOffset /= best.size();
    long reference = firstLocal + Math.round(meanLocal);

    double driftPpm = 0;
    if (best.size() >= MIN_DRIFT_SAMPLES && maxLocal - minLocal >= MIN_DRIFT_SPAN_MICROS) {
      double sxy = 0;
      double sxx = 0;
      for (Sample s : best) {
        double x = s.localMicros() - reference;
        sxy += x * (s.offsetMicros() - meanOffset);
        sxx += x * x;
      }
      double slope = sxx > 0 ? sxy / sxx : 0;
      if (isSignificant(best, reference, meanOffset, slope, sxx)) {
        driftPpm = Math.max(-MAX_DRIFT_PPM, Math.min(MAX_DRIFT_PPM, slope * 1e6));
      }
    }
    return new Estimate(meanOffset, reference, driftPpm, bestRtt, lastRtt, accepted);
  }
}
