package org.attune.loadtest.time;

/**
 * The true server time of local instants, known because the load generator and the server read the
 * same monotonic clock ({@code CLOCK_MONOTONIC} behind {@link System#nanoTime()} on Linux) and the
 * server published its clock's origin.
 *
 * <p>Immutable; thread-safe.
 *
 * @param originNanos the server clock's origin, a {@link System#nanoTime()} value
 */
public record ServerTime(long originNanos) {

  /** The server time of {@code nanoTime}, in nanoseconds (the wire carries microseconds). */
  public long serverNanosAt(long nanoTime) {
    return nanoTime - originNanos;
  }

  /** The server time of {@code nanoTime} as the server would stamp it, in microseconds. */
  public long serverMicrosAt(long nanoTime) {
    return Math.floorDiv(nanoTime - originNanos, 1_000L);
  }

  /** The local {@link System#nanoTime()} instant at which server time is {@code serverMicros}. */
  public long nanoTimeAt(long serverMicros) {
    return originNanos + serverMicros * 1_000L;
  }
}
