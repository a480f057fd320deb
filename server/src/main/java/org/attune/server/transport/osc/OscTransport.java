package org.attune.server.transport.osc;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.attune.clock.ServerClock;
import org.attune.server.group.Admission;
import org.attune.server.group.FailedJoinLimiter;
import org.attune.server.group.GroupRegistry;
import org.attune.server.transport.ConnectionLimiter;
import org.attune.server.transport.ConnectionLimits;
import org.attune.server.transport.OutboundBackpressure;
import org.attune.server.transport.SocketTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OSC gateway's two sockets: UDP and TCP on the same port number.
 *
 * <p>Thread-safe: {@link #bind} and {@link #close} from one thread; the rest from any.
 */
public final class OscTransport implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OscTransport.class);
  private static final WriteBufferWaterMark WATER_MARK =
      new WriteBufferWaterMark(32 * 1024, 128 * 1024);

  private final OscGateway gateway;
  private final OscStats stats = new OscStats();
  private final Duration idleTimeout;
  private final ConnectionLimiter connectionLimiter;
  private final ConnectionLimits limits;
  private final OscUdpRules udpRules;
  private Channel udp;
  private Channel tcp;

  public OscTransport(
      GroupRegistry groups,
      FailedJoinLimiter joinLimiter,
      ServerClock clock,
      Duration idleTimeout) {
    this(
        groups,
        joinLimiter,
        clock,
        idleTimeout,
        new ConnectionLimiter(
            ConnectionLimits.DEFAULT_MAX_CONNECTIONS,
            ConnectionLimits.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS),
        ConnectionLimits.defaults(),
        OscUdpRules.defaults());
  }

  /**
   * @param connectionLimiter the server's cap on open TCP connections, which OSC's count towards
   * @param limits what may be queued to one OSC connection
   * @param udpRules what plain UDP allows: facilitators or not, the stream's freshness
   */
  public OscTransport(
      GroupRegistry groups,
      FailedJoinLimiter joinLimiter,
      ServerClock clock,
      Duration idleTimeout,
      ConnectionLimiter connectionLimiter,
      ConnectionLimits limits,
      OscUdpRules udpRules) {
    this.gateway = new OscGateway(new Admission(groups, joinLimiter), clock, stats);
    this.idleTimeout = idleTimeout;
    this.connectionLimiter = connectionLimiter;
    this.limits = limits;
    this.udpRules = udpRules;
  }

  /** Attempts at finding a number free for both TCP and UDP when any port will do. */
  private static final int EPHEMERAL_ATTEMPTS = 20;

  /**
   * Binds TCP on {@code port} and UDP on the same number. With port 0, a free TCP port is taken and
   * tried for UDP, again with another port if that number is taken for UDP.
   */
  public void bind(
      SocketTransport transport,
      EventLoopGroup acceptor,
      EventLoopGroup loops,
      String host,
      int port)
      throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      tcp = tcpBootstrap(transport, acceptor, loops).bind(host, port).sync().channel();
      int bound = tcpPort();
      try {
        udp = udpBootstrap(transport, loops).bind(host, bound).sync().channel();
        break;
      } catch (RuntimeException e) {
        tcp.close().awaitUninterruptibly();
        tcp = null;
        if (port != 0 || attempt == EPHEMERAL_ATTEMPTS) {
          throw e;
        }
      }
    }
    log.info("OSC gateway listening on UDP and TCP port {}", tcpPort());
  }

  private Bootstrap udpBootstrap(SocketTransport transport, EventLoopGroup loops) {
    return new Bootstrap()
        .group(loops)
        .channel(transport.datagramChannel())
        .option(
            ChannelOption.RECVBUF_ALLOCATOR,
            new FixedRecvByteBufAllocator(OscCodec.MAX_PACKET_BYTES + 1))
        .option(ChannelOption.SO_RCVBUF, 1 << 20)
        .handler(new OscDatagramHandler(gateway, idleTimeout, udpRules));
  }

  private ServerBootstrap tcpBootstrap(
      SocketTransport transport, EventLoopGroup acceptor, EventLoopGroup loops) {
    return new ServerBootstrap()
        .group(acceptor, loops)
        .channel(transport.serverSocketChannel())
        .handler(connectionLimiter)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline()
                    .addLast(new IdleStateHandler(idleTimeout.toSeconds(), 0, 0, TimeUnit.SECONDS))
                    .addLast(
                        new OutboundBackpressure(
                            limits.maxOutboundBytes(), stats.outboundOverflows))
                    .addLast(new OscStreamFraming())
                    .addLast(new OscStreamHandler(gateway));
              }
            });
  }

  /** The gateway's UDP channel, for tests that need its writability. */
  Channel udpChannel() {
    return udp;
  }

  public int udpPort() {
    return ((InetSocketAddress) udp.localAddress()).getPort();
  }

  public int tcpPort() {
    return ((InetSocketAddress) tcp.localAddress()).getPort();
  }

  public OscStats stats() {
    return stats;
  }

  @Override
  public void close() {
    if (tcp != null) {
      tcp.close().awaitUninterruptibly();
    }
    if (udp != null) {
      udp.close().awaitUninterruptibly();
    }
  }
}
