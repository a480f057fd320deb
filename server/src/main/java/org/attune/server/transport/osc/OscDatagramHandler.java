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
import org.attune.clock.ServerClock;
import org.attune.protocol.v1.ErrorCode;
import org.attune.server.time.ClockTimer;
import org.attune.server.transport.RateLimitedLog;
import org.slf4j.LoggerFactory;

/**
 * OSC over UDP: each datagram is one OSC packet; each sender address is an endpoint, known once it
 * has joined. Datagrams that are too large, not OSC, to unknown addresses or with bad arguments are
 * counted and answered with {@code /attune/error} (to senders that have not joined, within a small
 * budget per sender and in all, and never more than three times the datagram's size); they never
 * disturb a group. Endpoints silent for the idle timeout leave their group.
 *
 * <p>Source addresses can be forged, so an endpoint's address must prove itself before it is sent
 * more than three times what it sent ({@link AddressValidation}): by echoing the session token it
 * was told, as {@code /attune/session/TOKEN/...}. A proven endpoint gets its group's stream while
 * it is heard from within {@link OscUdpRules#streamFreshness}; one that missed anything (unproven,
 * silent, or the shared socket was full) catches up with a snapshot once it is proven, heard from
 * again, or the socket has drained. Facilitators may not join over UDP unless {@link OscUdpRules}
 * allows it.
 *
 * <p>Thread-safe: no; one instance per datagram channel, on its loop, which owns the endpoints.
 */
final class OscDatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {

  /** Endpoints (joined or joining) at most; more joins are refused. */
  static final int MAX_ENDPOINTS = 4096;

  /** Error replies and pongs to senders that have not joined, in all and to one address. */
  static final int UNJOINED_REPLIES_PER_SECOND = 20;

  static final int UNJOINED_REPLIES_PER_SENDER_PER_SECOND = 10;

  private static final String SESSION_PREFIX = OscRequests.PREFIX + "session/";

  /**
   * Unreadable datagrams, which anyone can send by the thousand: a few lines a minute, each saying
   * how many more there were ({@link OscStats#malformed} counts them all).
   */
  private static final RateLimitedLog unreadable =
      RateLimitedLog.of(LoggerFactory.getLogger(OscDatagramHandler.class));

  private final OscGateway gateway;
  private final ServerClock clock;
  private final OscCodec codec = new OscCodec();
  private final Duration idleTimeout;
  private final OscUdpRules rules;
  private final ReplyBudget budget;
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

  OscDatagramHandler(OscGateway gateway, Duration idleTimeout, OscUdpRules rules) {
    this.gateway = gateway;
    this.clock = gateway.clock();
    this.idleTimeout = idleTimeout;
    this.rules = rules;
    this.budget =
        new ReplyBudget(
            UNJOINED_REPLIES_PER_SECOND,
            UNJOINED_REPLIES_PER_SENDER_PER_SECOND,
            () -> clock.nowMicros() * 1_000);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    long period =
        Math.max(
            1,
            Math.min(
                Math.min(idleTimeout.toMillis(), rules.streamFreshness().toMillis()) / 4, 60_000));
    sweeper = new ClockTimer(ctx.executor(), clock).every(period * 1_000, this::expireIdle);
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
    long receivedMicros = clock.nowMicros();
    OscStats stats = gateway.stats();
    stats.packets.increment();
    InetSocketAddress sender = packet.sender();
    ByteBuf content = packet.content();
    int bytes = content.readableBytes();
    OscEndpoint known = endpoints.get(sender);
    if (known != null) {
      // Any datagram shows that the endpoint is there, and pays for replies while it is unproven.
      known.validation().heard(receivedMicros, bytes);
    }
    OscEndpoint endpoint = known != null ? known : newEndpoint(sender, receivedMicros, bytes);
    if (bytes > OscCodec.MAX_PACKET_BYTES) {
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
      unreadable.warn(
          "malformed",
          "an OSC datagram from " + sender + " could not be read: " + e.getMessage(),
          null);
      replyError(endpoint, ErrorCode.MALFORMED, "Could not read that datagram: " + e.getMessage());
      return;
    }
    if (known != null) {
      known.heard(receivedMicros);
    }
    for (OSCMessage message : messages) {
      if (message.getAddress().startsWith(SESSION_PREFIX)) {
        bySession(endpoint, message, receivedMicros, bytes);
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
        current.heard(receivedMicros);
        endpoints.put(sender, current);
        keys.put(current, sender);
      }
      gateway.handle(current, message, receivedMicros);
    }
    if (known != null) {
      catchUp(known);
    }
  }

