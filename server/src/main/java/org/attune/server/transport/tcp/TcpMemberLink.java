package org.attune.server.transport.tcp;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import org.attune.protocol.v1.ServerMessage;
import org.attune.server.group.Broadcast;
import org.attune.server.group.MemberLink;

/**
 * A member reached over one TCP connection.
 *
 * <p>Once the member has joined, its channel lives on its group's event loop, so the group's
 * writes happen on the channel's own thread: they are written at once and flushed together at
 * the end of the loop's iteration ({@link IterationFlush}). A write from any other thread is
 * handed to the channel's loop and flushed by itself, as Netty does.
 *
 * <p>Thread-safe: yes; {@link #flushDue} is only read and written on the channel's loop.
 */
final class TcpMemberLink implements MemberLink {

  private final Channel channel;
  private boolean flushDue;

  TcpMemberLink(Channel channel) {
    this.channel = channel;
  }

  @Override
  public String transport() {
    return TcpStats.TRANSPORT;
  }

  @Override
  public boolean isWritable() {
    return channel.isWritable();
  }

  @Override
  public void send(ServerMessage message) {
    write(message);
  }

  @Override
  public void send(Broadcast broadcast) {
    write(broadcast.retainedFrame());
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
  public void close() {
    channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }
}
