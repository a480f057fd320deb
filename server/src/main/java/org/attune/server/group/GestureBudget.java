package org.attune.server.group;

/**
 * How many gestures one member may send: a token bucket of {@value #BURST} gestures, refilled at
 * {@value #PER_SECOND} a second on the server clock. That is more than a player's hands make (a
 * fast drum roll, a chord and its release, a fader swept), and it keeps one member's flood (20,000
 * gestures in 0.14 s were once all relayed) from delaying everyone else's. Gestures past it are
 * dropped and counted; the sender is told at most once every {@value #TELL_EVERY_MICROS} µs.
 *
 * <p>Thread-safe: no; owned by its member's group loop. Times are the injected server clock's,
 * compared by subtraction.
 */
final class GestureBudget {

  /** Gestures a member may send at once after a quiet while. */
  static final int BURST = 120;

  /** Gestures a second a member may keep sending. */
  static final int PER_SECOND = 60;

  /** A sender past its budget hears so at most this often. */
  static final long TELL_EVERY_MICROS = 1_000_000;

  /** One gesture, in the bucket's unit (a millionth of a gesture), so refills stay exact. */
  private static final long ONE = 1_000_000;

  private static final long FULL = BURST * ONE;

  /** A refill longer than this fills the bucket anyway; it also keeps the product from overflow. */
  private static final long FILL_MICROS = FULL / PER_SECOND;

  private long level = FULL;
  private long lastRefillMicros;
  private boolean refilledOnce;
  private long lastToldMicros;
  private boolean toldOnce;

  /** Takes one gesture from the budget at {@code nowMicros}; false if it is spent. */
  boolean tryTake(long nowMicros) {
    if (!refilledOnce) {
      refilledOnce = true;
      lastRefillMicros = nowMicros;
    }
    long elapsed = nowMicros - lastRefillMicros;
    if (elapsed > 0) {
      level = Math.min(FULL, level + Math.min(elapsed, FILL_MICROS) * PER_SECOND);
      lastRefillMicros = nowMicros;
    }
    if (level < ONE) {
      return false;
    }
    level -= ONE;
    return true;
  }

  /** Whether a sender past its budget at {@code nowMicros} should be told (once a while). */
  boolean shouldTell(long nowMicros) {
    if (toldOnce && nowMicros - lastToldMicros < TELL_EVERY_MICROS) {
      return false;
    }
    toldOnce = true;
    lastToldMicros = nowMicros;
    return true;
  }
}
