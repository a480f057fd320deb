package org.attune.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.attune.audio.sf2.SoundFontException;
import org.attune.clock.ServerClock;
import org.attune.server.group.FailedJoinLimiter;
import org.attune.server.group.GroupJournal;
import org.attune.server.group.GroupRegistry;
import org.attune.server.group.GroupSound;
import org.attune.server.group.GroupStats;
import org.attune.server.group.SecretHashes;
import org.attune.server.journal.DataDirectory;
import org.attune.server.journal.JournalStats;
import org.attune.server.journal.JournalWriter;
import org.attune.server.journal.SaltFile;
import org.attune.server.journal.SessionFiles;
import org.attune.server.journal.SessionRestore;
import org.attune.server.metrics.AudioMeters;
import org.attune.server.metrics.GroupMeters;
import org.attune.server.metrics.JournalMeters;
import org.attune.server.metrics.PrometheusNamingFilter;
import org.attune.server.metrics.RuntimeMeters;
import org.attune.server.metrics.StreamMeters;
import org.attune.server.metrics.TransportMeters;
import org.attune.server.mixer.SoundSystem;
import org.attune.server.transport.ConnectionLimiter;
import org.attune.server.transport.ConnectionLimits;
import org.attune.server.transport.PartialFrameBudget;
import org.attune.server.transport.SocketTransport;
import org.attune.server.transport.http.HttpServerInitializer;
import org.attune.server.transport.http.WebApi;
import org.attune.server.transport.http.WebAssets;
import org.attune.server.transport.osc.OscDatagramOutput;
import org.attune.server.transport.osc.OscStats;
import org.attune.server.transport.osc.OscStreamOutput;
import org.attune.server.transport.osc.OscTransport;
import org.attune.server.transport.tcp.TcpServerInitializer;
import org.attune.server.transport.tcp.TcpStats;
import org.attune.server.transport.tls.ServerTls;
import org.attune.server.transport.tls.TlsInitializer;
import org.attune.server.transport.tls.TlsStats;
import org.attune.server.transport.udp.ClockPingDatagramHandler;
import org.attune.server.transport.udp.UdpStats;
import org.attune.server.transport.ws.WebSocketEndpoint;
import org.attune.server.transport.ws.WsStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Attune server: the event loops, the TCP and UDP transports, the group registry, and the
 * operations port with its meter registry.
 *
 * <p>Thread-safe: {@link #start} and {@link #close} from any one thread; the accessors from any.
 */
public final class AttuneServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AttuneServer.class);

  /** Outbound buffer per member above which it counts as lagging (not writable). */
  private static final WriteBufferWaterMark WATER_MARK =
      new WriteBufferWaterMark(64 * 1024, 256 * 1024);

  private static final int MAX_FAILED_JOINS_PER_MINUTE = 10;

  /** Records the journal's queue holds: about 6 s of 250 groups of 8 playing 10 notes a second. */
  private static final int JOURNAL_QUEUE_RECORDS = 128 * 1024;

  /** How long an event loop may take to run a task before {@code /healthz} reports it stuck. */
  private static final Duration LOOP_HEALTH_DEADLINE = Duration.ofMillis(500);

  /** Binds in a row on an ephemeral port before giving up on finding a UDP port to match. */
  private static final int EPHEMERAL_BIND_ATTEMPTS = 10;

  /** The transports that carry members, whose counts {@code attune_members} shows. */
  private static final List<String> MEMBER_TRANSPORTS =
      List.of(
          TcpStats.TRANSPORT,
          WsStats.TRANSPORT,
          OscDatagramOutput.TRANSPORT,
          OscStreamOutput.TRANSPORT);

  private final ServerConfig config;
  private final ServerClock.SystemClock clock;
  private final SocketTransport transport;
  private final EventLoopGroup acceptor;
  private final EventLoopGroup loops;

  /** Serves the operations port alone, so that a scrape never delays a group. */
  private final EventLoopGroup operations;

  private final PrometheusMeterRegistry meterRegistry;
  private final RuntimeMeters runtimeMeters;
  private final GroupRegistry groups;
  private final SoundSystem sound;

  /** Writes the sessions' journals; null without a data directory. */
  private final JournalWriter journal;

  /** The wall-clock time (µs since the Unix epoch) of server time 0, for the journal. */
  private final long epochMicrosAtZero;

  private SessionRestore.Outcome restored =
      new SessionRestore.Outcome(List.of(), 0, List.of(), List.of());
  private final TcpStats tcpStats = new TcpStats();
  private final WsStats wsStats = new WsStats();

  /** The TLS identity of the TCP and HTTP ports; empty when TLS is off. */
  private final Optional<ServerTls> tls;

  private final TlsStats tcpTlsStats = new TlsStats("tcp");
  private final TlsStats httpTlsStats = new TlsStats("http");

  /** The browser pages, read from the jar once at start. */
  private final WebAssets webAssets = WebAssets.fromClassPath();

  /** The open TCP member connections and HTTP connections (WebSocket members among them). */
  private final ChannelGroup connections =
      new DefaultChannelGroup("tcp members", GlobalEventExecutor.INSTANCE);

  private final UdpStats udpStats = new UdpStats();
  private final ClockPingDatagramHandler udpHandler;

  /** Failed joins per address, over every transport. */
  private final FailedJoinLimiter joinLimiter;

  private final OscTransport osc;

  /** Reads and writes the disk for HTTP API requests (downloads, group creation), off the loops. */
  private final ExecutorService apiDisk =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "attune-api-disk");
            t.setDaemon(true);
            return t;
          });

  /** Caps open TCP connections (members, OSC, HTTP), in all and per address. */
  private final ConnectionLimiter connectionLimiter;

  /** Bounds the bytes all member connections' frame decoders hold in partial frames. */
  private final PartialFrameBudget partialFrames;

  private Channel tcpChannel;
  private Channel udpChannel;
  private Channel httpChannel;

  private AttuneServer(ServerConfig config) {
    this.config = config;
    this.clock = ServerClock.startingNow();
    this.transport = SocketTransport.chosen();
    this.acceptor = transport.newLoops(1);
    this.loops = transport.newLoops(ioThreads(config));
    this.operations = transport.newLoops(1);
    this.meterRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    meterRegistry.config().meterFilter(new PrometheusNamingFilter());
    GroupStats groupStats = GroupMeters.newStats(meterRegistry);
    this.sound = config.sound().enabled() ? startSound(config, clock, meterRegistry) : null;
    this.epochMicrosAtZero = System.currentTimeMillis() * 1_000 - clock.nowMicros();
    this.tls = ServerTls.load(config.tls(), hostNames(config.host()));
    SecretHashes hashes = SecretHashes.ofThisRun();
    if (config.dataDirectory().isPresent()) {
      DataDirectory data = config.dataDirectory().get();
      try {
        hashes = new SecretHashes(SaltFile.loadOrCreate(data.saltFile()));
        Files.createDirectories(data.sessions());
      } catch (IOException e) {
        throw new IllegalStateException(
            "the data directory " + data.root() + " cannot be used: " + e.getMessage(), e);
      }
      JournalStats journalStats = new JournalStats();
      this.journal =
          new JournalWriter(
              data.sessions(), config.journalFlush(), JOURNAL_QUEUE_RECORDS, journalStats);
      JournalMeters.bind(meterRegistry, journalStats);
    } else {
      this.journal = null;
    }
    this.groups =
        new GroupRegistry(
            "g",
            loops,
            clock,
            config.groupSettings(),
            PooledByteBufAllocator.DEFAULT,
            groupStats,
            sound == null ? GroupSound.Factory.SILENT : sound,
            journal == null ? GroupJournal.Factory.NONE : journal,
            hashes,
            epochMicrosAtZero);
    this.udpHandler =
        new ClockPingDatagramHandler(
            clock,
            config.maxDatagramBytes(),
            udpStats,
            sound == null ? null : sound.streams().routes());
    this.joinLimiter =
        new FailedJoinLimiter(clock, MAX_FAILED_JOINS_PER_MINUTE, TimeUnit.MINUTES.toMicros(1));
    ConnectionLimits limits = config.limits();
    this.connectionLimiter =
        new ConnectionLimiter(limits.maxConnections(), limits.maxConnectionsPerAddress());
    this.partialFrames = new PartialFrameBudget(limits.maxPartialFrameBytes());
    this.osc =
        config.oscPort() < 0
            ? null
            : new OscTransport(
                groups,
                joinLimiter,
                clock,
                config.oscIdleTimeout(),
                connectionLimiter,
                limits,
                config.oscUdp());
    new GroupMeters(groups).bindTo(meterRegistry);
    for (String transport : MEMBER_TRANSPORTS) {
      TransportMeters.of(meterRegistry, transport).members(groupStats);
    }
    tcpStats.bindTo(meterRegistry);
    wsStats.bindTo(meterRegistry);
    udpStats.bindTo(meterRegistry);
    if (tls.isPresent()) {
      tcpTlsStats.bindTo(meterRegistry);
      httpTlsStats.bindTo(meterRegistry);
    }
    this.runtimeMeters = new RuntimeMeters(allocators());
    if (osc != null) {
      osc.stats().bindTo(meterRegistry);
    }
    runtimeMeters.bindTo(meterRegistry);
  }

  private static SoundSystem startSound(
      ServerConfig config, ServerClock clock, MeterRegistry registry) {
    AudioMeters audioMeters = new AudioMeters(registry);
    try {
      SoundSystem sound =
          new SoundSystem(
              config.sound(),
              clock,
              config.maxMembersPerGroup(),
              audioMeters,
              config.dataDirectory());
      audioMeters.bind(registry, sound);
      StreamMeters.bind(registry, sound.streams().stats());
      return sound;
    } catch (SoundFontException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The server's sound, if it has one: the SoundFont, the render threads, each group's bus. */
  public Optional<SoundSystem> sound() {
    return Optional.ofNullable(sound);
  }

  /**
   * One event loop a core unless configured: a member's channel moves onto its group's loop when it
   * joins, so more loops than cores would only add wake-ups (Netty's default of two a core cost the
   * load test a quarter more server CPU at 1,000 members, before channels moved).
   */
  private static int ioThreads(ServerConfig config) {
    return config.ioThreads() > 0 ? config.ioThreads() : Runtime.getRuntime().availableProcessors();
  }

  /** The allocators buffers come from: pooled for fan-out, Netty's default for the channels. */
  private static Map<String, ByteBufAllocatorMetricProvider> allocators() {
    Map<String, ByteBufAllocatorMetricProvider> allocators = new LinkedHashMap<>();
    allocators.put("pooled", PooledByteBufAllocator.DEFAULT);
    if (ByteBufAllocator.DEFAULT != PooledByteBufAllocator.DEFAULT
        && ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider channels) {
      allocators.put("channels", channels);
    }
    return allocators;
  }

  /** Binds the TCP, UDP and HTTP ports and starts serving. */
  public static AttuneServer start(ServerConfig config) throws InterruptedException {
    AttuneServer server = new AttuneServer(config);
    try {
      ServerWarmUp.run(server.transport, server.acceptor, server.loops, server.clock, config);
      server.restoreSessions();
      server.bind();
    } catch (InterruptedException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** Brings back the sessions of the data directory that had not ended, before ports open. */
  private void restoreSessions() {
    if (journal == null) {
      return;
    }
    DataDirectory data = config.dataDirectory().orElseThrow();
    try {
      restored =
          SessionRestore.restore(
              data, groups, journal, clock, epochMicrosAtZero, config.sessionIdleEnd());
    } catch (IOException e) {
      throw new IllegalStateException(
          "the sessions in " + data.sessions() + " cannot be listed: " + e.getMessage(), e);
    }
    log.info(
        "journal in {}: {} sessions restored, {} ended idle, {} set aside, {} cut",
        data.sessions(),
        restored.restored().size(),
        restored.endedIdle(),
        restored.setAside().size(),
        restored.cut().size());
  }

  /** What the start brought back from the data directory (nothing without one). */
  public SessionRestore.Outcome restoredSessions() {
    return restored;
  }

  /** The journal's counters, if the server keeps a journal. */
  public Optional<JournalStats> journalStats() {
    return Optional.ofNullable(journal).map(JournalWriter::stats);
  }

  /** What every listening TCP socket runs on what it accepts: the limiter, then the tracker. */
  private ChannelInitializer<Channel> acceptHandlers() {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel server) {
        server.pipeline().addLast(connectionLimiter, new ConnectionTracker());
      }
    };
  }

  /** Puts every accepted member connection into {@link #connections}, which drops it on close. */
  @ChannelHandler.Sharable
  private final class ConnectionTracker extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object accepted) {
      connections.add((Channel) accepted);
      ctx.fireChannelRead(accepted);
    }
  }

  /**
   * Binds the TCP port and the UDP port of the same number. With port 0 the kernel picks the TCP
   * port, and the UDP port of that number may be taken by another program: then both are let go and
   * another is tried, a few times.
   */
  private void bindTcpAndUdp() throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      tcpChannel = bindTcp();
      try {
        udpChannel = bindUdp(tcpPort());
        return;
      } catch (InterruptedException e) {
        tcpChannel.close();
        throw e;
      } catch (Exception e) {
        // Netty rethrows the bind's IOException unchecked, hence Exception.
        tcpChannel.close().sync();
        if (config.port() != 0 || attempt == EPHEMERAL_BIND_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private Channel bindTcp() throws InterruptedException {
    return new ServerBootstrap()
        .group(acceptor, loops)
        .channel(transport.serverSocketChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .handler(acceptHandlers())
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .childHandler(
            withTls(
                new TcpServerInitializer(
                    groups,
                    joinLimiter,
                    clock,
                    config.maxFrameBytes(),
                    tcpStats,
                    config.limits(),
                    partialFrames),
                tcpTlsStats))
        .bind(config.host(), config.port())
        .sync()
        .channel();
  }

  private Channel bindUdp(int port) throws InterruptedException {
    return new Bootstrap()
        .group(loops)
        .channel(transport.datagramChannel())
        .option(
            ChannelOption.RECVBUF_ALLOCATOR,
            new FixedRecvByteBufAllocator(config.maxDatagramBytes() + 1))
        .handler(udpHandler)
        .bind(config.host(), port)
        .sync()
        .channel();
  }

  private void bind() throws InterruptedException {
    bindTcpAndUdp();
    if (sound != null) {
      sound.streams().udpChannel(udpChannel);
    }

    if (osc != null) {
      osc.bind(transport, acceptor, loops, config.host(), config.oscPort());
    }
    Map<String, Channel> ports = new LinkedHashMap<>();
    ports.put("TCP", tcpChannel);
    ports.put("UDP", udpChannel);
    Map<String, EventLoopGroup> loopGroups = new LinkedHashMap<>();
    loopGroups.put("acceptor", acceptor);
    loopGroups.put("I/O", loops);
    ServerHealth health = new ServerHealth(ports, loopGroups, LOOP_HEALTH_DEADLINE);
    httpChannel =
        new ServerBootstrap()
            .group(operations)
            .channel(transport.serverSocketChannel())
            .handler(acceptHandlers())
            .childOption(ChannelOption.TCP_NODELAY, true)
            // WebSocket members lag, as TCP's do, when their outbound buffer passes the mark.
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
            .childHandler(
                withTls(
                    new HttpServerInitializer(
                        meterRegistry,
                        health,
                        new WebSocketEndpoint(
                            groups,
                            joinLimiter,
                            clock,
                            config.maxFrameBytes(),
                            wsStats,
                            config.limits()),
                        webAssets,
                        new WebApi(
                            config.operatorKey(),
                            groups,
                            config.dataDirectory().map(SessionFiles::new),
                            joinLimiter,
                            apiDisk,
                            sound().map(SoundSystem::font))),
                    httpTlsStats))
            .bind(config.host(), config.httpPort())
            .sync()
            .channel();
    log.info(
        "Attune listening on {} (TCP protobuf, UDP clock pings) over {}; HTTP on {} (web"
            + " pages, WebSocket members at /ws, metrics)",
        tcpChannel.localAddress(),
        transport.label(),
        httpChannel.localAddress());
    tls.ifPresent(
        identity ->
            log.info(
                "TLS on the TCP port and the HTTP port (HTTPS, WSS): certificate {}, valid until {},"
                    + " SHA-256 {}",
                identity.certificate().getSubjectX500Principal().getName(),
                identity.certificate().getNotAfter().toInstant(),
                identity.fingerprint()));
  }

  /** {@code plaintext} itself, or behind TLS where TLS is on. */
  private ChannelInitializer<SocketChannel> withTls(
      ChannelInitializer<SocketChannel> plaintext, TlsStats stats) {
    return tls.<ChannelInitializer<SocketChannel>>map(
            identity -> new TlsInitializer(identity, stats, plaintext))
        .orElse(plaintext);
  }

  /**
   * The configured host, when it is a name rather than an address: for a self-signed certificate.
   */
  private static List<String> hostNames(String host) {
    boolean address = host.isEmpty() || host.contains(":") || host.matches("[0-9.]+");
    return address || host.equals("localhost") ? List.of() : List.of(host);
  }

  /** The TLS identity of the TCP and HTTP ports, when TLS is on. */
  public Optional<ServerTls> tls() {
    return tls;
  }

  /** TLS handshakes on the TCP port, by outcome (zero when TLS is off). */
  public TlsStats tcpTlsStats() {
    return tcpTlsStats;
  }

  /** TLS handshakes on the HTTP port, by outcome (zero when TLS is off). */
  public TlsStats httpTlsStats() {
    return httpTlsStats;
  }

  /** The socket transport chosen at start: epoll where it loads, else NIO. */
  public SocketTransport transport() {
    return transport;
  }

  public int tcpPort() {
    return ((InetSocketAddress) tcpChannel.localAddress()).getPort();
  }

  public int udpPort() {
    return ((InetSocketAddress) udpChannel.localAddress()).getPort();
  }

  /** The OSC gateway's UDP and TCP port; -1 if it is off. */
  public int oscPort() {
    return osc == null ? -1 : osc.udpPort();
  }

  /** The OSC gateway; null if it is off. */
  public OscTransport oscTransport() {
    return osc;
  }

  /** The OSC gateway's counters; null if it is off. */
  public OscStats oscStats() {
    return osc == null ? null : osc.stats();
  }

  /** The HTTP port: {@code /metrics}, {@code /healthz}, the web pages and the WebSocket. */
  public int httpPort() {
    return ((InetSocketAddress) httpChannel.localAddress()).getPort();
  }

  /**
   * The registry of this server's meters, scraped at {@code /metrics}. Parts that come later (a
   * transport, the mixer, the journal) bind their meters here; see {@code
   * org.attune.server.metrics}.
   */
  public MeterRegistry meterRegistry() {
    return meterRegistry;
  }

  public GroupRegistry groups() {
    return groups;
  }

  /** The server's clock; its origin lets a process on this machine know the true server time. */
  public ServerClock.SystemClock clock() {
    return clock;
  }

  public ServerConfig config() {
    return config;
  }

  /** The cap on open TCP connections, with its count of those it refused. */
  public ConnectionLimiter connectionLimiter() {
    return connectionLimiter;
  }

  /** The budget of bytes held in partial frames, with its count of connections it closed. */
  public PartialFrameBudget partialFrames() {
    return partialFrames;
  }

  public TcpStats tcpStats() {
    return tcpStats;
  }

  public WsStats wsStats() {
    return wsStats;
  }

  public ClockPingDatagramHandler udpStats() {
    return udpHandler;
  }

  /** Closes the ports and stops the event loops, waiting briefly for them to finish. */
  @Override
  public void close() {
    if (httpChannel != null) {
      httpChannel.close().awaitUninterruptibly();
    }
    if (tcpChannel != null) {
      tcpChannel.close().awaitUninterruptibly();
    }
    if (udpChannel != null) {
      udpChannel.close().awaitUninterruptibly();
    }
    if (osc != null) {
      osc.close();
    }
    // Closed here rather than left to the loops' shutdown, which did not always close them: a
    // member must hear at once that the server went away.
    connections.close().awaitUninterruptibly();
    acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    operations.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    apiDisk.shutdownNow();
    if (sound != null) {
      sound.close();
    }
    if (journal != null) {
      // After the loops: every record a group appended is queued, and is written and synced now.
      journal.close();
    }
    runtimeMeters.close();
    meterRegistry.close();
  }
}
