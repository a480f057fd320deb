package org.attune.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.attune.clock.ServerClock;
import org.attune.protocol.codec.VarintFrameDecoder;
import org.attune.protocol.codec.VarintFramePrepender;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ClockPing;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.Join;
import org.attune.protocol.v1.Leave;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.Role;
import org.attune.server.group.FailedJoinLimiter;
import org.attune.server.group.Group;
import org.attune.server.group.GroupRegistry;
import org.attune.server.group.GroupSound;
import org.attune.server.metrics.GroupMeters;
import org.attune.server.transport.InboundMessageBudget;
import org.attune.server.transport.PartialFrameBudget;
import org.attune.server.transport.SocketTransport;
import org.attune.server.transport.tcp.TcpServerInitializer;
import org.attune.server.transport.tcp.TcpStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a short, private session through the server's own TCP pipeline on loopback before the real
 * ports open: a few groups of members join, play pads fast and ping the clock, so that the JIT has
 * compiled the read, relay and write path before the first real member plays (a cold server's p99
 * stayed above a second for its first seconds under load).
 *
 * <p>It uses the server's event loops and classes but a registry, counters and meters of its own,
 * so that nothing of it shows in {@code /metrics} or among the groups. A warm-up that fails is
 * logged and the server starts anyway.
 *
 * <p>Thread-safe: {@link #run} blocks the calling thread, which must not be an event loop.
 */
final class ServerWarmUp {

  private static final Logger log = LoggerFactory.getLogger(ServerWarmUp.class);

  /** Warm-up groups are {@code w1}, {@code w2} in the logs, never mistaken for real ones. */
  private static final String WARM_UP_IDS = "w";

  private static final int GROUPS = 2;
  private static final int GROUP_SIZE = 8;

  /**
   * A warm-up member plays as fast as a connection may send and still be read (four fifths of
   * {@link InboundMessageBudget#PER_SECOND}, with its pings): past the budget its gestures would be
   * dropped unread, and the paths the warm-up is for would stay cold.
   */
  private static final long GESTURE_PERIOD_MICROS =
      1_000_000L * 5 / (4 * InboundMessageBudget.PER_SECOND);

  private static final long PING_PERIOD_MILLIS = 100;

  private ServerWarmUp() {}

  static void run(
      SocketTransport transport,
      EventLoopGroup acceptor,
      EventLoopGroup loops,
      ServerClock clock,
      ServerConfig config) {
    if (config.warmUp().isZero() || config.warmUp().isNegative()) {
      return;
    }
    long start = System.nanoTime();
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    GroupRegistry groups =
        new GroupRegistry(
            WARM_UP_IDS,
            loops,
            clock,
            config.groupSettings(),
            PooledByteBufAllocator.DEFAULT,
            GroupMeters.newStats(meters),
            GroupSound.Factory.SILENT);
    FailedJoinLimiter joinLimiter = new FailedJoinLimiter(clock, 1_000, 60_000_000);
    Channel server = null;
    List<Channel> members = new ArrayList<>();
    try {
      server =
          new ServerBootstrap()
              .group(acceptor, loops)
              .channel(transport.serverSocketChannel())
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(
                  new TcpServerInitializer(
                      groups,
                      joinLimiter,
                      clock,
                      config.maxFrameBytes(),
                      new TcpStats(),
                      config.limits(),
                      new PartialFrameBudget(config.limits().maxPartialFrameBytes())))
              .bind("127.0.0.1", 0)
              .sync()
              .channel();
      InetSocketAddress address = (InetSocketAddress) server.localAddress();
      Bootstrap client =
          new Bootstrap()
              .group(loops)
              .channel(transport.socketChannel())
              .option(ChannelOption.TCP_NODELAY, true)
              .handler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast(new VarintFrameDecoder(config.maxFrameBytes()))
                          .addLast(new VarintFramePrepender())
                          .addLast(new Discard());
                    }
                  });
      for (int g = 0; g < GROUPS; g++) {
        Group group = groups.create("warm-up " + g);
        ClientMessage join =
            ClientMessage.newBuilder()
                .setJoin(
                    Join.newBuilder()
                        .setGroupCode(group.joinCode())
                        .setName("warm-up")
                        .setInstrument("pads")
                        .setRole(Role.PARTICIPANT))
                .build();
        for (int i = 0; i < GROUP_SIZE; i++) {
          int index = i;
          Channel member =
              client
                  .connect(address)
                  .addListener(
                      (ChannelFutureListener)
                          f -> {
                            if (f.isSuccess()) {
                              f.channel().writeAndFlush(join);
                              play(f.channel(), index);
                            }
                          })
                  .channel();
          members.add(member);
        }
      }
      long left = config.warmUp().toNanos() - (System.nanoTime() - start);
      if (left > 0) {
        TimeUnit.NANOSECONDS.sleep(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("warm-up failed; starting cold: {}", e.toString());
    } finally {
      for (Channel member : members) {
        // Leaving, rather than dropping, ends the member at once instead of after the grace.
        member.writeAndFlush(
            ClientMessage.newBuilder().setLeave(Leave.getDefaultInstance()).build());
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      for (Channel member : members) {
        long wait = Math.max(0, deadline - System.nanoTime());
        if (!member.closeFuture().awaitUninterruptibly(wait, TimeUnit.NANOSECONDS)) {
          member.close().awaitUninterruptibly();
        }
      }
      if (server != null) {
        server.close().awaitUninterruptibly();
      }
      for (Group group : groups.groups()) {
        group.close();
      }
      meters.close();
    }
    log.info("warmed up in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  /** Plays pads and pings the clock on the member's loop until its channel closes. */
  private static void play(Channel member, int index) {
    ClientMessage gesture =
        ClientMessage.newBuilder()
            .setGesture(Gesture.newBuilder().setPad(Pad.newBuilder().setDegree(1 + index % 7)))
            .build();
    ScheduledFuture<?> playing =
        member
            .eventLoop()
            .scheduleAtFixedRate(
                () -> {
                  if (member.isWritable()) {
                    member.writeAndFlush(gesture, member.voidPromise());
                  }
                },
                50_000 + index * 100L,
                GESTURE_PERIOD_MICROS,
                TimeUnit.MICROSECONDS);
    ScheduledFuture<?> pinging =
        member
            .eventLoop()
            .scheduleAtFixedRate(
                () ->
                    member.writeAndFlush(
                        ClientMessage.newBuilder()
                            .setClockPing(
                                ClockPing.newBuilder()
                                    .setClientSendMicros(System.nanoTime() / 1_000))
                            .build(),
                        member.voidPromise()),
                PING_PERIOD_MILLIS,
                PING_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
    member
        .closeFuture()
        .addListener(
            f -> {
              playing.cancel(false);
              pinging.cancel(false);
            });
  }

  /** Reads and drops what the server sends a warm-up member. */
  private static final class Discard extends SimpleChannelInboundHandler<ByteBuf> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
      // Nothing to check: the warm-up only exercises the server's path.
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
