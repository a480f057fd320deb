package org.attune.server.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.attune.clock.ServerClock;
import org.junit.jupiter.api.Test;

/** The limiter on virtual time: a clock the test moves. */
class FailedJoinLimiterTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final ServerClock clock = now::get;
  private final FailedJoinLimiter limiter = new FailedJoinLimiter(clock, 10, 60_000_000);

  private static InetAddress ip(String address) throws Exception {
    return InetAddress.getByName(address);
  }

  @Test
  void aClinicBehindOneAddressWaitsSecondsNotAMinute() throws Exception {
    InetAddress clinic = ip("192.0.2.10");
    for (int i = 0; i < 10; i++) {
      limiter.recordFailure(clinic);
    }
    assertThat(limiter.isBlocked(clinic)).as("ten mistakes are free").isFalse();
    limiter.recordFailure(clinic);
    assertThat(limiter.blockedForMicros(clinic)).isEqualTo(1_000_000);
    now.addAndGet(1_000_001);
    assertThat(limiter.isBlocked(clinic)).isFalse();
    // Each further failure doubles the wait, up to the window.
    limiter.recordFailure(clinic);
    assertThat(limiter.blockedForMicros(clinic)).isEqualTo(2_000_000);
    for (int i = 0; i < 20; i++) {
      limiter.recordFailure(clinic);
    }
    assertThat(limiter.blockedForMicros(clinic)).isLessThanOrEqualTo(60_000_000);
    assertThat(limiter.isBlocked(ip("192.0.2.11"))).as("another address").isFalse();
    // A new window forgives.
    now.addAndGet(61_000_000);
    assertThat(limiter.isBlocked(clinic)).isFalse();
    limiter.recordFailure(clinic);
    assertThat(limiter.isBlocked(clinic)).isFalse();
  }

  @Test
  void anIpv6HouseholdIsOneAddressAndAMappedIpv4IsItsIpv4() throws Exception {
    for (int i = 0; i < 11; i++) {
      limiter.recordFailure(ip("2001:db8:1:2::" + Integer.toHexString(i + 1)));
    }
    assertThat(limiter.isBlocked(ip("2001:db8:1:2:ffff::1"))).as("the same /64").isTrue();
    assertThat(limiter.isBlocked(ip("2001:db8:1:3::1"))).as("another /64").isFalse();
    for (int i = 0; i < 11; i++) {
      limiter.recordFailure(ip("::ffff:198.51.100.7"));
    }
    assertThat(limiter.isBlocked(ip("198.51.100.7"))).isTrue();
  }

  @Test
  void aSpreadAttackIsHeldToTheGlobalRateAndEveryAddressWaitsWhileItLasts() throws Exception {
    int spent = 0;
    while (!limiter.isBlocked(ip("203.0.113.200")) && spent < 10_000) {
      limiter.recordFailure(ip("10.0." + (spent / 250) + "." + (spent % 250)));
      spent++;
    }
    assertThat(spent).as("the burst").isBetween(200, 202);
    // Over ten seconds of a flood from rotating addresses, about the global rate gets through.
    int through = 0;
    for (int ms = 0; ms < 10_000; ms++) {
      now.addAndGet(1_000);
      for (int k = 0; k < 11; k++) {
        InetAddress a = ip("10.1." + ((ms * 11 + k) / 250 % 250) + "." + ((ms * 11 + k) % 250));
        if (!limiter.isBlocked(a)) {
          through++;
          limiter.recordFailure(a);
        }
      }
    }
    assertThat(through)
        .isBetween(
            10 * FailedJoinLimiter.GLOBAL_FAILURES_PER_SECOND - 20,
            10 * FailedJoinLimiter.GLOBAL_FAILURES_PER_SECOND + 20);
    now.addAndGet(3_000_000);
    assertThat(limiter.isBlocked(ip("203.0.113.200"))).as("after the flood").isFalse();
  }

  @Test
  void wrongFacilitatorKeysFromManyAddressesBlockThatGroupsFacilitatorJoinsOnly() throws Exception {
    for (int i = 0; i < FailedJoinLimiter.GROUP_KEY_FAILURES; i++) {
      limiter.recordFacilitatorFailure("g1", ip("10.9.0." + i));
    }
    assertThat(limiter.isFacilitatorBlocked("g1")).isFalse();
    limiter.recordFacilitatorFailure("g1", ip("10.9.1.1"));
    assertThat(limiter.isFacilitatorBlocked("g1")).isTrue();
    assertThat(limiter.isFacilitatorBlocked("g2")).isFalse();
    assertThat(limiter.isBlocked(ip("10.9.0.1"))).as("one failure of that address").isFalse();
    now.addAndGet(1_000_001);
    assertThat(limiter.isFacilitatorBlocked("g1")).isFalse();
  }

  @Test
  void memoryIsBoundedAndFailuresDoNotScanTheTable() throws Exception {
    FailedJoinLimiter wide = new FailedJoinLimiter(clock, 10, 60_000_000);
    for (int i = 0; i < FailedJoinLimiter.MAX_TRACKED + 5_000; i++) {
      wide.recordFailure(
          InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}));
      if (i % 150 == 0) {
        now.addAndGet(1_000_000); // stay within the global budget
      }
    }
    assertThat(wide.trackedAddresses()).isLessThanOrEqualTo(FailedJoinLimiter.MAX_TRACKED);
    now.addAndGet(120_000_000);
    assertThat(wide.trackedAddresses()).as("a window after the last failure").isZero();
  }
}
