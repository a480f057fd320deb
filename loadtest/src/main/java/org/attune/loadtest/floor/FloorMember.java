package org.attune.loadtest.floor;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.attune.loadtest.measure.IntervalRecorder;
import org.attune.protocol.codec.VarintFrameDecoder;
import org.attune.server.transport.SocketTransport;

/**
 * A member of the floor run: sends timestamped frames to the floor relay at a steady rate and
 * records the latency of every frame that arrives from the others.
 *
 * <p>Thread-safe: the public methods from any thread; the state is owned by the channel's loop.
 */
final class FloorMember {

  private final int group;
  private final int index;
  private final int payloadBytes;
  private final IntervalRecorder latency;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile Channel channel;
  private ScheduledFuture<?> playing;

  FloorMember(int group, int index, int payloadBytes, IntervalRecorder latency) {
    this.group = group;
    this.index = index;
    this.payloadBytes = payloadBytes;
    this.latency = latency;
  }

  /** Connects and names the group. */
  ChannelFuture connect(SocketTransport transport, EventLoopGroup loops, InetSocketAddress relay) {
    ChannelFuture connect =
        new Bootstrap()
            .group(loops)
            .channel(transport.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new VarintFrameDecoder(64 * 1024))
                        .addLast(new Arrivals());
                  }
                })
            .connect(relay);
    channel = connect.channel();
    return connect.addListener(
        f -> {
          if (f.isSuccess()) {
            Channel ch = connect.channel();
            ByteBuf hello = ch.alloc().buffer(5);
            FloorFrames.writeVarint32(hello, Integer.BYTES);
            hello.writeInt(group);
            ch.writeAndFlush(hello, ch.voidPromise());
          }
        });
  }

  void startPlaying(double perSecond) {
    Channel ch = channel;
    long period = Math.round(1e9 / perSecond);
    long phase = new SplittableRandom(group * 1_000L + index).nextLong(period);
    ch.eventLoop()
        .execute(
            () ->
                playing =
                    ch.eventLoop()
                        .scheduleAtFixedRate(this::send, phase, period, TimeUnit.NANOSECONDS));
  }

  void stopPlaying() {
    Channel ch = channel;
    ch.eventLoop().execute(() -> playing.cancel(false));
  }

  private void send() {
    Channel ch = channel;
    if (!ch.isActive() || !ch.isWritable()) {
      failures.incrementAndGet();
      return;
    }
    ch.writeAndFlush(FloorFrames.timestamped(ch.alloc(), System.nanoTime(), payloadBytes))
        .addListener(f -> (f.isSuccess() ? sent : failures).incrementAndGet());
  }

  int group() {
    return group;
  }

  long sent() {
    return sent.get();
  }

  long received() {
    return received.get();
  }

  long failures() {
    return failures.get();
  }

  void close() {
    Channel ch = channel;
    if (ch != null) {
      ch.close();
    }
  }

  private final class Arrivals extends SimpleChannelInboundHandler<ByteBuf> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
      long now = System.nanoTime();
      received.incrementAndGet();
      latency.record(now - frame.getLong(frame.readerIndex()));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
