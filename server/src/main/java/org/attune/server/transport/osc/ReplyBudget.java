package org.attune.server.transport.osc;

import java.net.InetAddress;
import java.util.function.LongSupplier;

/**
 * How many replies (errors, pongs) go to UDP senders that have not joined: at most {@code
 * perSecond} a second in all and {@code perSenderPerSecond} a second to one address, so that forged
 * source addresses cannot turn the server into a reflector, neither against many victims nor
 * against one.
 *
 * <p>A sender's share is kept in one of a fixed number of slots chosen by its address's hash: two
 * addresses that share a slot share a budget, and no sender, however many there are, adds state.
 *
 * <p>Thread-safe: no; the UDP gateway's loop only.
 */
final class ReplyBudget {

  /** Slots of per-sender budgets; a power of two. */
  static final int SLOTS = 1024;

  private final int perSecond;
  private final int perSenderPerSecond;
  private final LongSupplier nanoTime;
  private long window = Long.MIN_VALUE;
  private int used;
  private final long[] slotWindow = new long[SLOTS];
  private final int[] slotUsed = new int[SLOTS];

  /**
   * @param nanoTime the server's monotonic clock, in nanoseconds
   */
  ReplyBudget(int perSecond, int perSenderPerSecond, LongSupplier nanoTime) {
    this.perSecond = perSecond;
    this.perSenderPerSecond = perSenderPerSecond;
    this.nanoTime = nanoTime;
    java.util.Arrays.fill(slotWindow, Long.MIN_VALUE);
  }

  /** True if one more reply to {@code sender} may go out now; counts it if so. */
  boolean allow(InetAddress sender) {
    long second = Math.floorDiv(nanoTime.getAsLong(), 1_000_000_000L);
    if (window != second) {
      window = second;
      used = 0;
    }
    int slot = slot(sender);
    if (slotWindow[slot] != second) {
      slotWindow[slot] = second;
      slotUsed[slot] = 0;
    }
    if (used >= perSecond || slotUsed[slot] >= perSenderPerSecond) {
      return false;
    }
    used++;
    slotUsed[slot]++;
    return true;
  }

  private static int slot(InetAddress sender) {
    int h = sender.hashCode();
    return (h ^ (h >>> 16)) & (SLOTS - 1);
  }
}
