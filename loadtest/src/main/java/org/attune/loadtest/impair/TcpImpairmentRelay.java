package org.attune.loadtest.impair;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.attune.loadtest.time.PreciseScheduler;
import org.attune.server.transport.SocketTransport;

/**
 * A TCP relay on a loopback port that delays every chunk it forwards by a drawn one-way delay, in
 * both directions, keeping each direction in order (a chunk never leaves before the one read before
 * it), as a real path with jitter would.
 *
 * <p>Queues are bounded: a direction with more than {@link #HIGH_WATER_BYTES} waiting stops reading
 * its source until it is below {@link #LOW_WATER_BYTES}, which pushes back on the sender as TCP
 * does; if the delay line itself is full the connection is closed and counted.
 *
 * <p>Thread-safe: the channels live on the relay's event loop (one thread, which also owns the
 * samplers); delayed writes are issued by the delay line's thread.
 */
public final class TcpImpairmentRelay implements AutoCloseable {

  static final long HIGH_WATER_BYTES = 256 * 1024;
  static final long LOW_WATER_BYTES = 64 * 1024;

  private final SocketTransport transport;
  private final EventLoopGroup loop;
  private final InetSocketAddress upstream;
  private final LinkImpairment impairment;
  private final PreciseScheduler delayLine;
  private final RelayStats stats;
  private final AtomicLong connections = new AtomicLong();
  private Channel server;

  /**
   * @param transport the socket transport of {@code loop}
   * @param loop a one-thread event loop group (it owns the delay samplers)
   * @param delayLine releases delayed chunks; bounded
   */
  public TcpImpairmentRelay(
      SocketTransport transport,
      EventLoopGroup loop,
      InetSocketAddress upstream,
      LinkImpairment impairment,
      PreciseScheduler delayLine,
      RelayStats stats) {
    this.transport = transport;
    this.loop = loop;
    this.upstream = upstream;
    this.impairment = impairment;
    this.delayLine = delayLine;
    this.stats = stats;
  }

  /** Listens on 127.0.0.1 at {@code port} (0 = any free). */
  public InetSocketAddress bind(int port) throws InterruptedException {
    server =
        new ServerBootstrap()
            .group(loop)
            .channel(transport.serverSocketChannel())
            .option(ChannelOption.SO_BACKLOG, 4096)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.AUTO_READ, false)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel client) {
                    connect(client);
                  }
                })
            .bind("127.0.0.1", port)
            .sync()
            .channel();
    return (InetSocketAddress) server.localAddress();
  }

  private void connect(SocketChannel client) {
    stats.tcpConnections.increment();
    long id = connections.incrementAndGet();
    Direction up = new Direction(impairment.sampler(id * 2));
    Direction down = new Direction(impairment.sampler(id * 2 + 1));
    new Bootstrap()
        .group(client.eventLoop())
        .channel(transport.socketChannel())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.AUTO_READ, true)
        .handler(down)
        .connect(upstream)
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (!f.isSuccess()) {
                    client.close();
                    return;
                  }
                  up.join(client, f.channel());
                  down.join(f.channel(), client);
                  client.pipeline().addLast(up);
                  client.config().setAutoRead(true);
                });
  }

  /** One direction of one connection: reads from its source, delays, writes to its target. */
  private final class Direction extends ChannelInboundHandlerAdapter {
    private final LinkImpairment.Sampler sampler;
    private final AtomicLong queuedBytes = new AtomicLong();
    private Channel source;
    private Channel target;
    private long lastDueNanos = System.nanoTime();

    Direction(LinkImpairment.Sampler sampler) {
      this.sampler = sampler;
    }

    void join(Channel source, Channel target) {
      this.source = source;
      this.target = target;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (target == null) {
        ReferenceCountUtil.release(msg);
        return;
      }
      ByteBuf buf = (ByteBuf) msg;
      int bytes = buf.readableBytes();
      long due = Math.max(System.nanoTime() + sampler.delayNanos(), lastDueNanos);
      lastDueNanos = due;
      boolean queued =
          delayLine.schedule(
              due,
              actual -> {
                stats.tcpBytes.add(bytes);
                target.writeAndFlush(buf, target.voidPromise());
                if (queuedBytes.addAndGet(-bytes) < LOW_WATER_BYTES
                    && !source.config().isAutoRead()) {
                  source.config().setAutoRead(true);
                }
              });
      if (!queued) {
        buf.release();
        stats.tcpQueueFull.increment();
        source.close();
        target.close();
        return;
      }
      if (queuedBytes.addAndGet(bytes) > HIGH_WATER_BYTES && source.config().isAutoRead()) {
        stats.tcpPaused.increment();
        source.config().setAutoRead(false);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (target != null) {
        // Close after what is already delayed has gone out.
        delayLine.schedule(lastDueNanos, actual -> target.close());
      }
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().awaitUninterruptibly();
    }
  }
}
