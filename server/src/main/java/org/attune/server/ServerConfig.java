package org.attune.server;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.attune.server.group.OperatorKey;
import org.attune.server.journal.DataDirectory;
import org.attune.server.journal.FlushPolicy;
import org.attune.server.transport.ConnectionLimits;
import org.attune.server.transport.osc.OscUdpRules;
import org.attune.server.transport.tls.TlsConfig;

/**
 * Settings of one server.
 *
 * @param host address to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port TCP port for protobuf members; clock pings use UDP on the same number (0 = any free)
 * @param httpPort HTTP port for {@code /metrics} and {@code /healthz} (0 = any free)
 * @param oscPort UDP and TCP port of the OSC gateway (0 = any free, negative = no OSC)
 * @param maxFrameBytes the largest inbound TCP frame; larger ones close the connection
 * @param maxDatagramBytes the largest inbound UDP datagram
 * @param minLookahead the shortest time between a facilitator command and its effect
 * @param maxLookahead the cap on the look-ahead however slow a member is
 * @param maxMembersPerGroup members (connected or resumable) per group
 * @param resumeGrace how long a dropped member may resume before it is removed
 * @param oscIdleTimeout how long an OSC sender may stay silent before it leaves its group
 * @param ioThreads event-loop threads for connections and groups (0 = one per core)
 * @param sound whether and how groups are heard: the mixer bus
 * @param warmUp how long the server plays a private session on loopback before its ports open, so
 *     that the JIT has compiled the relay before the first member plays (zero = none)
 * @param dataDirectory where sessions are journaled and brought back from on start; empty = keep
 *     nothing (every group is lost when the server stops)
 * @param journalFlush when the journal syncs to the disk (what a crash can lose)
 * @param sessionIdleEnd how long a group may have no one connected before its session ends
 * @param operatorKey the key that creates groups from a browser ({@code POST /api/groups}); empty =
 *     groups are made only by whoever starts the server
 * @param limits what one connection, one address and all connections may hold
 * @param tls whether the TCP port and the HTTP port (pages, WebSocket) speak TLS, and with which
 *     certificate; UDP clock pings and OSC stay plaintext
 * @param oscUdp what the OSC gateway allows over plain UDP (facilitators, the stream's freshness)
 */
