package org.attune.server.group;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import org.attune.clock.ServerClock;

/**
 * Limits failed joins (a wrong join code, facilitator key or session token, a wrong key on the web
 * API), so that secrets cannot be guessed by trying, without letting one mistyping member lock a
 * whole clinic out:
 *
 * <ul>
 *   <li><b>Per address</b> (an IPv4 address, or an IPv6 /64, which one household or clinic holds
 *       whole): {@code maxFailures} failures within a window are free; each failure past them
 *       blocks the address for a while that doubles, from 1 s up to the window. A clinic behind one
 *       NAT whose member mistypes the code a few times waits seconds, not a minute.
 *   <li><b>Per group</b>, for facilitator keys: past {@link #GROUP_KEY_FAILURES} wrong keys for one
 *       group within the window, from any addresses, facilitator joins to that group wait too
 *       (participants are not affected), so rotating addresses do not help guess a key.
 *   <li><b>In all</b>: failures beyond {@link #GLOBAL_FAILURES_PER_SECOND} a second (a burst of
 *       {@link #GLOBAL_BURST}), from however many addresses, block every address until the budget
 *       refills: a spread guessing attack is held to that rate.
 * </ul>
 *
 * A valid session token is never refused by this limiter: callers look a token up first, and only a
 * token that opens nothing counts as a failure. Memory is bounded: at most {@link #MAX_TRACKED}
 * addresses and groups are tracked (Caffeine, expiring a window after their last failure); no
 * failure scans the table.
 *
 * <p>Thread-safe: called from any event loop.
 */
public final class FailedJoinLimiter {

  /** Wrong facilitator keys for one group within the window before its facilitator joins wait. */
  public static final int GROUP_KEY_FAILURES = 20;

  /** Failures a second, from all addresses together, before every address waits. */
  public static final int GLOBAL_FAILURES_PER_SECOND = 100;

  /** The failures the global budget lets through at once. */
  public static final int GLOBAL_BURST = 200;

  /** Addresses (and groups) tracked at most; the least recently failing are forgotten first. */
  public static final int MAX_TRACKED = 100_000;

  private static final long FIRST_BLOCK_MICROS = 1_000_000;

  private final ServerClock clock;
  private final int maxFailures;
  private final long windowMicros;
  private final Cache<Key, Record> addresses;
  private final Cache<String, Record> groups;

  /** The global budget: a token bucket in failures, refilled at the global rate. */
  private double globalTokens = GLOBAL_BURST;

  private long globalRefilledMicros;

  /** One address's or group's failures in its window, and how long it waits. */
  private static final class Record {
    long windowStartMicros;
    int failures;
    long blockedUntilMicros;
    long nextBlockMicros = FIRST_BLOCK_MICROS;
  }

  /**
   * @param clock the server clock (the limiter's time, so tests run it on virtual time)
   * @param maxFailures free failures per address within a window
   * @param windowMicros the window, and the longest an address waits
   */
  public FailedJoinLimiter(ServerClock clock, int maxFailures, long windowMicros) {
    this.clock = clock;
    this.maxFailures = maxFailures;
    this.windowMicros = windowMicros;
    this.globalRefilledMicros = clock.nowMicros();
    this.addresses = newCache(clock, windowMicros);
    this.groups = newCache(clock, windowMicros);
  }

  private static <K> Cache<K, Record> newCache(ServerClock clock, long windowMicros) {
    return Caffeine.newBuilder()
        .maximumSize(MAX_TRACKED)
        .expireAfterAccess(Duration.ofNanos(windowMicros * 1_000))
        .ticker(() -> clock.nowMicros() * 1_000)
        .executor(Runnable::run)
        .build();
  }

  /** True if joins from {@code address} are refused for now. */
  public boolean isBlocked(InetAddress address) {
    return blockedForMicros(address) > 0;
  }

