package org.attune.loadtest.member;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.attune.client.ClockSync;
import org.attune.loadtest.measure.RunCounters;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ClockPing;
import org.attune.protocol.v1.ClockPong;

/**
 * A simulated member's clock probing, as the client library does it: a quick burst, then a UDP ping
 * every interval and a TCP ping (carrying the last round trip, which the server uses to size the
 * look-ahead) every TCP interval; every answer goes to the client library's {@link ClockSync}.
 *
 * <p>Thread-safe: no. Owned by the member's event loop; {@link #start} and {@link #stop} hand
 * themselves to it.
 */
final class ClockProbe {

  static final int BURST_PINGS = 8;
  static final long BURST_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
  private static final int REMEMBERED = 32;

  private final ClockSync sync = new ClockSync();
  private final OffsetOnlyEstimate offsetOnly = new OffsetOnlyEstimate(ClockSync.DEFAULT_WINDOW);
  private final long intervalNanos;
  private final long tcpIntervalNanos;
  private final RunCounters counters;
  private final ArrayDeque<Long> outstanding = new ArrayDeque<>(REMEMBERED);
  private EventLoop loop;
  private Channel tcp;
  private PingSocket udp;
  private long sent;
  private long lastTcpNanos;
  private boolean stopped;
  private ScheduledFuture<?> timer;

  ClockProbe(long intervalNanos, long tcpIntervalNanos, RunCounters counters) {
    this.intervalNanos = intervalNanos;
    this.tcpIntervalNanos = tcpIntervalNanos;
    this.counters = counters;
  }

  ClockSync sync() {
    return sync;
  }

  OffsetOnlyEstimate offsetOnly() {
    return offsetOnly;
  }

  /** Starts probing over {@code tcp} and, if not null, {@code udp} (owned by the same loop). */
  void start(Channel tcp, PingSocket udp) {
    this.loop = tcp.eventLoop();
    this.tcp = tcp;
    this.udp = udp;
    loop.execute(
        () -> {
          lastTcpNanos = System.nanoTime();
          pingTcp();
          tick();
        });
  }

  void stop() {
    if (loop != null) {
      loop.execute(
          () -> {
            stopped = true;
            if (timer != null) {
              timer.cancel(false);
            }
            if (udp != null) {
              for (long t0 : outstanding) {
                udp.forget(t0, this);
              }
            }
            outstanding.clear();
          });
    }
  }

  private void tick() {
    if (stopped || !tcp.isActive()) {
      return;
    }
    long now = System.nanoTime();
    if (udp != null) {
      long t0 = now / 1_000;
      if (udp.send(t0, rtt(), this)) {
        remember(t0);
      }
    }
    if (udp == null || now - lastTcpNanos >= tcpIntervalNanos) {
      lastTcpNanos = now;
      pingTcp();
    }
    sent++;
    long delay =
        udp != null && sent < BURST_PINGS
            ? BURST_INTERVAL_NANOS
            : udp != null ? intervalNanos : tcpIntervalNanos;
    timer = loop.schedule(this::tick, delay, TimeUnit.NANOSECONDS);
  }

  private void pingTcp() {
    long t0 = sync.localMicros();
    if (outstanding.contains(t0)) {
      return;
    }
    remember(t0);
    tcp.writeAndFlush(
        ClientMessage.newBuilder()
            .setClockPing(ClockPing.newBuilder().setClientSendMicros(t0).setLastRttMicros(rtt()))
            .build(),
        tcp.voidPromise());
  }

  private int rtt() {
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, sync.lastRttMicros()));
  }

  private void remember(long t0) {
    if (outstanding.size() == REMEMBERED) {
      long old = outstanding.removeFirst();
      if (udp != null) {
        udp.forget(old, this);
      }
    }
    outstanding.addLast(t0);
  }

  /** A pong arrived (at local time {@code t3Micros}); counts once, if this probe sent its t0. */
  void onPong(ClockPong pong, long t3Micros, boolean viaUdp) {
    if (!outstanding.remove(pong.getClientSendMicros())) {
      return;
    }
    if (sync.addSample(
        pong.getClientSendMicros(),
        pong.getServerReceiveMicros(),
        pong.getServerSendMicros(),
        t3Micros)) {
      counters.clockSamples.increment();
      offsetOnly.add(
          pong.getClientSendMicros(),
          pong.getServerReceiveMicros(),
          pong.getServerSendMicros(),
          t3Micros);
    }
  }
}
