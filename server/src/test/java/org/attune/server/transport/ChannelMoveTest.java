package org.attune.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A connection moved to another event loop over real sockets on 127.0.0.1: it keeps reading and
 * writing, bytes sent while it moves arrive, its idle detector runs on the new loop, and a
 * connection that closes before it moves fails the move instead of hanging.
 */
class ChannelMoveTest {

  /** Each server connection: the upper-case echo, with the thread each read ran on. */
  private static final class Echo extends ChannelInboundHandlerAdapter {
    final BlockingQueue<String> readOn = new ArrayBlockingQueue<>(1000);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      String text = in.toString(StandardCharsets.US_ASCII);
      in.release();
      readOn.add(Thread.currentThread().getName());
      ctx.writeAndFlush(Unpooled.copiedBuffer(text.toUpperCase(), StandardCharsets.US_ASCII));
    }
  }

  private static IdleStateHandler newIdleHandler() {
    return new IdleStateHandler(60, 0, 0, TimeUnit.SECONDS);
  }

  private record Served(Channel channel, Echo echo) {}

  private static void assumeAvailable(SocketTransport transport) {
    Assumptions.assumeTrue(
        transport != SocketTransport.EPOLL || Epoll.isAvailable(), "epoll is not available here");
  }

  /** Runs {@code test} with two loops, a server on the first, and each accepted connection. */
  private interface MoveTest {
    void run(EventLoop first, EventLoop second, BlockingQueue<Served> accepted, int port)
        throws Exception;
  }

  private static void withServer(SocketTransport transport, MoveTest test) throws Exception {
    EventLoopGroup firstGroup = transport.newLoops(1);
    EventLoopGroup secondGroup = transport.newLoops(1);
    BlockingQueue<Served> accepted = new ArrayBlockingQueue<>(10);
    try {
      EventLoop first = firstGroup.next();
      EventLoop second = secondGroup.next();
      Channel server =
          new ServerBootstrap()
              .group(firstGroup, firstGroup)
              .channel(transport.serverSocketChannel())
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      Echo echo = new Echo();
                      ch.pipeline().addLast(ChannelMove.IDLE, newIdleHandler()).addLast(echo);
                      accepted.add(new Served(ch, echo));
                    }
                  })
              .bind("127.0.0.1", 0)
              .sync()
              .channel();
      try {
        test.run(first, second, accepted, ((InetSocketAddress) server.localAddress()).getPort());
      } finally {
        server.close().sync();
      }
    } finally {
      firstGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
      secondGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  private static String readExactly(InputStream in, int length) throws Exception {
    byte[] bytes = in.readNBytes(length);
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  @ParameterizedTest
  @EnumSource(SocketTransport.class)
  void aMovedConnectionReadsAndWritesOnItsNewLoop(SocketTransport transport) throws Exception {
    assumeAvailable(transport);
    withServer(
        transport,
        (first, second, accepted, port) -> {
          try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            Served served = accepted.poll(5, TimeUnit.SECONDS);
            out.write("abc".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readExactly(in, 3)).isEqualTo("ABC");
            String firstThread = served.echo().readOn.take();

            CompletableFuture<String> moved = new CompletableFuture<>();
            first.execute(
                () ->
                    ChannelMove.toLoop(
                        served.channel(),
                        second,
                        ChannelMoveTest::newIdleHandler,
                        () -> moved.complete(Thread.currentThread().getName()),
                        moved::completeExceptionally));
            // Sent while the connection may be between loops: nothing of it is lost.
            out.write("def".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String movedOn = moved.get(5, TimeUnit.SECONDS);

            StringBuilder echoed = new StringBuilder();
            while (echoed.length() < 3) {
              echoed.append(readExactly(in, 1));
            }
            assertThat(echoed.toString()).isEqualTo("DEF");
            // What was read while it moved may have been read on either loop; from now on, the new.
            served.echo().readOn.clear();
            out.write("ghi".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readExactly(in, 3)).isEqualTo("GHI");

            assertThat(served.channel().eventLoop()).isSameAs(second);
            assertThat(movedOn).isNotEqualTo(firstThread);
            List<String> laterReads = new ArrayList<>();
            served.echo().readOn.drainTo(laterReads);
            assertThat(laterReads).isNotEmpty().allMatch(movedOn::equals);
            assertThat(served.channel().pipeline().context(ChannelMove.IDLE))
                .as("a new idle detector")
                .isNotNull()
                .satisfies(idle -> assertThat(idle.executor()).isSameAs(second));
          }
        });
  }

  @ParameterizedTest
  @EnumSource(SocketTransport.class)
  void aConnectionAlreadyOnTheLoopMovesAtOnce(SocketTransport transport) throws Exception {
    assumeAvailable(transport);
    withServer(
        transport,
        (first, second, accepted, port) -> {
          try (Socket socket = new Socket("127.0.0.1", port)) {
            assertThat(socket.isConnected()).isTrue();
            Served served = accepted.poll(5, TimeUnit.SECONDS);
            CompletableFuture<Boolean> moved = new CompletableFuture<>();
            first.execute(
                () ->
                    ChannelMove.toLoop(
                        served.channel(),
                        first,
                        ChannelMoveTest::newIdleHandler,
                        () -> moved.complete(first.inEventLoop()),
                        moved::completeExceptionally));
            assertThat(moved.get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(served.channel().pipeline().context(ChannelMove.IDLE).executor())
                .isSameAs(first);
          }
        });
  }

  @ParameterizedTest
  @EnumSource(SocketTransport.class)
  void aConnectionClosedBeforeItMovesFailsTheMove(SocketTransport transport) throws Exception {
    assumeAvailable(transport);
    withServer(
        transport,
        (first, second, accepted, port) -> {
          Socket socket = new Socket("127.0.0.1", port);
          Served served = accepted.poll(5, TimeUnit.SECONDS);
          socket.close();
          CompletableFuture<Boolean> outcome = new CompletableFuture<>();
          first.execute(
              () -> {
                served.channel().close();
                ChannelMove.toLoop(
                    served.channel(),
                    second,
                    ChannelMoveTest::newIdleHandler,
                    () -> outcome.complete(true),
                    cause -> outcome.complete(false));
              });
          assertThat(outcome.get(5, TimeUnit.SECONDS)).as("moved").isFalse();
          assertThat(served.channel().isOpen()).isFalse();
        });
  }
}
