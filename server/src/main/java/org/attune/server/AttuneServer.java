package org.attune.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.attune.clock.ServerClock;
import org.attune.server.group.FailedJoinLimiter;
import org.attune.server.group.GroupRegistry;
import org.attune.server.transport.osc.OscStats;
import org.attune.server.transport.osc.OscTransport;
import org.attune.server.transport.tcp.TcpServerInitializer;
import org.attune.server.transport.tcp.TcpStats;
import org.attune.server.transport.udp.ClockPingDatagramHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Attune server: the event loops, the TCP and UDP transports, and the group registry.
 *
 * <p>Thread-safe: {@link #start} and {@link #close} from any one thread; the accessors from any.
 */
public final class AttuneServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AttuneServer.class);
  /** Outbound buffer per member above which it counts as lagging (not writable). */
  private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);
  private static final int MAX_FAILED_JOINS_PER_MINUTE = 10;

  private final ServerConfig config;
  private final ServerClock.SystemClock clock;
  private final EventLoopGroup acceptor;
  private final EventLoopGroup loops;
  private final GroupRegistry groups;
  private final TcpStats tcpStats = new TcpStats();
  private final ClockPingDatagramHandler udpHandler;
  /** Failed joins per address, over every transport. */
  private final FailedJoinLimiter joinLimiter;
  private final OscTransport osc;
  private Channel tcpChannel;
  private Channel udpChannel;

  private AttuneServer(ServerConfig config) {
    this.config = config;
    this.clock = ServerClock.startingNow();
    this.acceptor = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    this.loops = new MultiThreadIoEventLoopGroup(config.ioThreads(), NioIoHandler.newFactory());
    this.groups = new GroupRegistry(loops, clock, config.groupSettings(),
        PooledByteBufAllocator.DEFAULT);
    this.udpHandler = new ClockPingDatagramHandler(clock, config.maxDatagramBytes());
    this.joinLimiter = new FailedJoinLimiter(clock, MAX_FAILED_JOINS_PER_MINUTE,
        TimeUnit.MINUTES.toMicros(1));
    this.osc = config.oscPort() < 0 ? null
        : new OscTransport(groups, joinLimiter, clock, config.oscIdleTimeout());
  }

  /** Binds the TCP and UDP ports and starts serving. */
  public static AttuneServer start(ServerConfig config) throws InterruptedException {
    AttuneServer server = new AttuneServer(config);
    try {
      server.bind();
    } catch (InterruptedException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void bind() throws InterruptedException {
    tcpChannel = new ServerBootstrap()
        .group(acceptor, loops)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .childHandler(new TcpServerInitializer(groups, joinLimiter, clock, config.maxFrameBytes(),
            tcpStats))
        .bind(config.host(), config.port())
        .sync()
        .channel();
    int port = tcpPort();
    udpChannel = new Bootstrap()
        .group(loops)
        .channel(NioDatagramChannel.class)
        .option(ChannelOption.RECVBUF_ALLOCATOR,
            new FixedRecvByteBufAllocator(config.maxDatagramBytes() + 1))
        .handler(udpHandler)
        .bind(config.host(), port)
        .sync()
        .channel();
    log.info("Attune listening on {} (TCP protobuf, UDP clock pings)", tcpChannel.localAddress());
    if (osc != null) {
      osc.bind(acceptor, loops, config.host(), config.oscPort());
    }
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

  /** The OSC gateway's counters; null if it is off. */
  public OscStats oscStats() {
    return osc == null ? null : osc.stats();
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

  public TcpStats tcpStats() {
    return tcpStats;
  }

  public ClockPingDatagramHandler udpStats() {
    return udpHandler;
  }

  /** Closes the ports and stops the event loops, waiting briefly for them to finish. */
  @Override
  public void close() {
    if (tcpChannel != null) {
      tcpChannel.close().awaitUninterruptibly();
    }
    if (udpChannel != null) {
      udpChannel.close().awaitUninterruptibly();
    }
    if (osc != null) {
      osc.close();
    }
    acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
