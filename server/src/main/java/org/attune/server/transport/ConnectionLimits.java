package org.attune.server.transport;

import java.time.Duration;

/**
 * What connections may hold of the server, so that no one connection, address or flood of them
 * exhausts it (issue 10): each limit is checked where the connection is served.
 *
 * @param maxConnections open TCP connections (members, OSC, HTTP) in all; more are closed at once
 * @param maxConnectionsPerAddress open TCP connections from one address (one /64 for IPv6)
 * @param joinTimeout how long a member connection may stay without having joined a group; clock
 *     pings do not extend it
 * @param maxOutboundBytes bytes queued to one connection at most: a connection that does not read
 *     its replies first stops being read (at the write buffer's high-water mark), and is closed if
 *     its queue passes this
 * @param maxPartialFrameBytes bytes held in partial (not yet complete) frames over all connections;
 *     a connection whose partial frame would pass it is closed
 */
public record ConnectionLimits(
    int maxConnections,
    int maxConnectionsPerAddress,
    Duration joinTimeout,
    long maxOutboundBytes,
    long maxPartialFrameBytes) {

  /**
   * A member connection's kernel send buffer (TCP and WebSocket), fixed instead of the kernel's
   * autotuned megabytes: what waits there for a member that does not read is older than any
   * staleness bound ({@link ChannelMemberLink}) could see. Linux doubles it: at 100 ms round trips
   * it carries 2.6 Mbit/s, forty times a member's live stream and gestures.
   */
  public static final int MEMBER_SEND_BUFFER_BYTES = 16 * 1024;

  public static final int DEFAULT_MAX_CONNECTIONS = 4096;
  public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 256;
  public static final Duration DEFAULT_JOIN_TIMEOUT = Duration.ofSeconds(10);

  public ConnectionLimits {
    if (maxConnections < 1 || maxConnectionsPerAddress < 1) {
      throw new IllegalArgumentException("connection limits must be at least 1");
    }
    if (joinTimeout.isNegative() || joinTimeout.isZero()) {
      throw new IllegalArgumentException("the join timeout must be positive");
    }
  }

  /**
   * 4,096 connections, 256 from one address (a clinic's room behind one NAT), 10 s to join, 1 MiB
   * queued to one connection, 32 MiB in partial frames (512 connections' worth of 64 KiB frames).
   */
  public static ConnectionLimits defaults() {
    return new ConnectionLimits(
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
        DEFAULT_JOIN_TIMEOUT,
        1024 * 1024,
        32L * 1024 * 1024);
  }

  public ConnectionLimits withMaxConnections(int max, int perAddress) {
    return new ConnectionLimits(
        max, perAddress, joinTimeout, maxOutboundBytes, maxPartialFrameBytes);
  }

  public ConnectionLimits withJoinTimeout(Duration timeout) {
    return new ConnectionLimits(
        maxConnections, maxConnectionsPerAddress, timeout, maxOutboundBytes, maxPartialFrameBytes);
  }

  public ConnectionLimits withMaxOutboundBytes(long bytes) {
    return new ConnectionLimits(
        maxConnections, maxConnectionsPerAddress, joinTimeout, bytes, maxPartialFrameBytes);
  }

  public ConnectionLimits withMaxPartialFrameBytes(long bytes) {
    return new ConnectionLimits(
        maxConnections, maxConnectionsPerAddress, joinTimeout, maxOutboundBytes, bytes);
  }
}
