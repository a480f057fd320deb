package org.attune.loadtest.member;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.attune.client.ClockSync;
import org.attune.loadtest.time.ServerTime;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Join;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.ServerMessage;

/**
 * A simulated member over a protobuf stream, the TCP transport or (with {@link
 * StreamFraming#WEBSOCKET}) the WebSocket on the HTTP port: joins, probes the clock, sends pad
 * gestures stamped with the true server time of their send instant, measures each arriving
 * gesture's fan-out latency, and fires structure changes at its estimated time.
 *
 * <p>Lighter than the client library's {@code AttuneClient} (which has its own event loop and
 * timeline thread): all members share a few event loops and one firing thread, so that thousands
 * fit on two cores. The estimator is the client library's {@link ClockSync} all the same.
 *
 * <p>Thread-safe: the public methods from any thread; the state is owned by the channel's loop.
 */
public final class TcpMember implements SimulatedMember {

  private final MemberSpec spec;
  private final StreamFraming framing;
  private final MemberEnvironment env;
  private final ServerTime serverTime;
  private final ClockProbe probe;
  private final ChangeFiring firing;
  private final CompletableFuture<Void> joined = new CompletableFuture<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final ChannelFutureListener sendOutcome;
  private volatile Channel channel;
  private volatile boolean closing;

  private final GesturePacer pacer;

  // Owned by the channel's loop.
  private int degree;

  public TcpMember(MemberSpec spec, MemberEnvironment env) {
    this(spec, env, StreamFraming.TCP);
  }

  /** A member whose messages travel as {@code framing} says. */
  public TcpMember(MemberSpec spec, MemberEnvironment env, StreamFraming framing) {
    this.spec = spec;
    this.framing = framing;
    this.pacer = new GesturePacer(spec);
    this.env = env;
    this.serverTime = env.serverTime();
    this.probe =
        new ClockProbe(
            env.pingInterval().toNanos(), env.tcpPingInterval().toNanos(), env.counters());
    this.firing =
        new ChangeFiring(
            spec.group(), probe.sync(), env.firing(), serverTime, env.firings(), env.counters());
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
    InetSocketAddress address = framing.address(env);
    ChannelFuture connect =
        new Bootstrap()
            .group(env.loops())
            .channel(env.transport().socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    framing.addCodecs(ch.pipeline(), address);
                    ch.pipeline().addLast("member", new Handler());
                  }
                })
            .connect(address);
    connect.addListener(
        (ChannelFutureListener)
            f -> {
              if (!f.isSuccess()) {
                joined.completeExceptionally(f.cause());
                return;
              }
              channel = f.channel();
              if (framing.joinsOnConnect()) {
                sendJoin(channel);
              }
            });
    return joined;
  }

  private void sendJoin(Channel ch) {
    ch.writeAndFlush(
        ClientMessage.newBuilder()
            .setRequestId(1)
            .setJoin(
                Join.newBuilder()
                    .setGroupCode(spec.joinCode())
                    .setName(spec.name())
                    .setInstrument("load test")
                    .setRole(spec.role())
                    .setFacilitatorKey(spec.facilitatorKey()))
            .build(),
        ch.voidPromise());
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
    Channel ch = channel;
    if (!ch.isActive()) {
      return;
    }
    if (!ch.isWritable()) {
      env.counters().sendFailures.increment();
      return;
    }
    degree = degree % 7 + 1;
    Gesture gesture =
        Gesture.newBuilder()
            .setPad(Pad.newBuilder().setDegree(degree))
            .setVelocity(0.7f)
            .setPlayedAtServerMicros(serverTime.serverMicrosAt(System.nanoTime()))
            .build();
    ch.writeAndFlush(ClientMessage.newBuilder().setGesture(gesture).build())
        .addListener(sendOutcome);
  }

  @Override
  public void command(FacilitatorCommand command) {
    Channel ch = channel;
    if (ch != null) {
      ch.writeAndFlush(ClientMessage.newBuilder().setCommand(command).build(), ch.voidPromise());
    }
  }

  @Override
  public ClockSync clockSync() {
    return probe.sync();
  }

  @Override
  public double offsetWithoutDriftMicros() {
    return probe.offsetOnly().offsetMicros();
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
    closing = true;
    probe.stop();
    Channel ch = channel;
    if (ch != null) {
      ch.close();
    }
  }

  /** Reads the server's messages on the channel's loop. */
  private final class Handler extends SimpleChannelInboundHandler<ServerMessage> {

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ServerMessage message) {
      long arrivalNanos = System.nanoTime();
      switch (message.getBodyCase()) {
        case GESTURE -> onGesture(message.getGesture(), arrivalNanos);
        case CLOCK_PONG -> probe.onPong(message.getClockPong(), arrivalNanos / 1_000, false);
        case STRUCTURE_CHANGE -> {
          env.counters().changesReceived.increment();
          firing.plan(message.getStructureChange());
        }
        case WELCOME -> {
          // A WebSocket member pings over its socket alone, as a browser (no UDP) must.
          boolean udp = env.pingSockets() != null && framing == StreamFraming.TCP;
          probe.start(
              ctx.channel(), udp ? env.pingSockets().forLoop(ctx.channel().eventLoop()) : null);
          joined.complete(null);
        }
        case SNAPSHOT -> env.counters().lagSnapshots.increment();
        case ACCEPTED -> env.counters().commandsAccepted.increment();
        case ERROR -> {
          env.counters().serverErrors.increment();
          if (!joined.isDone()) {
            joined.completeExceptionally(
                new IllegalStateException(
                    spec.name()
                        + " was refused: "
                        + message.getError().getCode()
                        + " "
                        + message.getError().getMessage()));
          }
        }
        case ROSTER, BODY_NOT_SET -> {}
      }
    }

    private void onGesture(GestureEvent event, long arrivalNanos) {
      received.incrementAndGet();
      env.counters().gesturesReceived.increment();
      if (event.getGesture().getPlayedAtServerMicros() == event.getServerReceiveMicros()) {
        return; // unstamped (an OSC member's): the server's receive time, not a send instant
      }
      long sendNanos = serverTime.nanoTimeAt(event.getGesture().getPlayedAtServerMicros());
      env.fanOutLatency().record(arrivalNanos - sendNanos);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        sendJoin(ctx.channel());
      }
      ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (!closing) {
        env.counters().connectionsLost.increment();
      }
      if (!joined.isDone()) {
        joined.completeExceptionally(
            new IllegalStateException(spec.name() + ": connection closed"));
      }
      probe.stop();
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
