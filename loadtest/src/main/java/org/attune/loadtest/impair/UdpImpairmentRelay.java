package org.attune.loadtest.impair;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.attune.loadtest.time.PreciseScheduler;
import org.attune.server.transport.SocketTransport;

/**
 * A UDP relay on a loopback port that loses a fraction of datagrams and delays the rest by a drawn
 * one-way delay, in both directions. Like a NAT, it gives every client address its own upstream
 * socket, so the server's answers find their way back; datagrams may overtake each other, as they
 * may on a real path with jitter.
 *
 * <p>Bounded: at most {@link #MAX_CLIENTS} client addresses (datagrams from more are dropped and
 * counted), and a full delay line drops (and counts) a datagram rather than queueing it.
 *
 * <p>Thread-safe: the channels and the client table live on the relay's event loop (one thread,
 * which also owns the samplers); delayed sends are issued by the delay line's thread.
 */
public final class UdpImpairmentRelay implements AutoCloseable {

  static final int MAX_CLIENTS = 4096;

  /** Socket receive buffers (the kernel may cap them at net.core.rmem_max). */
  private static final int RECEIVE_BUFFER_BYTES = 4 << 20;

  private final SocketTransport transport;
  private final EventLoopGroup loop;
  private final InetSocketAddress upstream;
  private final PreciseScheduler delayLine;
  private final RelayStats stats;
  private final LinkImpairment.Sampler toServer;
  private final LinkImpairment.Sampler toClients;
  private final Map<InetSocketAddress, Channel> upstreamByClient = new HashMap<>();
  private Channel clientFacing;

  /**
   * @param transport the socket transport of {@code loop}
   * @param loop a one-thread event loop group (it owns the samplers and the client table)
   * @param delayLine releases delayed datagrams; bounded
   */
  public UdpImpairmentRelay(
      SocketTransport transport,
      EventLoopGroup loop,
      InetSocketAddress upstream,
      LinkImpairment impairment,
      PreciseScheduler delayLine,
      RelayStats stats) {
    this.transport = transport;
    this.loop = loop;
    this.upstream = upstream;
    this.delayLine = delayLine;
    this.stats = stats;
    this.toServer = impairment.sampler(-1);
    this.toClients = impairment.sampler(-2);
  }

  /** Listens on 127.0.0.1 at {@code port} (0 = any free). */
  public InetSocketAddress bind(int port) throws InterruptedException {
    clientFacing =
        new Bootstrap()
            .group(loop)
            .channel(transport.datagramChannel())
            .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER_BYTES)
            .handler(new FromClients())
            .bind("127.0.0.1", port)
            .sync()
            .channel();
    return (InetSocketAddress) clientFacing.localAddress();
  }

  /** Drops or delays one datagram, then sends its payload from {@code via} to {@code to}. */
  private void forward(
      DatagramPacket packet, LinkImpairment.Sampler sampler, Channel via, InetSocketAddress to) {
    stats.datagramsIn.increment();
    if (sampler.dropsDatagram()) {
      stats.datagramsLost.increment();
      return;
    }
    DatagramPacket out = new DatagramPacket(packet.content().retain(), to);
    boolean queued =
        delayLine.schedule(
            System.nanoTime() + sampler.delayNanos(),
            actual -> {
              stats.datagramsForwarded.increment();
              via.writeAndFlush(out, via.voidPromise());
            });
    if (!queued) {
      out.release();
      stats.datagramsQueueFull.increment();
    }
  }

  private final class FromClients extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      InetSocketAddress client = packet.sender();
      Channel up = upstreamByClient.get(client);
      if (up == null) {
        if (upstreamByClient.size() >= MAX_CLIENTS) {
          stats.datagramsQueueFull.increment();
          return;
        }
        // On this loop, so registered and bound before bind() returns; writes queue behind it.
        up =
            new Bootstrap()
                .group(ctx.channel().eventLoop())
                .channel(transport.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER_BYTES)
                .handler(new FromServer(client))
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .channel();
        upstreamByClient.put(client, up);
      }
      forward(packet, toServer, up, upstream);
    }
  }

  private final class FromServer extends SimpleChannelInboundHandler<DatagramPacket> {
    private final InetSocketAddress client;

    FromServer(InetSocketAddress client) {
      this.client = client;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      forward(packet, toClients, clientFacing, client);
    }
  }

  @Override
  public void close() {
    if (clientFacing != null) {
      clientFacing.close().awaitUninterruptibly();
    }
    loop.execute(() -> upstreamByClient.values().forEach(Channel::close));
  }
}
