package org.attune.server.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.attune.clock.ServerClock;
import org.attune.protocol.v1.ErrorCode;

/**
 * How many messages one connection may send, of any kind: a token bucket of {@value #BURST}
 * messages, refilled at {@value #PER_SECOND} a second on the injected server clock. A connection
 * past it is not read for a while ({@link ReadPause}: the kernel's buffers, then TCP's flow
 * control, hold its sender back) until the bucket is half full again, a second later; the frames
 * its last read still held are dropped before they are decoded, and counted.
 *
 * <p>Why: a member's gesture budget ({@code GestureBudget}, 60 a second) drops what passes it, but
 * only after each message has been read, decoded and handed to its group; one connection that sends
 * as fast as its socket takes (600,000 gestures a second in the load test's abuse phase) then costs
 * its group's event loop most of a core, and every group on that loop waits. Past this budget a
 * flood costs a read of at most one buffer a second. The budget is four times a member's gesture
 * budget and more than any client sends (10 gestures and one clock ping a second in the load test;
 * a facilitator's console, a fader swept at 60 a second), so it never holds back a member that
 * plays.
 *
 * <p>Placed between the frame decoder and the message decoder, it sees one whole frame (TCP) or
 * WebSocket frame per message. The sender is told ({@code RATE_LIMITED}) at most once a pause, and
 * only while its connection is writable.
 *
 * <p>Thread-safe: no; one per channel, on its loop (the pause's timer hops to the loop the channel
 * lives on by then, should it have moved to its group's). Times are the server clock's, compared by
 * subtraction.
 */
public final class InboundMessageBudget extends ChannelInboundHandlerAdapter {

  /** Its name in every pipeline that has one. */
  public static final String NAME = "messageBudget";

  /** Messages a connection may send at once after a quiet while. */
  public static final int BURST = 500;

  /** Messages a second a connection may keep sending. */
  public static final int PER_SECOND = 250;

  /** What the sender of a flood is told. */
  static final String TOLD =
      "This connection sent more than "
          + PER_SECOND
          + " messages a second (bursts of "
          + BURST
          + "): it is not read for a second, and what it sent past that was dropped.";

  /** One message, in the bucket's unit (a millionth of one), so that refills stay exact. */
  private static final long ONE = 1_000_000;

  private static final long FULL = BURST * ONE;

  /** Reading resumes once the bucket holds this much again. */
  private static final long RESUME_LEVEL = FULL / 2;

  private final ServerClock clock;
  private final LongAdder dropped;
  private final LongAdder pauses;
  private long level = FULL;
  private long lastRefillMicros;
  private boolean refilledOnce;
  private boolean paused;

  /**
   * @param dropped counts the messages dropped unread past the budget
   * @param pauses counts the times a connection stopped being read for passing it
   */
  public InboundMessageBudget(ServerClock clock, LongAdder dropped, LongAdder pauses) {
    this.clock = clock;
    this.dropped = dropped;
    this.pauses = pauses;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    long now = clock.nowMicros();
    if (!paused && tryTake(now)) {
      ctx.fireChannelRead(msg);
      return;
    }
    ReferenceCountUtil.release(msg);
    dropped.increment();
    if (!paused) {
      pause(ctx, now);
    }
  }

  private boolean tryTake(long nowMicros) {
    refill(nowMicros);
    if (level < ONE) {
      return false;
    }
    level -= ONE;
    return true;
  }

  private void refill(long nowMicros) {
    if (!refilledOnce) {
      refilledOnce = true;
      lastRefillMicros = nowMicros;
    }
    long elapsed = nowMicros - lastRefillMicros;
    if (elapsed > 0) {
      // A refill longer than filling takes fills the bucket anyway, and keeps the product small.
      level = Math.min(FULL, level + Math.min(elapsed, FULL / PER_SECOND) * PER_SECOND);
      lastRefillMicros = nowMicros;
    }
  }

  private void pause(ChannelHandlerContext ctx, long nowMicros) {
    paused = true;
    pauses.increment();
    Channel channel = ctx.channel();
    ReadPause.pause(channel, ReadPause.Reason.OVER_BUDGET);
    if (channel.isWritable()) {
      channel.writeAndFlush(
          ErrorReplies.error(ErrorCode.RATE_LIMITED, TOLD, 0), channel.voidPromise());
    }
    resumeLater(ctx, nowMicros);
  }

  private void resumeLater(ChannelHandlerContext ctx, long nowMicros) {
    long waitMicros = Math.max(1, (RESUME_LEVEL - level + PER_SECOND - 1) / PER_SECOND);
    ctx.executor().schedule(() -> resume(ctx), waitMicros, TimeUnit.MICROSECONDS);
  }

  private void resume(ChannelHandlerContext ctx) {
    Channel channel = ctx.channel();
    if (!channel.eventLoop().inEventLoop()) {
      // The channel moved to its group's loop while paused.
      channel.eventLoop().execute(() -> resume(ctx));
      return;
    }
    if (!paused || !channel.isOpen()) {
      return;
    }
    long now = clock.nowMicros();
    refill(now);
    if (level < RESUME_LEVEL) {
      // The loop's timer ran ahead of the server clock (or another clock in tests): wait on.
      resumeLater(ctx, now);
      return;
    }
    paused = false;
    ReadPause.resume(channel, ReadPause.Reason.OVER_BUDGET);
  }
}
