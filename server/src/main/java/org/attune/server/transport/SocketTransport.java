package org.attune.server.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.Locale;

/**
 * The server's socket transport: Netty's native epoll on Linux where its library loads, else NIO.
 * Chosen once when the server starts; every event loop and channel of one server uses the same one,
 * since a channel can only be registered with loops of its own transport (members' channels move
 * between loops when they join a group).
 *
 * <p>Epoll costs less per wake-up and per write than NIO's selector (no Java-side key sets), which
 * is most of a relay's work at small messages.
 *
 * <p>Immutable; thread-safe.
 */
public enum SocketTransport {
  EPOLL("epoll"),
  NIO("nio");

  /** System property that forces a transport: {@code epoll}, {@code nio} or {@code auto}. */
  public static final String PROPERTY = "attune.transport";

  private final String label;

  SocketTransport(String label) {
    this.label = label;
  }

  /**
   * The transport named by {@link #PROPERTY}, or the best available one if it is unset or {@code
   * auto}; epoll asked for where it is unavailable falls back to NIO.
   */
  public static SocketTransport chosen() {
    String wanted = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
    return switch (wanted) {
      case "nio" -> NIO;
      case "epoll", "auto" -> best();
      default ->
          throw new IllegalArgumentException(
              PROPERTY + " must be epoll, nio or auto, not '" + wanted + "'");
    };
  }

  /** Epoll if its native library loads here, else NIO, whatever {@link #PROPERTY} says. */
  public static SocketTransport best() {
    return Epoll.isAvailable() ? EPOLL : NIO;
  }

  /** Short name for logs and banners: {@code epoll} or {@code nio}. */
  public String label() {
    return label;
  }

  /** A group of {@code threads} event loops of this transport. */
  public EventLoopGroup newLoops(int threads) {
    IoHandlerFactory factory =
        this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, factory);
  }

  public Class<? extends ServerSocketChannel> serverSocketChannel() {
    return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  /** Outgoing connections (the server's own warm-up, the load test's members). */
  public Class<? extends SocketChannel> socketChannel() {
    return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  public Class<? extends DatagramChannel> datagramChannel() {
    return this == EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
  }
}
