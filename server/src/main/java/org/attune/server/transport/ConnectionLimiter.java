package org.attune.server.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the server's open TCP connections, in all and from one address (an IPv6 address counts by
 * its /64, which one host is usually given whole): a connection accepted past a cap is closed at
 * once, before its pipeline reads a byte. One limiter is shared by every listening socket (member
 * TCP, OSC over TCP, HTTP) as their server channel's handler.
 *
 * <p>Thread-safe: yes; accepts run on the acceptor loop, closes on each connection's loop.
 */
@ChannelHandler.Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);

  private final int maxConnections;
  private final int maxPerAddress;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentMap<Object, Integer> perAddress = new ConcurrentHashMap<>();

  /** Connections closed at accept for passing a cap. */
  public final LongAdder refused = new LongAdder();

  public ConnectionLimiter(int maxConnections, int maxPerAddress) {
    this.maxConnections = maxConnections;
    this.maxPerAddress = maxPerAddress;
  }

  /** Counts an accepted connection, or closes it if it passes a cap. */
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object accepted) {
    Channel child = (Channel) accepted;
    Object key = keyOf(((InetSocketAddress) child.remoteAddress()).getAddress());
    int fromThere = perAddress.merge(key, 1, Integer::sum);
    if (open.incrementAndGet() > maxConnections | fromThere > maxPerAddress) {
      release(key);
      refused.increment();
      log.debug("refusing connection from {}: over the connection limit", child.remoteAddress());
      child.unsafe().closeForcibly();
      return;
    }
    child.closeFuture().addListener((ChannelFutureListener) f -> release(key));
    ctx.fireChannelRead(child);
  }

  private void release(Object key) {
    open.decrementAndGet();
    perAddress.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
  }

  /** Open connections now, for metrics and tests. */
  public int open() {
    return open.get();
  }

  /** The address itself for IPv4, its first 64 bits for IPv6. */
  static Object keyOf(InetAddress address) {
    if (address instanceof Inet6Address) {
      return new Prefix64(Arrays.copyOf(address.getAddress(), 8));
    }
    return address;
  }

  private record Prefix64(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Prefix64 p && Arrays.equals(bytes, p.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }
}
