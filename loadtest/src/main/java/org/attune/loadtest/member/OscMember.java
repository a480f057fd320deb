package org.attune.loadtest.member;

import com.illposed.osc.OSCBundle;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCPacket;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.attune.client.ClockSync;
import org.attune.loadtest.time.ServerTime;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.server.transport.osc.OscCodec;
import org.attune.server.transport.osc.OscFormatException;

/**
 * A simulated tablet on the OSC gateway (UDP): joins with {@code /attune/join}, plays {@code
 * /attune/pad} at the run's rate, counts the other members' {@code /attune/played}, and "fires" a
 * structure change when the beat it was announced for arrives: an OSC member keeps no clock of its
 * own, it acts on what the server sends at the moment a change takes effect (the new state, then
 * {@code /attune/beat}), so its firing instant is that arrival. Its gestures carry no send stamp,
 * so fan-out latency is measured between TCP members only, and it has no clock-sync estimate
 * ({@link #clockSync()} is null).
 *
 * <p>Thread-safe: the public methods from any thread; the state is owned by the channel's loop.
 */
public final class OscMember implements SimulatedMember {

  /** Seconds from 1900 (NTP's epoch, OSC's time tags) to 1970. */
  private static final long NTP_TO_UNIX_SECONDS = 2_208_988_800L;

  private final MemberSpec spec;
  private final MemberEnvironment env;
  private final ServerTime serverTime;
  private final CompletableFuture<Void> joined = new CompletableFuture<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final ChannelFutureListener sendOutcome;
  private volatile Channel channel;

  private final GesturePacer pacer;

  // Owned by the channel's loop.
  private int degree;

  /** Between {@code /attune/joined} and the pong of the token's echo; the channel's loop only. */
  private boolean proving;

  private final List<Announced> announced = new ArrayList<>();

  /** A change announced for a bar and beat, not yet fired. */
  private record Announced(long sequence, long effectiveMicros, int bar, int beat) {}

  public OscMember(MemberSpec spec, MemberEnvironment env) {
    if (env.oscAddress() == null) {
      throw new IllegalStateException("the server under test has no OSC gateway");
    }
    this.spec = spec;
    this.pacer = new GesturePacer(spec);
    this.env = env;
    this.serverTime = env.serverTime();
    this.sendOutcome =
        future -> {
          if (future.isSuccess()) {
            sent.incrementAndGet();
            env.counters().gesturesSent.increment();
          } else {
            env.counters().sendFailures.increment();
          }
        };
  }

  @Override
  public MemberSpec spec() {
    return spec;
  }

