package org.attune.loadtest.floor;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.attune.protocol.codec.VarintFrameDecoder;
import org.attune.server.transport.SocketTransport;

/**
 * The floor: the least a one-to-many relay over Netty and loopback TCP must do, to compare Attune's
 * latency with. A connection's first frame names its group (a 4-byte index); every later frame is
 * framed once and sent, as retained duplicates, to every other connection of the group that is
 * writable. No protobuf, no validation, no groups on their own loops: only the transport.
 *
 * <p>Same Netty version, same socket transport (epoll where it loads, {@link SocketTransport}),
 * same event-loop count rule (one per core), same write-buffer water marks and TCP_NODELAY as the
 * Attune server. Like a naive relay, it writes and flushes every frame as it arrives.
 *
 * <p>Thread-safe: the group table is concurrent; each handler runs on its channel's loop.
 */
public final class FloorRelayServer implements AutoCloseable {

  private static final int MAX_FRAME_BYTES = 64 * 1024;

  private final SocketTransport transport = SocketTransport.chosen();
  private final EventLoopGroup acceptor = transport.newLoops(1);
  private final EventLoopGroup loops;
  private final ConcurrentMap<Integer, List<Channel>> groups = new ConcurrentHashMap<>();
  private final LongAdder dropped = new LongAdder();
  private Channel server;

  private FloorRelayServer(int ioThreads) {
    this.loops =
        transport.newLoops(ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors());
  }

  /**
   * Starts relaying on 127.0.0.1 at {@code port} (0 = any free).
   *
   * @param ioThreads event-loop threads (0 = one per core, as the Attune server's default)
   */
  public static FloorRelayServer start(int port, int ioThreads) throws InterruptedException {
    FloorRelayServer relay = new FloorRelayServer(ioThreads);
    relay.server =
        new ServerBootstrap()
            .group(relay.acceptor, relay.loops)
            .channel(relay.transport.serverSocketChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(64 * 1024, 256 * 1024))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new VarintFrameDecoder(MAX_FRAME_BYTES))
                        .addLast(relay.new Relay());
                  }
                })
            .bind("127.0.0.1", port)
            .sync()
            .channel();
    return relay;
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Frames not relayed because the receiver was not writable. */
  public long dropped() {
    return dropped.sum();
  }

  private final class Relay extends SimpleChannelInboundHandler<ByteBuf> {
    private List<Channel> group;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf payload) {
      if (group == null) {
        group = groups.computeIfAbsent(payload.readInt(), k -> new CopyOnWriteArrayList<>());
        group.add(ctx.channel());
        return;
      }
      ByteBuf frame = FloorFrames.frame(ctx.alloc(), payload);
      try {
        for (Channel other : group) {
          if (other == ctx.channel()) {
            continue;
          }
          if (!other.isWritable()) {
            dropped.increment();
            continue;
          }
          other.writeAndFlush(frame.retainedDuplicate(), other.voidPromise());
        }
      } finally {
        frame.release();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (group != null) {
        group.remove(ctx.channel());
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
    acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
  }

  /**
   * Runs the floor relay as its own process (so that it, like the Attune server, has a JVM to
   * itself): prints {@code port <n>} and relays until stdin closes or the process is killed.
   * Arguments: port (default 0, any free) and event-loop threads (default 0, two per core).
   */
  public static void main(String[] args) throws Exception {
    FloorRelayServer relay =
        start(
            args.length > 0 ? Integer.parseInt(args[0]) : 0,
            args.length > 1 ? Integer.parseInt(args[1]) : 0);
    Runtime.getRuntime().addShutdownHook(new Thread(relay::close, "floor-shutdown"));
    System.err.println("floor relay over " + relay.transport.label());
    System.out.println("port " + relay.port());
    System.out.flush();
    while (System.in.read() >= 0) {
      // Wait for the parent to close our stdin.
    }
    relay.close();
  }
}
