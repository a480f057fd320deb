package org.attune.server.transport.osc;

import java.time.Duration;

/**
 * What the OSC gateway allows over plain UDP, where any source address can be forged.
 *
 * @param facilitators whether facilitators may join over UDP, sending their key in clear text from
 *     an address that proves nothing (off by default; OSC over TCP is always allowed)
 * @param streamFreshness how long after an endpoint's last datagram it is still sent its group's
 *     stream (beats, state, gestures); a listener keeps it coming with {@code /attune/ping}
 */
public record OscUdpRules(boolean facilitators, Duration streamFreshness) {

  /** A listener that pings every 10 s may lose three pings in a row. */
  public static final Duration DEFAULT_STREAM_FRESHNESS = Duration.ofSeconds(40);

  public OscUdpRules {
    if (streamFreshness.isNegative() || streamFreshness.isZero()) {
      throw new IllegalArgumentException("the stream's freshness must be positive");
    }
  }

  public static OscUdpRules defaults() {
    return new OscUdpRules(false, DEFAULT_STREAM_FRESHNESS);
  }

  public OscUdpRules withFacilitators(boolean allowed) {
    return new OscUdpRules(allowed, streamFreshness);
  }

  public OscUdpRules withStreamFreshness(Duration freshness) {
    return new OscUdpRules(facilitators, freshness);
  }
}