  @Override
  public CompletableFuture<Void> join() {
    new Bootstrap()
        .group(env.loops())
        .channel(env.transport().datagramChannel())
        .handler(new Handler())
        .bind("127.0.0.1", 0)
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (!f.isSuccess()) {
                    joined.completeExceptionally(f.cause());
                    return;
                  }
                  channel = f.channel();
                  send(new OSCMessage(
                          "/attune/join", List.of(spec.joinCode(), spec.name(), "load test")))
                      .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
                });
    return joined;
  }

  private io.netty.channel.ChannelFuture send(OSCPacket packet) {
    byte[] bytes = OscCodec.forThisThread().encode(packet);
    return channel.writeAndFlush(
        new DatagramPacket(Unpooled.wrappedBuffer(bytes), env.oscAddress()));
  }

  @Override
  public void startPlaying(double perSecond) {
    pacer.start(channel, perSecond, this::sendGesture);
  }

  @Override
  public void stopPlaying() {
    pacer.stop(channel);
  }

  private void sendGesture() {
    degree = degree % 7 + 1;
    send(new OSCMessage("/attune/pad", List.of(degree, 0.7f))).addListener(sendOutcome);
  }

  /**
   * Sends {@code /attune/session/TOKEN/ping} now and every 10 s while the channel is open: the
   * gateway streams only to endpoints it has heard from within its freshness window.
   */
  private void keepAlive(String token) {
    Channel ch = channel;
    if (ch == null || !ch.isActive()) {
      return;
    }
    send(new OSCMessage("/attune/session/" + token + "/ping", List.of()));
    ch.eventLoop().schedule(() -> keepAlive(token), 10, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** OSC members join as participants; a run's facilitators are TCP members. */
  @Override
  public void command(FacilitatorCommand command) {
    throw new UnsupportedOperationException("OSC members of a load test do not facilitate");
  }

  @Override
  public ClockSync clockSync() {
    return null;
  }

  @Override
  public double offsetWithoutDriftMicros() {
    return Double.NaN;
  }

  @Override
  public long gesturesSent() {
    return sent.get();
  }

  @Override
  public long gesturesReceived() {
    return received.get();
  }

  @Override
  public boolean isConnected() {
    Channel ch = channel;
    return ch != null && ch.isActive();
  }

  @Override
  public void close() {
    Channel ch = channel;
    if (ch != null) {
      send(new OSCMessage("/attune/leave", List.of())).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** Reads the gateway's datagrams on the channel's loop. */
  private final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      long arrivalNanos = System.nanoTime();
      OSCPacket decoded;
      try {
        decoded = OscCodec.forThisThread().decode(packet.content().nioBuffer());
      } catch (OscFormatException e) {
        env.counters().serverErrors.increment();
        return;
      }
      if (decoded instanceof OSCBundle bundle) {
        for (OSCPacket inner : bundle.getPackets()) {
          if (inner instanceof OSCMessage m) {
            onAnnouncement(m, bundle, arrivalNanos);
          }
        }
      } else {
        onMessage((OSCMessage) decoded, arrivalNanos);
      }
    }

    /** A change announced in a bundle time-tagged with the moment it takes effect. */
    private void onAnnouncement(OSCMessage m, OSCBundle bundle, long arrivalNanos) {
      List<Object> args = m.getArguments();
      if (m.getAddress().equals("/attune/change")) {
        env.counters().changesReceived.increment();
        long ntp = bundle.getTimestamp().getNtpTime();
        Instant when =
            Instant.ofEpochSecond(
                (ntp >>> 32) - NTP_TO_UNIX_SECONDS, ((ntp & 0xFFFF_FFFFL) * 1_000_000_000L) >>> 32);
        long untilNanos = java.time.Duration.between(Instant.now(), when).toNanos();
        announced.add(
            new Announced(
                ((Number) args.get(0)).longValue(),
                serverTime.serverMicrosAt(arrivalNanos + untilNanos),
                ((Number) args.get(1)).intValue(),
                ((Number) args.get(2)).intValue()));
      }
    }

    private void onMessage(OSCMessage m, long arrivalNanos) {
      switch (m.getAddress()) {
        case "/attune/played" -> {
          received.incrementAndGet();
          env.counters().gesturesReceived.increment();
        }
        case "/attune/beat" -> {
          int bar = ((Number) m.getArguments().get(0)).intValue();
          int beat = ((Number) m.getArguments().get(1)).intValue();
          long firedAt = serverTime.serverNanosAt(arrivalNanos);
          announced.removeIf(
              a -> {
                boolean due = a.bar() == bar && a.beat() == beat;
                if (due) {
                  env.firings().fired(spec.group(), a.sequence(), a.effectiveMicros(), firedAt);
                }
                return due;
              });
        }
        case "/attune/joined" -> {
          // Echo the token, as a tablet's patch does: it proves this address, so the group's
          // stream comes; joined once the proof's pong is back (nothing sent after it is lost).
          String token = (String) m.getArguments().get(3);
          proving = true;
          keepAlive(token);
        }
        case "/attune/pong" -> {
          if (proving) {
            proving = false;
            joined.complete(null);
          }
        }
        case "/attune/error" -> {
          env.counters().serverErrors.increment();
          if (!joined.isDone()) {
            joined.completeExceptionally(
                new IllegalStateException(spec.name() + " was refused: " + m.getArguments()));
          }
        }
        default -> {
          // beats, tempo, key, chord, roster: what a tablet shows; nothing to measure
        }
      }
    }
  }
}