  /** How long joins from {@code address} are refused from now, in µs; 0 if they are not. */
  public long blockedForMicros(InetAddress address) {
    long now = clock.nowMicros();
    long global = globalWaitMicros(now);
    Record r = addresses.getIfPresent(Key.of(address));
    long own = 0;
    if (r != null) {
      synchronized (r) {
        own = Math.max(0, r.blockedUntilMicros - now);
      }
    }
    return Math.max(global, own);
  }

  /** Why joins from {@code address} are refused now, in words for the person; empty if not. */
  public java.util.Optional<String> refusal(InetAddress address) {
    long micros = blockedForMicros(address);
    return micros <= 0
        ? java.util.Optional.empty()
        : java.util.Optional.of(
            "Too many failed attempts to join lately; please wait "
                + Math.max(1, (micros + 999_999) / 1_000_000)
                + " s and try again.");
  }

  /** The refusal of a facilitator join while its group's key is being guessed. */
  public static final String FACILITATOR_BLOCKED =
      "Too many wrong facilitator keys for this group lately; please wait a minute and try"
          + " again.";

  /** True if facilitator joins to group {@code groupId} are refused for now. */
  public boolean isFacilitatorBlocked(String groupId) {
    Record r = groups.getIfPresent(groupId);
    if (r == null) {
      return false;
    }
    synchronized (r) {
      return r.blockedUntilMicros > clock.nowMicros();
    }
  }

  /** Counts a failed join from {@code address}. */
  public void recordFailure(InetAddress address) {
    long now = clock.nowMicros();
    spendGlobal(now);
    count(addresses.get(Key.of(address), k -> new Record()), now, maxFailures);
  }

  /** Counts a wrong facilitator key for group {@code groupId} from {@code address}. */
  public void recordFacilitatorFailure(String groupId, InetAddress address) {
    recordFailure(address);
    count(groups.get(groupId, k -> new Record()), clock.nowMicros(), GROUP_KEY_FAILURES);
  }

  /** Addresses tracked now (for tests and metrics). */
  public long trackedAddresses() {
    addresses.cleanUp();
    return addresses.estimatedSize();
  }

  private void count(Record r, long now, int free) {
    synchronized (r) {
      if (now - r.windowStartMicros >= windowMicros) {
        r.windowStartMicros = now;
        r.failures = 0;
        r.nextBlockMicros = FIRST_BLOCK_MICROS;
      }
      r.failures++;
      if (r.failures > free) {
        r.blockedUntilMicros = Math.max(r.blockedUntilMicros, now + r.nextBlockMicros);
        r.nextBlockMicros = Math.min(windowMicros, r.nextBlockMicros * 2);
      }
    }
  }

  private synchronized void refill(long now) {
    double seconds = (now - globalRefilledMicros) / 1e6;
    globalTokens = Math.min(GLOBAL_BURST, globalTokens + seconds * GLOBAL_FAILURES_PER_SECOND);
    globalRefilledMicros = now;
  }

  private synchronized void spendGlobal(long now) {
    refill(now);
    globalTokens -= 1;
  }

  private synchronized long globalWaitMicros(long now) {
    refill(now);
    return globalTokens >= 0 ? 0 : (long) (-globalTokens / GLOBAL_FAILURES_PER_SECOND * 1e6) + 1;
  }

  /** What an address is counted by: an IPv4 address, or the /64 of an IPv6 one. */
  private record Key(byte[] bytes) {
    static Key of(InetAddress address) {
      byte[] raw = address.getAddress();
      if (address instanceof Inet6Address && raw.length == 16) {
        if (isV4Mapped(raw)) {
          return new Key(Arrays.copyOfRange(raw, 12, 16));
        }
        return new Key(Arrays.copyOf(raw, 8));
      }
      return new Key(address instanceof Inet4Address ? raw : raw.clone());
    }

    private static boolean isV4Mapped(byte[] raw) {
      for (int i = 0; i < 10; i++) {
        if (raw[i] != 0) {
          return false;
        }
      }
      return raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return Arrays.toString(bytes);
    }
  }
}
