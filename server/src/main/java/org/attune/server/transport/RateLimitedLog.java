package org.attune.server.transport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * A logger's warnings and errors, at most {@code perWindow} lines per reason in each window of
 * time: what anyone on the network can cause (malformed packets, failing requests) must not fill
 * the disk or hold an event loop in the appender. A line after a quiet spell says how many of its
 * reason were suppressed meanwhile ("12 more suppressed"); only the first line of a window carries
 * its exception's stack trace, the others its one-line description. Every event is counted, logged
 * or not ({@link #count}).
 *
 * <p>Reasons are fixed words chosen by the caller's code, never taken from input, so that their
 * number stays small.
 *
 * <p>Thread-safe: yes, lock-free; from any event loop.
 */
public final class RateLimitedLog {

  private final Logger log;
  private final int perWindow;
  private final long windowNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Reason> reasons = new ConcurrentHashMap<>();

  private static final class Reason {
    final AtomicLong windowStart = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong inWindow = new AtomicLong();
    final AtomicLong suppressed = new AtomicLong();
    final LongAdder count = new LongAdder();
  }

  /**
   * @param perWindow lines per reason per window
   * @param windowNanos the window's length
   * @param nanoTime the monotonic clock, e.g. {@code System::nanoTime}; a fake one in tests
   */
  public RateLimitedLog(Logger log, int perWindow, long windowNanos, LongSupplier nanoTime) {
    this.log = log;
    this.perWindow = perWindow;
    this.windowNanos = windowNanos;
    this.nanoTime = nanoTime;
  }

  /** Ten lines per reason a minute, on the system's monotonic clock. */
  public static RateLimitedLog of(Logger log) {
    return new RateLimitedLog(log, 10, 60_000_000_000L, System::nanoTime);
  }

  /** Logs a warning for {@code reason}, unless its budget is spent. */
  public void warn(String reason, String message, Throwable cause) {
    event(reason, false, message, cause);
  }

  /** Logs an error for {@code reason}, unless its budget is spent. */
  public void error(String reason, String message, Throwable cause) {
    event(reason, true, message, cause);
  }

  /** Events of {@code reason} so far, logged or suppressed. */
  public long count(String reason) {
    Reason r = reasons.get(reason);
    return r == null ? 0 : r.count.sum();
  }

  private void event(String reason, boolean error, String message, Throwable cause) {
    Reason r = reasons.computeIfAbsent(reason, k -> new Reason());
    r.count.increment();
    if (error ? !log.isErrorEnabled() : !log.isWarnEnabled()) {
      return;
    }
    long now = nanoTime.getAsLong();
    long start = r.windowStart.get();
    if (start == Long.MIN_VALUE || now - start >= windowNanos) {
      if (r.windowStart.compareAndSet(start, now)) {
        r.inWindow.set(0);
      }
    }
    long n = r.inWindow.incrementAndGet();
    if (n > perWindow) {
      r.suppressed.incrementAndGet();
      return;
    }
    long before = r.suppressed.getAndSet(0);
    String line =
        "[" + reason + "] " + message + (before > 0 ? " (" + before + " more suppressed)" : "");
    Object detail = cause == null ? null : n == 1 ? cause : cause.toString();
    if (detail instanceof Throwable t) {
      if (error) {
        log.error(line, t);
      } else {
        log.warn(line, t);
      }
    } else if (detail != null) {
      if (error) {
        log.error("{}: {}", line, detail);
      } else {
        log.warn("{}: {}", line, detail);
      }
    } else if (error) {
      log.error(line);
    } else {
      log.warn(line);
    }
  }
}
