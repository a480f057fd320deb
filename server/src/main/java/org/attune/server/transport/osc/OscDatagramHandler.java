package org.attune.server.transport.osc;

import com.illposed.osc.OSCMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.attune.protocol.v1.ErrorCode;

/**
 * OSC over UDP: each datagram is one OSC packet; each sender address is an endpoint, known once it
 * has joined. Datagrams that are too large, not OSC, to unknown addresses or with bad arguments are
 * counted and answered with {@code /attune/error} (to senders that have not joined, within a small
 * budget); they never disturb a group. Endpoints silent for the idle timeout leave their group.
 *
 * <p>Thread-safe: no; one instance per datagram channel, on its loop, which owns the endpoints.
 */
final class OscDatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {

  /** Endpoints (joined or joining) at most; more joins are refused. */
  static final int MAX_ENDPOINTS = 4096;

  private static final int UNJOINED_ERRORS_PER_SECOND = 20;
  private static final String SESSION_PREFIX = OscRequests.PREFIX + "session/";

  private final OscGateway gateway;
  private final OscCodec codec = new OscCodec();
  private final Duration idleTimeout;
  private final ErrorReplyBudget budget;
  private final Map<InetSocketAddress, OscEndpoint> endpoints = new HashMap<>();
  private final OscEndpoint.Lifecycle lifecycle =
      new OscEndpoint.Lifecycle() {
        @Override
        public void joined(OscEndpoint endpoint) {
          // In the address map since its join began; now reachable by its token too.
          OscEndpoint.Session s = endpoint.session();
          if (s != null && keys.containsKey(endpoint)) {
            byToken.put(s.token(), endpoint);
          }
        }

        @Override
        public void joinFailed(OscEndpoint endpoint) {
          forget(endpoint);
        }

        @Override
        public void ended(OscEndpoint endpoint) {
          forget(endpoint);
        }
      };
  private final Map<OscEndpoint, InetSocketAddress> keys = new HashMap<>();
  private final Map<String, OscEndpoint> byToken = new HashMap<>();
  private Channel channel;
  private ScheduledFuture<?> sweeper;

  OscDatagramHandler(OscGateway gateway, Duration idleTimeout) {
    this.gateway = gateway;
    this.idleTimeout = idleTimeout;
    this.budget = new ErrorReplyBudget(UNJOINED_ERRORS_PER_SECOND, System::nanoTime);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    long period = Math.max(1, Math.min(idleTimeout.toMillis() / 4, 60_000));
    sweeper =
        ctx.executor().scheduleAtFixedRate(this::expireIdle, period, period, TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (sweeper != null) {
      sweeper.cancel(false);
    }
    for (OscEndpoint endpoint : new ArrayList<>(endpoints.values())) {
      gateway.drop(endpoint);
    }
    endpoints.clear();
    keys.clear();
    byToken.clear();
    ctx.fireChannelInactive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    long receivedMicros = gateway.clock().nowMicros();
    OscStats stats = gateway.stats();
    stats.packets.increment();
    InetSocketAddress sender = packet.sender();
    ByteBuf content = packet.content();
    OscEndpoint known = endpoints.get(sender);
    OscEndpoint endpoint = known != null ? known : newEndpoint(sender);
    if (content.readableBytes() > OscCodec.MAX_PACKET_BYTES) {
      stats.oversized.increment();
      replyError(
          endpoint,
          ErrorCode.FRAME_TOO_LARGE,
          "OSC packets may be at most " + OscCodec.MAX_PACKET_BYTES + " bytes.");
      return;
    }
    List<OSCMessage> messages;
    try {
      messages = OscCodec.messages(codec.decode(content.nioBuffer()));
    } catch (OscFormatException e) {
      stats.malformed.increment();
      replyError(endpoint, ErrorCode.MALFORMED, "Could not read that datagram: " + e.getMessage());
      return;
    }
    if (known != null) {
      known.heard(System.nanoTime());
    }
    for (OSCMessage message : messages) {
      if (message.getAddress().startsWith(SESSION_PREFIX)) {
        bySession(endpoint, message, receivedMicros);
        continue;
      }
      OscEndpoint current = endpoints.getOrDefault(sender, endpoint);
      if (current.session() == null
          && !current.joining()
          && OscRequests.isJoin(message.getAddress())) {
        if (!endpoints.containsKey(sender) && endpoints.size() >= MAX_ENDPOINTS) {
          gateway.stats().refusedJoins.increment();
          gateway.joinFailed(
              current,
              ErrorCode.GROUP_FULL,
              "This server has no room for more OSC senders right now.",
              message.getAddress(),
              OscRequests.namedReplyPort(message));
          continue;
        }
        current.heard(System.nanoTime());
        endpoints.put(sender, current);
        keys.put(current, sender);
      }
      gateway.handle(current, message, receivedMicros);
    }
  }

  /**
   * {@code /attune/session/TOKEN/pad 3}: a message for the endpoint that joined and was told TOKEN,
   * from whatever port it comes; replies go where that endpoint's replies go.
   */
  private void bySession(OscEndpoint sender, OSCMessage message, long receivedMicros) {
    String rest = message.getAddress().substring(SESSION_PREFIX.length());
    int slash = rest.indexOf('/');
    OscEndpoint endpoint = slash > 0 ? byToken.get(rest.substring(0, slash)) : null;
    if (endpoint == null || endpoint.session() == null) {
      gateway.stats().notJoined.increment();
      replyError(
          sender,
          ErrorCode.UNKNOWN_SESSION,
          "That session token is unknown; join again with /attune/join.");
      return;
    }
    endpoint.heard(System.nanoTime());
    gateway.handle(
        endpoint,
        new OSCMessage(OscRequests.PREFIX + rest.substring(slash + 1), message.getArguments()),
        receivedMicros);
  }

  private OscEndpoint newEndpoint(InetSocketAddress sender) {
    OscEndpoint[] self = new OscEndpoint[1];
    LongAdder dropped = gateway.stats().repliesDroppedUnwritable;
    OscDatagramOutput own = new OscDatagramOutput(channel, sender, () -> forget(self[0]), dropped);
    self[0] =
        new OscEndpoint(
            sender.getAddress(),
            own,
            port ->
                port == sender.getPort()
                    ? own
                    : new OscDatagramOutput(
                        channel,
                        new InetSocketAddress(sender.getAddress(), port),
                        () -> forget(self[0]),
                        dropped),
            budget,
            lifecycle);
    return self[0];
  }

  private void forget(OscEndpoint endpoint) {
    InetSocketAddress key = keys.remove(endpoint);
    if (key != null) {
      endpoints.remove(key, endpoint);
    }
    byToken.values().remove(endpoint);
  }

  private void replyError(OscEndpoint endpoint, ErrorCode code, String sentence) {
    if (!endpoint.replyError(OscReplies.error(code, sentence, ""))) {
      gateway.stats().repliesSuppressed.increment();
    }
  }

  private void expireIdle() {
    long now = System.nanoTime();
    for (OscEndpoint endpoint : new ArrayList<>(endpoints.values())) {
      if (endpoint.session() != null && now - endpoint.lastHeardNanos() > idleTimeout.toNanos()) {
        gateway.stats().idleExpired.increment();
        gateway.drop(endpoint);
        forget(endpoint);
      }
    }
  }

  /** Number of endpoints joined or joining, for tests and metrics. */
  int endpointCount() {
    return endpoints.size();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A datagram channel is shared by every sender: never close it over one bad packet.
    gateway.stats().malformed.increment();
  }
}
