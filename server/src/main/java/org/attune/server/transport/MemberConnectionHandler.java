package org.attune.server.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.attune.clock.ServerClock;
import org.attune.protocol.v1.Accepted;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.ServerMessage;
import org.attune.server.group.Admission;
import org.attune.server.group.Group;
import org.attune.server.group.JoinRequest;
import org.attune.server.group.Member;
import org.attune.server.group.MemberLink;
import org.attune.server.group.Refusal;
import org.attune.server.time.ClockTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's member, whatever carries its messages (TCP, WebSocket): answers clock pings
 * itself and hands every other request to the member's group, on the group's event loop. The
 * transport's pipeline before it turns frames into {@code ClientMessage}s and {@code
 * ServerMessage}s into frames; the transport gives it its {@link MemberLink} and its idle detector.
 *
 * <p>A join or resume first moves the connection onto its group's loop ({@link ChannelMove}), so
 * that from then on the group's requests run right here, on the thread that read them, and the
 * group writes to its members on their own thread. Should a connection still be on another loop
 * (its move failed), requests are handed over as tasks, as before.
 *
 * <p>Bad input is answered with an {@code Error} and changes nothing; only an oversized frame,
 * after which the stream cannot be followed, closes the connection.
 *
 * <p>Thread-safe: the handler runs on the channel's loop, which is the group's once it has joined;
 * {@link #session} is written on the group's loop before the member's {@code Welcome} is sent, and
 * is volatile.
 */
public final class MemberConnectionHandler extends SimpleChannelInboundHandler<ClientMessage> {

  private static final Logger log = LoggerFactory.getLogger(MemberConnectionHandler.class);

  /** A request or connection that fails may do so again and again: its lines are rate-limited. */
  private static final RateLimitedLog failures = RateLimitedLog.of(log);

  /** What a member is told about a message that does not parse. */
  static final String MALFORMED_MESSAGE =
      "Could not read that message: it is not an attune.v1 ClientMessage (see attune.proto),"
          + " so nothing was done; the connection stays open.";

  /**
   * Requests a client sends after its Join (or Resume) while that is carried out, kept to be
   * handled, in order, once it is; more are refused as not joined.
   */
  static final int MAX_PIPELINED = 64;

  /** A join still being carried out at the join timeout is looked at again this much later. */
  private static final long JOINING_RECHECK_MILLIS = 500;

  private final Admission admission;
  private final ServerClock clock;
  private final ConnectionStats stats;
  private final Function<Channel, MemberLink> links;
  private final Supplier<? extends ChannelHandler> idleHandlers;
  private final Duration joinTimeout;
  private MemberLink link;
  private volatile Session session;
  private boolean joining;

  /**
   * What arrived while joining. Filled on the connection's old loop until it moves, drained on its
   * group's loop after the move: the move's hand-over orders the two.
   */
  private final ArrayDeque<ClientMessage> pipelined = new ArrayDeque<>();

  private record Session(Group group, String memberId) {}

  /**
   * @param links the member link of this handler's channel, made when the handler is added
   * @param idleHandlers a new idle detector for the channel when it moves to its group's loop (see
   *     {@link ChannelMove})
   * @param joinTimeout how long the connection may go without joining (clock pings or not) before
   *     it is closed
   */
  public MemberConnectionHandler(
      Admission admission,
      ServerClock clock,
      ConnectionStats stats,
      Function<Channel, MemberLink> links,
      Supplier<? extends ChannelHandler> idleHandlers,
      Duration joinTimeout) {
    this.admission = admission;
    this.clock = clock;
    this.stats = stats;
    this.links = links;
    this.idleHandlers = idleHandlers;
    this.joinTimeout = joinTimeout;
  }

  /**
   * Counts the connection and makes its link; a WebSocket's handler is added once its handshake is
   * done, long after the channel became active.
   */
  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    link = links.apply(ctx.channel());
    if (link instanceof ChannelMemberLink channelLink) {
      channelLink.whenCaughtUp(
          () -> {
            Session s = session;
            if (s != null) {
              onGroupLoop(s.group, () -> s.group.linkWritable(s.memberId));
            }
          });
    }
    stats.connections.increment();
    new ClockTimer(ctx.executor(), clock)
        .after(TimeUnit.NANOSECONDS.toMicros(joinTimeout.toNanos()), () -> closeIfNotJoined(ctx));
  }

  /**
   * Closes a connection that has not joined in time, so that idle or pinging connections do not
   * hold the server's descriptors and buffers; one whose join is being carried out is looked at
   * again shortly.
   */
  private void closeIfNotJoined(ChannelHandlerContext ctx) {
    if (session != null || !ctx.channel().isActive()) {
      return;
    }
    if (joining) {
      new ClockTimer(ctx.channel().eventLoop(), clock)
          .after(
              TimeUnit.MILLISECONDS.toMicros(JOINING_RECHECK_MILLIS), () -> closeIfNotJoined(ctx));
      return;
    }
    stats.joinTimeouts.increment();
    tellAndClose(
        ctx,
        ErrorReplies.error(
            ErrorCode.NOT_JOINED,
            "No join within "
                + joinTimeout.toSeconds()
                + " seconds of connecting; closing the connection.",
            0));
  }

  /**
   * Writes {@code error} as far as the peer takes it now, and closes: a peer that does not read
   * would otherwise hold the connection open for as long as the error waits behind what it left
   * unread (closing once the write was done never happened).
   */
  private static void tellAndClose(ChannelHandlerContext ctx, ServerMessage error) {
    ctx.channel().writeAndFlush(error, ctx.channel().voidPromise());
    ctx.channel().close();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ClientMessage message) {
    if (joining
        && message.getBodyCase() != ClientMessage.BodyCase.CLOCK_PING
        && pipelined.size() < MAX_PIPELINED) {
      pipelined.add(message);
      return;
    }
    handle(ctx, message);
  }

  private void handle(ChannelHandlerContext ctx, ClientMessage message) {
    long receivedMicros = clock.nowMicros();
    long requestId = message.getRequestId();
    switch (message.getBodyCase()) {
      case CLOCK_PING -> {
        stats.clockPings.increment();
        // A pong to a peer that is not reading would only queue: the pings a read batch holds
        // (up to a megabyte) are not answered once the connection is unwritable.
        if (ctx.channel().isWritable()) {
          ctx.writeAndFlush(
              ClockPongs.pong(message.getClockPing(), receivedMicros, clock), ctx.voidPromise());
        } else {
          stats.unreadPongs.increment();
        }
        Session s = session;
        long rtt = message.getClockPing().getLastRttMicros();
        if (s != null && rtt > 0) {
          onGroupLoop(s.group, () -> s.group.reportRtt(s.memberId, rtt));
        }
      }
      case JOIN -> join(ctx, message);
      case RESUME -> resume(ctx, message);
      // The group never refuses a leave; only its not-joined check can. Accepted answers it,
      // then the connection closes.
      case LEAVE ->
          withSession(
              ctx,
              requestId,
              stats.refusedJoins,
              s ->
                  admission.leave(
                      s.group,
                      s.memberId,
                      link,
                      () ->
                          link.send(
                              ServerMessage.newBuilder()
                                  .setAccepted(Accepted.newBuilder().setRequestId(requestId))
                                  .build())));
      case GESTURE ->
          withSession(
              ctx,
              requestId,
              stats.refusedGestures,
              s -> s.group.gesture(s.memberId, message.getGesture(), receivedMicros));
      case COMMAND ->
          withSession(
              ctx,
              requestId,
              stats.refusedCommands,
              s -> s.group.command(s.memberId, requestId, message.getCommand(), receivedMicros));
      case MIXER ->
          withSession(
              ctx,
              requestId,
              stats.refusedCommands,
              s -> s.group.mixer(s.memberId, requestId, message.getMixer()));
      case END_SESSION ->
          withSession(
              ctx, requestId, stats.refusedCommands, s -> s.group.end(s.memberId, requestId));
      case RECORD ->
          withSession(
              ctx,
              requestId,
              stats.refusedCommands,
              s -> s.group.record(s.memberId, requestId, message.getRecord()));
      case REMOVE_MEMBER ->
          withSession(
              ctx,
              requestId,
              stats.refusedCommands,
              s ->
                  s.group.remove(
                      s.memberId, requestId, message.getRemoveMember().getParticipantId()));
      case WATCH_MIX ->
          withSession(
              ctx,
              requestId,
              stats.refusedCommands,
              s -> s.group.watchMix(s.memberId, message.getWatchMix().getOn()));
      case STREAM_REQUEST ->
          withSession(
              ctx,
              requestId,
              stats.refusedCommands,
              s -> s.group.stream(s.memberId, requestId, message.getStreamRequest()));
      case BODY_NOT_SET ->
          refuse(
              ctx,
              stats.unsupportedMessages,
              ErrorCode.INVALID_ARGUMENT,
              "The message is empty or of a kind this server does not know.",
              requestId);
    }
  }

  private void join(ChannelHandlerContext ctx, ClientMessage message) {
    long requestId = message.getRequestId();
    if (refusedAsJoined(ctx, requestId)) {
      return;
    }
    InetAddress address = remoteAddress(ctx);
    Group group;
    JoinRequest request;
    try {
      request = JoinRequest.of(message.getJoin());
      group = admission.groupToJoin(address, message.getJoin().getGroupCode(), request);
    } catch (Refusal r) {
      refuseJoin(ctx, r, requestId);
      return;
    }
    admit(
        ctx, group, requestId, admitted -> admission.join(group, address, request, link, admitted));
  }

  private void resume(ChannelHandlerContext ctx, ClientMessage message) {
    long requestId = message.getRequestId();
    if (refusedAsJoined(ctx, requestId)) {
      return;
    }
    String token = message.getResume().getSessionToken();
    Group group;
    try {
      group = admission.groupToResume(remoteAddress(ctx), token);
    } catch (Refusal r) {
      refuseJoin(ctx, r, requestId);
      return;
    }
    admit(ctx, group, requestId, admitted -> group.resume(token, link, admitted));
  }

  private boolean refusedAsJoined(ChannelHandlerContext ctx, long requestId) {
    if (session == null && !joining) {
      return false;
    }
    refuse(
        ctx,
        stats.refusedJoins,
        ErrorCode.ALREADY_JOINED,
        "This connection has already joined a group.",
        requestId);
    return true;
  }

  private void refuseJoin(ChannelHandlerContext ctx, Refusal r, long requestId) {
    refuse(
        ctx,
        r.code() == ErrorCode.RATE_LIMITED ? stats.rateLimitedJoins : stats.refusedJoins,
        r,
        requestId);
  }

  private interface Admitting {
    void admit(Consumer<Member> admitted) throws Refusal;
  }

  /**
   * Moves the connection onto the group's loop and runs a join or resume there; the session is set
   * before Welcome goes out. A connection that cannot move (it closed meanwhile) joins nothing; one
   * that closes while the group admits it is lost at once by the group ({@link MemberLink#isOpen}).
   */
  private void admit(ChannelHandlerContext ctx, Group group, long requestId, Admitting admitting) {
    joining = true;
    ChannelMove.toLoop(
        ctx.channel(),
        group.executor(),
        idleHandlers,
        () -> {
          try {
            admitting.admit(member -> session = new Session(group, member.id()));
          } catch (Refusal r) {
            refuseJoin(ctx, r, requestId);
          } finally {
            joining = false;
          }
          // What the client sent behind its join, now that the join is done (or refused).
          while (!pipelined.isEmpty() && !joining) {
            handle(ctx, pipelined.poll());
          }
        },
        cause -> {
          log.debug(
              "connection {} could not move to its group's loop: {}",
              ctx.channel().remoteAddress(),
              cause.toString());
          joining = false;
          pipelined.clear();
        });
  }

  /** Runs {@code task} on the group's loop: here and now if this connection lives there. */
  private static void onGroupLoop(Group group, Runnable task) {
    if (group.executor().inEventLoop()) {
      task.run();
    } else {
      group.executor().execute(task);
    }
  }

  private interface SessionAction {
    void run(Session session) throws Refusal;
  }

  /**
   * Runs {@code action} on the member's group, or tells the client to join first; a refusal is
   * counted in {@code refused}.
   */
  private void withSession(
      ChannelHandlerContext ctx, long requestId, LongAdder refused, SessionAction action) {
    Session s = session;
    if (s == null) {
      refuse(ctx, stats.notJoined, ErrorCode.NOT_JOINED, "Join a group first.", requestId);
      return;
    }
    onGroupLoop(
        s.group,
        () -> {
          try {
            action.run(s);
          } catch (Refusal r) {
            refuse(ctx, refused, r, requestId);
          } catch (RuntimeException e) {
            failures.error(
                "member-request", "request " + requestId + " of " + s.memberId + " failed", e);
            refuse(
                ctx,
                refused,
                ErrorCode.INVALID_ARGUMENT,
                "The server could not carry that out; nothing was changed.",
                requestId);
          }
        });
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Session s = session;
    if (s != null) {
      onGroupLoop(s.group, () -> s.group.linkLost(s.memberId, link));
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Session s = session;
    if (s != null && ctx.channel().isWritable()) {
      onGroupLoop(s.group, () -> s.group.linkWritable(s.memberId));
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      log.debug("closing idle connection {}", ctx.channel().remoteAddress());
      ctx.close();
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      stats.oversizedFrames.increment();
      tellAndClose(
          ctx,
          ErrorReplies.error(
              ErrorCode.FRAME_TOO_LARGE, cause.getMessage() + "; closing the connection.", 0));
    } else if (cause.getCause() instanceof InvalidProtocolBufferException) {
      // A well-framed message that does not parse: the stream is still in step, stay open.
      // Protobuf's own text ("invalid tag (zero)") means nothing to a person: it goes to the log.
      stats.malformedFrames.increment();
      log.debug(
          "connection {}: a message that does not parse: {}",
          ctx.channel().remoteAddress(),
          cause.getCause().getMessage());
      ctx.writeAndFlush(
          ErrorReplies.error(ErrorCode.MALFORMED, MALFORMED_MESSAGE, 0), ctx.voidPromise());
    } else if (cause instanceof DecoderException) {
      // A broken length prefix: nothing after it can be followed, so this connection ends.
      stats.malformedFrames.increment();
      tellAndClose(
          ctx,
          ErrorReplies.error(
              ErrorCode.MALFORMED,
              "Could not read the frame length ("
                  + cause.getMessage()
                  + "); closing the connection.",
              0));
    } else if (cause instanceof IOException) {
      log.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
    } else {
      failures.warn(
          "connection-error",
          "unexpected error on connection " + ctx.channel().remoteAddress(),
          cause);
      ctx.close();
    }
  }

  private static void refuse(
      ChannelHandlerContext ctx, LongAdder reason, Refusal refusal, long requestId) {
    refuse(ctx, reason, refusal.code(), refusal.getMessage(), requestId);
  }

  /** Tells the client why its request was refused, counting the refusal in {@code reason}. */
  private static void refuse(
      ChannelHandlerContext ctx, LongAdder reason, ErrorCode code, String message, long requestId) {
    reason.increment();
    ctx.channel()
        .writeAndFlush(ErrorReplies.error(code, message, requestId), ctx.channel().voidPromise());
  }

  private static InetAddress remoteAddress(ChannelHandlerContext ctx) {
    return ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
  }
}
