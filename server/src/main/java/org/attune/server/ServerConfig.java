package org.attune.server;

import java.time.Duration;

/**
 * Settings of one server.
 *
 * @param host address to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port TCP port for protobuf members; clock pings use UDP on the same number (0 = any free)
 * @param maxFrameBytes the largest inbound TCP frame; larger ones close the connection
 * @param maxDatagramBytes the largest inbound UDP datagram
 * @param minLookahead the shortest time between a facilitator command and its effect
 * @param maxLookahead the cap on the look-ahead however slow a member is
 * @param maxMembersPerGroup members (connected or resumable) per group
 * @param resumeGrace how long a dropped member may resume before it is removed
 * @param ioThreads event-loop threads for connections and groups (0 = two per core)
 */
public record ServerConfig(
    String host,
    int port,
    int maxFrameBytes,
    int maxDatagramBytes,
    Duration minLookahead,
    Duration maxLookahead,
    int maxMembersPerGroup,
    Duration resumeGrace,
    int ioThreads) {

  public static final int DEFAULT_PORT = 7400;

  public static ServerConfig defaults() {
    return new ServerConfig(
        "0.0.0.0",
        DEFAULT_PORT,
        64 * 1024,
        1024,
        Duration.ofMillis(150),
        Duration.ofSeconds(2),
        64,
        Duration.ofMinutes(10),
        0);
  }

  public ServerConfig withHost(String host) {
    return new ServerConfig(host, port, maxFrameBytes, maxDatagramBytes, minLookahead, maxLookahead,
        maxMembersPerGroup, resumeGrace, ioThreads);
  }

  public ServerConfig withPort(int port) {
    return new ServerConfig(host, port, maxFrameBytes, maxDatagramBytes, minLookahead, maxLookahead,
        maxMembersPerGroup, resumeGrace, ioThreads);
  }

  public ServerConfig withMaxFrameBytes(int maxFrameBytes) {
    return new ServerConfig(host, port, maxFrameBytes, maxDatagramBytes, minLookahead, maxLookahead,
        maxMembersPerGroup, resumeGrace, ioThreads);
  }

  public ServerConfig withMinLookahead(Duration minLookahead) {
    return new ServerConfig(host, port, maxFrameBytes, maxDatagramBytes, minLookahead, maxLookahead,
        maxMembersPerGroup, resumeGrace, ioThreads);
  }

  public ServerConfig withResumeGrace(Duration resumeGrace) {
    return new ServerConfig(host, port, maxFrameBytes, maxDatagramBytes, minLookahead, maxLookahead,
        maxMembersPerGroup, resumeGrace, ioThreads);
  }

  public ServerConfig withIoThreads(int ioThreads) {
    return new ServerConfig(host, port, maxFrameBytes, maxDatagramBytes, minLookahead, maxLookahead,
        maxMembersPerGroup, resumeGrace, ioThreads);
  }

  /** The group-level part of these settings. */
  public org.attune.server.group.GroupSettings groupSettings() {
    return new org.attune.server.group.GroupSettings(
        minLookahead.toNanos() / 1_000,
        maxLookahead.toNanos() / 1_000,
        maxMembersPerGroup,
        resumeGrace.toNanos() / 1_000);
  }
}
