package org.attune.server.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import org.attune.clock.ServerClock;
import org.attune.protocol.v1.ServerMessage;
import org.attune.server.group.Broadcast;
import org.attune.server.group.MemberLink;

/**
 * A member reached over one connection (TCP or WebSocket): the pipeline's encoders turn what it
 * writes into the transport's frames.
 *
 * <p>A broadcast is written either as its shared varint-framed encoding ({@link Form#FRAMED}: TCP
 * sends it as it is, the WebSocket's binary form strips the prefix) or as the message itself
 * ({@link Form#MESSAGE}: for encodings the group does not share, the WebSocket's JSON).
 *
 * <p>Once the member has joined, its channel lives on its group's event loop, so the group's writes
 * happen on the channel's own thread: they are written at once and flushed together at the end of
 * the loop's iteration ({@link IterationFlush}). A write from any other thread is handed to the
 * channel's loop and flushed by itself, as Netty does.
 *
 * <p>Stale queues: a member is lagging (it gets no gestures, and a snapshot once it catches up) not
 * only while its channel is unwritable (a quarter megabyte queued) but also once its queue has not
 * been seen empty for {@link #STALE_AFTER_MICROS}: at a group's usual rates the quarter megabyte
 * would hold a minute of gestures, which a member that reads again would get, stale, before the
 * present. When the queue it had then has drained, {@link #whenCaughtUp}'s action runs (the group
 * sends the snapshot).
 *
 * <p>Thread-safe: yes; {@link #flushDue} and the staleness fields are only read and written on the
 * channel's loop (from another thread, {@link #isWritable} is the channel's writability).
 */
public final class ChannelMemberLink implements MemberLink {

  /** What a broadcast is written to the pipeline as. */
  public enum Form {
    /** The broadcast's varint-framed encoding, shared by all its members. */
    FRAMED,
    /** The {@code ServerMessage}, encoded by this connection's pipeline. */
    MESSAGE
  }

  /** How long a member's queue may go without being seen empty before it counts as lagging. */
  public static final long STALE_AFTER_MICROS = 2_000_000;

  private final Channel channel;
  private final String transport;
  private final Form form;
  private final ServerClock clock;
  private boolean flushDue;
  private long drainedAtMicros;
  private boolean stale;
  private Runnable caughtUp = () -> {};

  public ChannelMemberLink(Channel channel, String transport, Form form, ServerClock clock) {
    this.channel = channel;
    this.transport = transport;
    this.form = form;
    this.clock = clock;
    this.drainedAtMicros = clock.nowMicros();
  }

  /** Runs {@code action} on the channel's loop when a stale queue has drained. */
  public void whenCaughtUp(Runnable action) {
    this.caughtUp = action;
  }

  @Override
  public String transport() {
    return transport;
  }

  @Override
  public boolean isWritable() {
    if (!channel.isWritable()) {
      return false;
    }
    if (!channel.eventLoop().inEventLoop()) {
      return true;
    }
    ChannelOutboundBuffer queue = channel.unsafe().outboundBuffer();
    long now = clock.nowMicros();
    if (queue == null || queue.totalPendingWriteBytes() == 0) {
      drainedAtMicros = now;
      stale = false;
      return true;
    }
    if (stale) {
      return false;
    }
    if (now - drainedAtMicros > STALE_AFTER_MICROS) {
      stale = true;
      watchDrain();
      return false;
    }
    return true;
  }

  /**
   * Marks the end of what is queued now: an empty write whose completion means that everything
   * before it has gone to the socket.
   */
  private void watchDrain() {
    channel
        .write(Unpooled.EMPTY_BUFFER)
        .addListener(
            written -> {
              stale = false;
              drainedAtMicros = clock.nowMicros();
              if (written.isSuccess()) {
                caughtUp.run();
              }
            });
    if (!flushDue) {
      flushDue = true;
      IterationFlush.onThisLoop().add(this, channel.eventLoop());
    }
  }

  @Override
  public void send(ServerMessage message) {
    write(message);
  }

  @Override
  public void send(Broadcast broadcast) {
    write(form == Form.FRAMED ? broadcast.retainedFrame() : broadcast.message());
  }

  private void write(Object message) {
    EventLoop loop = channel.eventLoop();
    if (!loop.inEventLoop()) {
      channel.writeAndFlush(message, channel.voidPromise());
      return;
    }
    channel.write(message, channel.voidPromise());
    if (!flushDue) {
      flushDue = true;
      IterationFlush.onThisLoop().add(this, loop);
    }
  }

  /** Flushes what this iteration wrote. Called by {@link IterationFlush} on the channel's loop. */
  void flushNow() {
    flushDue = false;
    channel.flush();
  }

  @Override
  public boolean isOpen() {
    return channel.isActive();
  }

  @Override
  public void close() {
    channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }
}
