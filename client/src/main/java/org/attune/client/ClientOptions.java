package org.attune.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link AttuneClient} connects and probes the clock.
 *
 * <p>Immutable; thread-safe.
 *
 * @param pingInterval time between clock probes once the first burst is done
 * @param udpClockPings probe the clock over UDP (TCP is used as well when UDP stays unanswered)
 * @param maxFrameBytes the largest frame accepted from the server
 * @param connectTimeout how long {@link AttuneClient#connect} waits for the TCP connection (and
 *     again for the TLS handshake, where TLS is on)
 * @param tls whether the TCP connection speaks TLS, and whom it trusts
 */
public record ClientOptions(
    Duration pingInterval,
    boolean udpClockPings,
    int maxFrameBytes,
    Duration connectTimeout,
    ClientTls tls) {

  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofMillis(200);
  public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;

  public ClientOptions {
    if (pingInterval.isNegative() || pingInterval.isZero()) {
      throw new IllegalArgumentException("the ping interval must be positive");
    }
    if (maxFrameBytes <= 0) {
      throw new IllegalArgumentException("the maximum frame size must be positive");
    }
    Objects.requireNonNull(tls, "tls");
  }

  /** Pings every 200 ms over UDP, 64 KiB frames, 5 s to connect, no TLS. */
  public static ClientOptions defaults() {
    return new ClientOptions(
        DEFAULT_PING_INTERVAL,
        true,
        DEFAULT_MAX_FRAME_BYTES,
        Duration.ofSeconds(5),
        ClientTls.off());
  }

  public ClientOptions withPingInterval(Duration interval) {
    return new ClientOptions(interval, udpClockPings, maxFrameBytes, connectTimeout, tls);
  }

  public ClientOptions withUdpClockPings(boolean udp) {
    return new ClientOptions(pingInterval, udp, maxFrameBytes, connectTimeout, tls);
  }

  public ClientOptions withConnectTimeout(Duration timeout) {
    return new ClientOptions(pingInterval, udpClockPings, maxFrameBytes, timeout, tls);
  }

  public ClientOptions withTls(ClientTls tls) {
    return new ClientOptions(pingInterval, udpClockPings, maxFrameBytes, connectTimeout, tls);
  }
}
