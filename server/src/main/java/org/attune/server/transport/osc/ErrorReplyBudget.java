package org.attune.server.transport.osc;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * How many error replies go to UDP senders that have not joined: at most {@code perSecond} a second
 * in all, so that forged source addresses cannot turn the server into a reflector.
 *
 * <p>Thread-safe.
 */
final class ErrorReplyBudget implements BooleanSupplier {

  private final int perSecond;
  private final LongSupplier nanoTime;
  private final AtomicLong window = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong used = new AtomicLong();

  ErrorReplyBudget(int perSecond, LongSupplier nanoTime) {
    this.perSecond = perSecond;
    this.nanoTime = nanoTime;
  }

  /** True if one more reply may go out now. */
  @Override
  public boolean getAsBoolean() {
    long second = Math.floorDiv(nanoTime.getAsLong(), 1_000_000_000L);
    long current = window.get();
    if (current != second && window.compareAndSet(current, second)) {
      used.set(0);
    }
    return used.incrementAndGet() <= perSecond;
  }
}
