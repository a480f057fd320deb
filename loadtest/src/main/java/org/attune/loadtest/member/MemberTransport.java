package org.attune.loadtest.member;

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

/**
 * The socket transport of the simulated members: Netty's native epoll where it is available,
 * else NIO. The load generator shares the machine's cores with the server it measures, and a
 * profile of it on NIO showed most of its time in the selector loop (Java-side select, key sets,
 * deregister queue) rather than in the members' work; epoll costs less per wake-up. The
 * impairment relay, part of the load generator, uses it too. The servers (Attune and the floor
 * relay) choose theirs with the server's {@code SocketTransport}, by the same rule.
 *
 * <p>Immutable; thread-safe.
 */
public enum MemberTransport {
  EPOLL,
  NIO;

  /** Epoll if its native library loads here, else NIO. */
  public static MemberTransport best() {
    return Epoll.isAvailable() ? EPOLL : NIO;
  }

  /** Event loops for members' channels of this transport. */
  public EventLoopGroup newLoops(int threads) {
    IoHandlerFactory factory = this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, factory);
  }

  public Class<? extends SocketChannel> socketChannel() {
    return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  public Class<? extends ServerSocketChannel> serverSocketChannel() {
    return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  public Class<? extends DatagramChannel> datagramChannel() {
    return this == EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
  }
}
