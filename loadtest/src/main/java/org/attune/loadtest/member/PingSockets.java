package org.attune.loadtest.member;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.attune.server.transport.SocketTransport;

/**
 * A pool of {@link PingSocket}s, a few on each event loop, so that a member pings through a socket
 * owned by its own loop.
 *
 * <p>Thread-safe: built on one thread; {@link #forLoop} from any.
 */
public final class PingSockets implements AutoCloseable {

  private final Map<EventExecutor, List<PingSocket>> byLoop = new HashMap<>();
  private final List<Channel> channels = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();

  private PingSockets() {}

  /**
   * Binds {@code perLoop} UDP sockets on 127.0.0.1 on each loop of {@code loops} (of {@code
   * transport}), all sending to {@code server}.
   */
  public static PingSockets open(
      SocketTransport transport, EventLoopGroup loops, int perLoop, InetSocketAddress server)
      throws InterruptedException {
    PingSockets sockets = new PingSockets();
    for (EventExecutor executor : loops) {
      List<PingSocket> list = new ArrayList<>();
      for (int i = 0; i < perLoop; i++) {
        PingSocket socket = new PingSocket(server);
        Channel channel =
            new Bootstrap()
                .group((EventLoop) executor)
                .channel(transport.datagramChannel())
                .handler(socket)
                .bind("127.0.0.1", 0)
                .sync()
                .channel();
        socket.bindTo(channel);
        sockets.channels.add(channel);
        list.add(socket);
      }
      sockets.byLoop.put(executor, list);
    }
    return sockets;
  }

  /** A socket owned by {@code loop}, one of the pool's loops. */
  PingSocket forLoop(EventLoop loop) {
    List<PingSocket> list = byLoop.get(loop);
    if (list == null) {
      throw new IllegalArgumentException("not one of the pool's event loops: " + loop);
    }
    return list.get(Math.floorMod(next.getAndIncrement(), list.size()));
  }

  @Override
  public void close() {
    for (Channel channel : channels) {
      channel.close().awaitUninterruptibly();
    }
  }
}
