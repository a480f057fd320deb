package org.attune.server.group;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.attune.clock.ServerClock;

/**
 * Limits failed joins (wrong code, key or token) per remote address, so that join codes cannot be
 * guessed by trying: after {@code maxFailures} failures within a window, further joins from that
 * address are refused until the window has passed.
 *
 * <p>Thread-safe: called from any event loop.
 */
public final class FailedJoinLimiter {

  private final ServerClock clock;
  private final int maxFailures;
  private final long windowMicros;
  private final ConcurrentMap<InetAddress, Window> windows = new ConcurrentHashMap<>();

  private record Window(long startMicros, int failures) {}

  public FailedJoinLimiter(ServerClock clock, int maxFailures, long windowMicros) {
    this.clock = clock;
    this.maxFailures = maxFailures;
    this.windowMicros = windowMicros;
  }

  /** True if joins from {@code address} are refused for now. */
  public boolean isBlocked(InetAddress address) {
    Window w = windows.get(address);
    return w != null
        && w.failures >= maxFailures
        && clock.nowMicros() - w.startMicros < windowMicros;
  }

  /** Counts a failed join from {@code address}. */
  public void recordFailure(InetAddress address) {
    long now = clock.nowMicros();
    windows.compute(
        address,
        (a, w) ->
            w == null || now - w.startMicros >= windowMicros
                ? new Window(now, 1)
                : new Window(w.startMicros, w.failures + 1));
    if (windows.size() > 10_000) {
      windows.entrySet().removeIf(e -> now - e.getValue().startMicros >= windowMicros);
    }
  }
}