  /**
   * {@code /attune/session/TOKEN/pad 3}: a message for the endpoint that joined and was told TOKEN,
   * from whatever port it comes; replies go where that endpoint's replies go. Knowing the token
   * proves that the endpoint hears its replies: its address is valid from now on.
   */
  private void bySession(OscEndpoint sender, OSCMessage message, long receivedMicros, int bytes) {
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
    endpoint.heard(receivedMicros);
    if (endpoint != sender) {
      endpoint.validation().heard(receivedMicros, bytes);
    }
    endpoint.validation().prove();
    gateway.handle(
        endpoint,
        new OSCMessage(OscRequests.PREFIX + rest.substring(slash + 1), message.getArguments()),
        receivedMicros);
    catchUp(endpoint);
  }

  /**
   * An endpoint that missed replies and may be streamed to again gets the whole state: a snapshot
   * from its group if the group skipped a state message to it, else its link's own state again.
   */
  private void catchUp(OscEndpoint endpoint) {
    OscEndpoint.Session s = endpoint.session();
    AddressValidation v = endpoint.validation();
    if (s == null
        || !v.missed()
        || !v.streaming(clock.nowMicros())
        || channel == null
        || !channel.isWritable()) {
      return;
    }
    v.missed(false);
    gateway.stats().catchUps.increment();
    OscMemberLink link = s.link();
    long restartsBefore = link.restarts();
    s.group()
        .executor()
        .execute(
            () -> {
              s.group().linkWritable(s.memberId());
              link.output().loop().execute(() -> link.resendState(restartsBefore));
            });
  }

  /** The shared socket has drained: every endpoint that missed replies meanwhile catches up. */
  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      for (OscEndpoint endpoint : new ArrayList<>(endpoints.values())) {
        catchUp(endpoint);
      }
    }
    ctx.fireChannelWritabilityChanged();
  }

  private OscEndpoint newEndpoint(InetSocketAddress sender, long receivedMicros, int bytes) {
    OscEndpoint[] self = new OscEndpoint[1];
    OscStats stats = gateway.stats();
    AddressValidation validation =
        new AddressValidation(rules.streamFreshness().toNanos() / 1_000, receivedMicros, bytes);
    OscDatagramOutput own =
        new OscDatagramOutput(channel, sender, () -> forget(self[0]), validation, clock, stats);
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
                        validation,
                        clock,
                        stats),
            () -> budget.allow(sender.getAddress()),
            lifecycle,
            rules.facilitators(),
            validation);
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

  /**
   * Lets members go that have been silent too long: a proven one after the idle timeout (30 minutes
   * by default), one that never proved its address after the stream's freshness window (40 s), so
   * that joins forged from other people's addresses, or a sender gone without a leave before it
   * proved itself, do not hold places in the group for half an hour.
   */
  private void expireIdle() {
    long now = clock.nowMicros();
    long idleMicros = idleTimeout.toNanos() / 1_000;
    long unprovenMicros = Math.min(idleMicros, rules.streamFreshness().toNanos() / 1_000);
    for (OscEndpoint endpoint : new ArrayList<>(endpoints.values())) {
      long limit = endpoint.validation().proven() ? idleMicros : unprovenMicros;
      if (endpoint.session() != null && now - endpoint.lastHeardMicros() > limit) {
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
