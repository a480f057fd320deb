package org.attune.clock;

/**
 * The source of server time: monotonic microseconds since some origin.
 *
 * <p>Injected wherever time is read so that tests can run on virtual time (compare caffeine's
 * {@code Ticker}). Values are compared by subtraction. Never wall-clock time.
 *
 * <p>Thread-safe: implementations must be.
 */
@FunctionalInterface
public interface ServerClock {

  /** Current time in microseconds since this clock's origin. */
  long nowMicros();

  /** A clock on {@link System#nanoTime()} whose origin is the moment of this call. */
  static SystemClock startingNow() {
    return new SystemClock(System.nanoTime());
  }

  /** The JVM's monotonic clock, offset to an origin given in {@link System#nanoTime()} units. */
  record SystemClock(long originNanos) implements ServerClock {
    @Override
    public long nowMicros() {
      return (System.nanoTime() - originNanos) / 1_000;
    }

    /** The server time at a given {@link System#nanoTime()} reading, in microseconds. */
    public long microsAtNanoTime(long nanoTime) {
      return (nanoTime - originNanos) / 1_000;
    }
  }
}
