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
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.attune.clock.ServerClock;
import org.attune.server.group.FailedJoinLimiter;
import org.attune.server.group.GroupRegistry;
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
  private Channel udp;
  private Channel tcp;

  public OscTransport(GroupRegistry groups, FailedJoinLimiter joinLimiter, ServerClock clock,
      Duration idleTimeout) {
    this.gateway = new OscGateway(groups, joinLimiter, clock, stats);
    this.idleTimeout = idleTimeout;
  }

  /** Binds UDP on {@code port} (0 = any free) and TCP on the same number. */
  public void bind(EventLoopGroup acceptor, EventLoopGroup loops, String host, int port)
      throws InterruptedException {
    udp = new Bootstrap()
        .group(loops)
        .channel(NioDatagramChannel.class)
        .option(ChannelOption.RECVBUF_ALLOCATOR,
            new FixedRecvByteBufAllocator(OscCodec.MAX_PACKET_BYTES + 1))
        .option(ChannelOption.SO_RCVBUF, 1 << 20)
        .handler(new OscDatagramHandler(gateway, idleTimeout))
        .bind(host, port)
        .sync()
        .channel();
    int bound = udpPort();
    tcp = new ServerBootstrap()
        .group(acceptor, loops)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline()
                .addLast(new IdleStateHandler(idleTimeout.toSeconds(), 0, 0, TimeUnit.SECONDS))
                .addLast(new OscStreamFraming())
                .addLast(new OscStreamHandler(gateway));
          }
        })
        .bind(host, bound)
        .sync()
        .channel();
    log.info("OSC gateway listening on UDP and TCP port {}", bound);
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
