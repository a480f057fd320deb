package org.attune.client;

import com.google.protobuf.ByteString;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ClockPing;
import org.attune.protocol.v1.ClockPong;

/**
 * Sends clock probes at a steady interval and feeds the answers to a {@link ClockSync}.
 *
 * <p>Probes go over UDP, where a lost or late datagram costs one sample rather than delaying
 * everything behind it as TCP's head-of-line blocking would. The first {@link #BURST_PINGS} go out
 * quickly so that a new client is in sync within a fraction of a second. Once the member has
 * joined, a probe also goes over TCP about once every {@link #TCP_PING_PERIOD_NANOS}: UDP datagrams
 * are anonymous, so only a TCP probe tells the server this member's round trip (which sizes the
 * group's look-ahead), and it keeps the connection from looking idle. If UDP stays unanswered for
 * {@link #UDP_MISSES_BEFORE_TCP} probes in a row (a firewall, a NAT without the port), every probe
 * goes over TCP as well until UDP answers again. Samples from both count; the lowest-round-trip
 * filter of {@link ClockSync} keeps the TCP ones that head-of-line blocking delayed out of the
 * estimate. A pong counts only if it echoes a t0 this client sent recently, and only once.
 *
 * <p>Thread: owned by the client's I/O event loop; {@link #start} and {@link #stop} may be called
 * from any thread, {@link #onPong} must be called on the event loop.
 */
final class ClockPinger {

  static final int BURST_PINGS = 8;
  static final long BURST_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
  static final int UDP_MISSES_BEFORE_TCP = 3;
  static final long TCP_PING_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** How many sent t0s are remembered; older pongs are ignored. */
  private static final int REMEMBERED = 32;

  private final ClockSync clock;
  private final long intervalNanos;
  private final long tcpEveryTicks;

  // Set once in start(), before the first probe; read on the event loop only afterwards.
  private EventLoop loop;
  private Channel tcp;
  private Channel udp;
  private InetSocketAddress udpServer;

  // Owned by the event loop.
  private final ArrayDeque<Long> outstanding = new ArrayDeque<>(REMEMBERED);
  private long sent;
  private int udpUnanswered;
  private boolean tcpAllowed;
  private boolean stopped;
  private ScheduledFuture<?> timer;

  /** The live stream's UDP token, carried by UDP probes while the stream goes over UDP. */
  private volatile ByteString streamToken = ByteString.EMPTY;

  ClockPinger(ClockSync clock, long intervalNanos) {
    this.clock = clock;
    this.intervalNanos = intervalNanos;
    this.tcpEveryTicks = Math.max(1, TCP_PING_PERIOD_NANOS / intervalNanos);
  }

  /**
   * Starts probing.
   *
   * @param udp the datagram channel, or null to probe over TCP only
   * @param udpServer where the server answers clock probes over UDP
   */
  void start(EventLoop loop, Channel tcp, Channel udp, InetSocketAddress udpServer) {
    this.loop = loop;
    this.tcp = tcp;
    this.udp = udp;
    this.udpServer = udpServer;
    loop.execute(this::tick);
  }

  /** Lets probes use TCP as well (after the member joined), starting with one now. */
  void allowTcp() {
    loop.execute(
        () -> {
          if (!tcpAllowed && !stopped) {
            tcpAllowed = true;
            pingTcp();
          }
        });
  }

  /**
   * Makes every UDP probe carry {@code token} (empty: none), which proves this socket's address to
   * the server for the live stream; the next probe goes at once.
   */
  void streamToken(ByteString token) {
    streamToken = token;
    if (loop != null && !token.isEmpty()) {
      loop.execute(
          () -> {
            if (!stopped && udp != null && udp.isActive()) {
              ClientMessage ping = ping(clock.localMicros(), token);
              udp.writeAndFlush(
                  new DatagramPacket(Unpooled.wrappedBuffer(ping.toByteArray()), udpServer));
            }
          });
    }
  }

  /** Whether probes can go over UDP (false if the socket could not be opened). */
  boolean hasUdp() {
    return udp != null;
  }

  void stop() {
    if (loop == null) {
      return;
    }
    loop.execute(
        () -> {
          stopped = true;
          if (timer != null) {
            timer.cancel(false);
          }
        });
  }

  private void tick() {
    if (stopped) {
      return;
    }
    ping();
    sent++;
    timer =
        loop.schedule(
            this::tick,
            sent < BURST_PINGS ? BURST_INTERVAL_NANOS : intervalNanos,
            TimeUnit.NANOSECONDS);
  }

  private void ping() {
    boolean viaTcp =
        tcpAllowed
            && (udp == null || udpUnanswered >= UDP_MISSES_BEFORE_TCP || sent % tcpEveryTicks == 0);
    if (udp != null && udp.isActive()) {
      ClientMessage ping = ping(clock.localMicros(), streamToken);
      udp.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(ping.toByteArray()), udpServer));
      udpUnanswered++;
    }
    if (viaTcp) {
      pingTcp();
    }
  }

  private void pingTcp() {
    if (tcp.isActive() && tcp.isWritable()) {
      tcp.writeAndFlush(ping(clock.localMicros(), ByteString.EMPTY));
    }
  }

  private ClientMessage ping(long t0, ByteString token) {
    if (outstanding.size() == REMEMBERED) {
      outstanding.removeFirst();
    }
    outstanding.addLast(t0);
    long lastRtt = Math.max(0, Math.min(Integer.MAX_VALUE, clock.lastRttMicros()));
    return ClientMessage.newBuilder()
        .setClockPing(
            ClockPing.newBuilder()
                .setClientSendMicros(t0)
                .setLastRttMicros((int) lastRtt)
                .setStreamToken(token))
        .build();
  }

  /** A pong read at local time {@code t3Micros}. Event loop only. */
  void onPong(ClockPong pong, long t3Micros, boolean viaUdp) {
    if (!outstanding.remove(pong.getClientSendMicros())) {
      return;
    }
    if (viaUdp) {
      udpUnanswered = 0;
    }
    clock.addSample(
        pong.getClientSendMicros(),
        pong.getServerReceiveMicros(),
        pong.getServerSendMicros(),
        t3Micros);
  }
}