public record ServerConfig(
    String host,
    int port,
    int httpPort,
    int oscPort,
    int maxFrameBytes,
    int maxDatagramBytes,
    Duration minLookahead,
    Duration maxLookahead,
    int maxMembersPerGroup,
    Duration resumeGrace,
    Duration oscIdleTimeout,
    int ioThreads,
    SoundConfig sound,
    Duration warmUp,
    Optional<DataDirectory> dataDirectory,
    FlushPolicy journalFlush,
    Duration sessionIdleEnd,
    Optional<OperatorKey> operatorKey,
    ConnectionLimits limits,
    TlsConfig tls,
    OscUdpRules oscUdp) {

  public static final int DEFAULT_PORT = 7400;
  public static final int DEFAULT_HTTP_PORT = 7480;

  /** TouchOSC's conventional outgoing port: what a tablet sends to by default. */
  public static final int DEFAULT_OSC_PORT = 8000;

  public static ServerConfig defaults() {
    return new ServerConfig(
        "0.0.0.0",
        DEFAULT_PORT,
        DEFAULT_HTTP_PORT,
        DEFAULT_OSC_PORT,
        64 * 1024,
        1024,
        Duration.ofMillis(150),
        Duration.ofSeconds(2),
        64,
        Duration.ofMinutes(10),
        Duration.ofMinutes(30),
        0,
        SoundConfig.defaults(),
        Duration.ofMillis(1500),
        Optional.empty(),
        FlushPolicy.DEFAULT,
        Duration.ofHours(4),
        Optional.empty(),
        ConnectionLimits.defaults(),
        TlsConfig.off(),
        OscUdpRules.defaults());
  }

  /** The defaults on 127.0.0.1 with every port chosen by the system: for tests and embedding. */
  public static ServerConfig onFreePorts() {
    return defaults()
        .with(
            c -> {
              c.host = "127.0.0.1";
              c.port = 0;
              c.httpPort = 0;
              c.oscPort = 0;
              c.sound = SoundConfig.OFF;
              c.warmUp = Duration.ZERO;
            });
  }

  public ServerConfig withHost(String host) {
    return with(c -> c.host = host);
  }

  public ServerConfig withPort(int port) {
    return with(c -> c.port = port);
  }

  public ServerConfig withHttpPort(int httpPort) {
    return with(c -> c.httpPort = httpPort);
  }

  public ServerConfig withOscPort(int oscPort) {
    return with(c -> c.oscPort = oscPort);
  }

  public ServerConfig withMaxFrameBytes(int maxFrameBytes) {
    return with(c -> c.maxFrameBytes = maxFrameBytes);
  }

  public ServerConfig withMinLookahead(Duration minLookahead) {
    return with(c -> c.minLookahead = minLookahead);
  }

  public ServerConfig withResumeGrace(Duration resumeGrace) {
    return with(c -> c.resumeGrace = resumeGrace);
  }

  public ServerConfig withOscIdleTimeout(Duration oscIdleTimeout) {
    return with(c -> c.oscIdleTimeout = oscIdleTimeout);
  }

  public ServerConfig withOscUdp(OscUdpRules oscUdp) {
    return with(c -> c.oscUdp = oscUdp);
  }

  public ServerConfig withIoThreads(int ioThreads) {
    return with(c -> c.ioThreads = ioThreads);
  }

  public ServerConfig withWarmUp(Duration warmUp) {
    return with(c -> c.warmUp = warmUp);
  }

  public ServerConfig withSound(SoundConfig sound) {
    return with(c -> c.sound = sound);
  }

  /** Journals sessions in {@code directory} and brings them back from it on start. */
  public ServerConfig withDataDirectory(DataDirectory directory) {
    return with(c -> c.dataDirectory = Optional.of(directory));
  }

  public ServerConfig withJournalFlush(FlushPolicy journalFlush) {
    return with(c -> c.journalFlush = journalFlush);
  }

  public ServerConfig withSessionIdleEnd(Duration sessionIdleEnd) {
    return with(c -> c.sessionIdleEnd = sessionIdleEnd);
  }

  /** Lets whoever holds {@code key} create groups from a browser. */
  public ServerConfig withOperatorKey(OperatorKey key) {
    return with(c -> c.operatorKey = Optional.of(key));
  }

  public ServerConfig withLimits(ConnectionLimits limits) {
    return with(c -> c.limits = limits);
  }

  public ServerConfig withTls(TlsConfig tls) {
    return with(c -> c.tls = tls);
  }

  /** The group-level part of these settings. */
  public org.attune.server.group.GroupSettings groupSettings() {
    return new org.attune.server.group.GroupSettings(
        minLookahead.toNanos() / 1_000,
        maxLookahead.toNanos() / 1_000,
        maxMembersPerGroup,
        resumeGrace.toNanos() / 1_000,
        sessionIdleEnd.toNanos() / 1_000);
  }

  private ServerConfig with(Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.build();
  }

  /** A mutable copy, so that each {@code with...} names only what it changes. */
  private static final class Copy {
    String host;
    int port;
    int httpPort;
    int oscPort;
    int maxFrameBytes;
    int maxDatagramBytes;
    Duration minLookahead;
    Duration maxLookahead;
    int maxMembersPerGroup;
    Duration resumeGrace;
    Duration oscIdleTimeout;
    int ioThreads;
    SoundConfig sound;
    Duration warmUp;
    Optional<DataDirectory> dataDirectory;
    FlushPolicy journalFlush;
    Duration sessionIdleEnd;
    Optional<OperatorKey> operatorKey;
    ConnectionLimits limits;
    TlsConfig tls;
    OscUdpRules oscUdp;

    Copy(ServerConfig c) {
      host = c.host;
      port = c.port;
      httpPort = c.httpPort;
      oscPort = c.oscPort;
      maxFrameBytes = c.maxFrameBytes;
      maxDatagramBytes = c.maxDatagramBytes;
      minLookahead = c.minLookahead;
      maxLookahead = c.maxLookahead;
      maxMembersPerGroup = c.maxMembersPerGroup;
      resumeGrace = c.resumeGrace;
      oscIdleTimeout = c.oscIdleTimeout;
      ioThreads = c.ioThreads;
      sound = c.sound;
      warmUp = c.warmUp;
      dataDirectory = c.dataDirectory;
      journalFlush = c.journalFlush;
      sessionIdleEnd = c.sessionIdleEnd;
      operatorKey = c.operatorKey;
      limits = c.limits;
      tls = c.tls;
      oscUdp = c.oscUdp;
    }

    ServerConfig build() {
      return new ServerConfig(
          host,
          port,
          httpPort,
          oscPort,
          maxFrameBytes,
          maxDatagramBytes,
          minLookahead,
          maxLookahead,
          maxMembersPerGroup,
          resumeGrace,
          oscIdleTimeout,
          ioThreads,
          sound,
          warmUp,
          dataDirectory,
          journalFlush,
          sessionIdleEnd,
          operatorKey,
          limits,
          tls,
          oscUdp);
    }
  }
}
