package org.attune.clock;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalDouble;

/**
 * Tap tempo: turns a facilitator's taps into a tempo once four taps are steady.
 *
 * <p>A pause of more than {@link #RESET_AFTER_MICROS} starts a new count. The intervals must agree
 * within 25% of each other, so that a stray double tap does not set a wild tempo.
 *
 * <p>Thread-safe: no; owned by one thread (the group's event loop).
 */
public final class TapTempo {

  public static final int TAPS = 4;
  public static final long RESET_AFTER_MICROS = 2_500_000;

  private final Deque<Long> taps = new ArrayDeque<>(TAPS);

  /** Records a tap at server time {@code micros}; returns the tempo once the taps are steady. */
  public OptionalDouble tap(long micros) {
    if (!taps.isEmpty() && micros - taps.peekLast() > RESET_AFTER_MICROS) {
      taps.clear();
    }
    taps.addLast(micros);
    if (taps.size() > TAPS) {
      taps.removeFirst();
    }
    if (taps.size() < TAPS) {
      return OptionalDouble.empty();
    }
    long shortest = Long.MAX_VALUE;
    long longest = 0;
    Long previous = null;
    for (long tap : taps) {
      if (previous != null) {
        long interval = tap - previous;
        shortest = Math.min(shortest, interval);
        longest = Math.max(longest, interval);
      }
      previous = tap;
    }
    if (shortest <= 0 || longest > shortest * 1.25) {
      return OptionalDouble.empty();
    }
    double meanInterval = (double) (taps.peekLast() - taps.peekFirst()) / (TAPS - 1);
    double bpm = TempoSegment.MICROS_PER_MINUTE / meanInterval;
    if (bpm < TempoMap.MIN_BPM || bpm > TempoMap.MAX_BPM) {
      return OptionalDouble.empty();
    }
    taps.clear();
    return OptionalDouble.of(bpm);
  }
}
