package org.attune.loadtest.impair;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.attune.loadtest.time.PreciseScheduler;
import org.attune.server.transport.SocketTransport;

/**
 * The emulated telehealth path between members and the server: a TCP relay and a UDP relay on
 * loopback ports, sharing one event loop and the same impairment, each with its own bounded delay
 * line (so that a flood of datagrams cannot hold up TCP).
 *
 * <p>Thread-safe: {@link #start} and {@link #close} from one thread; the rest from any.
 */
public final class ImpairmentRelay implements AutoCloseable {

  /** Chunks or datagrams that may wait in one delay line. */
  public static final int DELAY_LINE_CAPACITY = 200_000;

  private final SocketTransport transport = SocketTransport.best();
  private final EventLoopGroup loop = transport.newLoops(1);
  private final PreciseScheduler tcpDelay =
      new PreciseScheduler("impairment-tcp", 0, DELAY_LINE_CAPACITY);
  private final PreciseScheduler udpDelay =
      new PreciseScheduler("impairment-udp", 0, DELAY_LINE_CAPACITY);
  private final RelayStats stats = new RelayStats();
  private final LinkImpairment impairment;
  private final TcpImpairmentRelay tcp;
  private final UdpImpairmentRelay udp;
  private InetSocketAddress tcpAddress;
  private InetSocketAddress udpAddress;

  private ImpairmentRelay(InetSocketAddress server, LinkImpairment impairment) {
    this.impairment = impairment;
    this.tcp = new TcpImpairmentRelay(transport, loop, server, impairment, tcpDelay, stats);
    this.udp = new UdpImpairmentRelay(transport, loop, server, impairment, udpDelay, stats);
  }

  /** Starts relaying to {@code server}'s TCP port and the UDP port of the same number. */
  public static ImpairmentRelay start(InetSocketAddress server, LinkImpairment impairment)
      throws InterruptedException {
    ImpairmentRelay relay = new ImpairmentRelay(server, impairment);
    try {
      relay.tcpAddress = relay.tcp.bind(0);
      relay.udpAddress = relay.udp.bind(0);
    } catch (InterruptedException | RuntimeException e) {
      relay.close();
      throw e;
    }
    return relay;
  }

  public InetSocketAddress tcpAddress() {
    return tcpAddress;
  }

  public InetSocketAddress udpAddress() {
    return udpAddress;
  }

  public LinkImpairment impairment() {
    return impairment;
  }

  public RelayStats stats() {
    return stats;
  }

  @Override
  public void close() {
    tcp.close();
    udp.close();
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    tcpDelay.close();
    udpDelay.close();
  }
}
